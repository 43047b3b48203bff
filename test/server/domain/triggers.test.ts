import { describe, expect, it } from 'vitest';
import { evaluateLeaf, evaluateTriggers } from '../../../server/domain/triggers.ts';
import { LeafTrigger, TriggerGroup } from '../../../shared/campaign.ts';
import { pageViewCounterName } from '../../../shared/events.ts';
import { counter, daysAgo, daysAhead, makeState, NOW, type StateInput } from './fixtures.ts';

function leaf(input: Record<string, unknown>, state: StateInput = {}, pagePath?: string) {
  return evaluateLeaf(LeafTrigger.parse(input), makeState(state), { now: NOW, pagePath });
}

describe('triggers › leaves', () => {
  it('metric_quota fires at the given share of the quota', () => {
    const usage = { seats: { value: 85, limit: 100 } };
    expect(leaf({ type: 'metric_quota', metric: 'seats', atLeastPercent: 85 }, { usage }).fired).toBe(true);
    expect(leaf({ type: 'metric_quota', metric: 'seats', atLeastPercent: 86 }, { usage }).fired).toBe(false);
    const unlimited = leaf(
      { type: 'metric_quota', metric: 'seats', atLeastPercent: 1 },
      { usage: { seats: { value: 5, limit: null } } },
    );
    expect(unlimited.fired).toBe(false);
    expect(unlimited.reason.message).toContain('no quota');
  });

  it('event_count counts the account within the window, today included', () => {
    const counters = [
      counter('report.exported', 0, 1),
      counter('report.exported', 6, 2),
      counter('report.exported', 7, 5),
    ];
    const t = { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 7 };
    expect(leaf(t, { counters }).fired).toBe(true);
    expect(leaf({ ...t, atLeast: 4 }, { counters }).fired).toBe(false);
    expect(leaf({ ...t, withinDays: 8, atLeast: 8 }, { counters }).fired).toBe(true);
  });

  it('event_count with user scope reads only this user', () => {
    const counters = [
      counter('report.exported', 0, 5),
      counter('report.exported', 0, 2, 'user-1'),
      counter('report.exported', 0, 9, 'user-2'),
    ];
    const t = { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 7, scope: 'user' };
    expect(leaf(t, { counters }).fired).toBe(false);
    expect(leaf({ ...t, atLeast: 2 }, { counters }).fired).toBe(true);
  });

  it('event fires on one occurrence within the window', () => {
    const counters = [counter('locked_feature.clicked', 3, 1)];
    expect(leaf({ type: 'event', event: 'locked_feature.clicked', withinDays: 7 }, { counters }).fired).toBe(
      true,
    );
    expect(leaf({ type: 'event', event: 'locked_feature.clicked', withinDays: 3 }, { counters }).fired).toBe(
      false,
    );
  });

  it('milestone fires once the event was ever seen', () => {
    expect(
      leaf(
        { type: 'milestone', event: 'integration.live' },
        { counters: [counter('integration.live', 89, 1)] },
      ).fired,
    ).toBe(true);
    expect(
      leaf(
        { type: 'milestone', event: 'integration.live' },
        { eventsEverSeen: new Set(['integration.live']) },
      ).fired,
    ).toBe(true);
    expect(leaf({ type: 'milestone', event: 'integration.live' }).fired).toBe(false);
  });

  it('renewal_within fires only for an upcoming renewal inside the horizon', () => {
    expect(leaf({ type: 'renewal_within', days: 30 }, { account: { renewalAt: daysAhead(30) } }).fired).toBe(
      true,
    );
    expect(leaf({ type: 'renewal_within', days: 30 }, { account: { renewalAt: daysAhead(31) } }).fired).toBe(
      false,
    );
    expect(leaf({ type: 'renewal_within', days: 30 }, { account: { renewalAt: daysAgo(2) } }).fired).toBe(
      false,
    );
    expect(leaf({ type: 'renewal_within', days: 30 }, { account: { renewalAt: null } }).fired).toBe(false);
  });

  it('days_since_signup and days_since_first_purchase honour both bounds', () => {
    const account = { signupAt: daysAgo(40), firstPurchaseAt: daysAgo(10) };
    expect(leaf({ type: 'days_since_signup', atLeast: 30 }, { account }).fired).toBe(true);
    expect(leaf({ type: 'days_since_signup', atLeast: 30, atMost: 39 }, { account }).fired).toBe(false);
    expect(leaf({ type: 'days_since_first_purchase', atLeast: 7, atMost: 14 }, { account }).fired).toBe(true);
    expect(leaf({ type: 'days_since_first_purchase', atLeast: 11 }, { account }).fired).toBe(false);
    expect(
      leaf({ type: 'days_since_first_purchase', atLeast: 0 }, { account: { firstPurchaseAt: null } }).fired,
    ).toBe(false);
  });

  it('page matches the current path by glob', () => {
    expect(leaf({ type: 'page', pattern: '/settings/*' }, {}, '/settings/billing?tab=1').fired).toBe(true);
    expect(leaf({ type: 'page', pattern: '/settings/*' }, {}, '/settings/billing/cards').fired).toBe(false);
    expect(leaf({ type: 'page', pattern: '/docs/**' }, {}, '/docs/a/b').fired).toBe(true);
    expect(leaf({ type: 'page', pattern: '/pricing' }, {}, '/pricing/').fired).toBe(true);
    expect(leaf({ type: 'page', pattern: '/pricing' }).fired).toBe(false);
  });

  it("page with minVisits also needs this user's recorded visits of matching paths", () => {
    const t = { type: 'page', pattern: '/pricing*', minVisits: 2, withinDays: 7 };
    const once = [counter(pageViewCounterName('/pricing'), 0, 1, 'user-1')];
    const twice = [...once, counter(pageViewCounterName('/pricing-enterprise'), 5, 1, 'user-1')];
    const otherUser = [...once, counter(pageViewCounterName('/pricing'), 0, 5, 'user-2')];
    expect(leaf(t, { counters: once }, '/pricing').fired).toBe(false);
    expect(leaf(t, { counters: twice }, '/pricing').fired).toBe(true);
    expect(leaf(t, { counters: otherUser }, '/pricing').fired).toBe(false);
    expect(leaf(t, { counters: twice }, '/home').fired).toBe(false);
    const old = [...once, counter(pageViewCounterName('/pricing'), 9, 1, 'user-1')];
    expect(leaf(t, { counters: old }, '/pricing').fired).toBe(false);
  });

  it('trial_day fires from day N of an active trial of the product', () => {
    const trials = [{ productKey: 'reports', status: 'active', startedAt: daysAgo(7) }];
    expect(leaf({ type: 'trial_day', productKey: 'reports', day: 7 }, { trials }).fired).toBe(true);
    expect(leaf({ type: 'trial_day', productKey: 'reports', day: 8 }, { trials }).fired).toBe(false);
    expect(leaf({ type: 'trial_day', productKey: 'insights', day: 0 }, { trials }).fired).toBe(false);
    const ended = [{ ...trials[0], status: 'expired' }] as typeof trials;
    expect(leaf({ type: 'trial_day', productKey: 'reports', day: 1 }, { trials: ended }).fired).toBe(false);
  });
});

describe('triggers › groups', () => {
  const state = makeState({
    usage: { api: { value: 90, limit: 100 } },
    counters: [counter('report.exported', 1, 3)],
  });
  const quota = { type: 'metric_quota', metric: 'api', atLeastPercent: 80 };
  const exports = { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 7 };
  const renewal = { type: 'renewal_within', days: 10 };
  const run = (group: unknown) => evaluateTriggers(TriggerGroup.parse(group), state, { now: NOW });

  it('all needs every child; any needs one; every leaf is reported', () => {
    const all = run({ type: 'all', triggers: [quota, renewal] });
    expect(all.fired).toBe(false);
    expect(all.firedLeaves).toEqual(['api at ≥ 80% of its quota']);
    expect(all.reasons.map((r) => r.code)).toEqual([
      'trigger.metric_quota.fired',
      'trigger.renewal_within.not_fired',
      'triggers.not_fired',
    ]);
    expect(all.reasons.at(-1)?.blocking).toBe(true);
    expect(run({ type: 'any', triggers: [quota, renewal] }).fired).toBe(true);
  });

  it('nests groups', () => {
    const nested = run({ type: 'all', triggers: [exports, { type: 'any', triggers: [renewal, quota] }] });
    expect(nested.fired).toBe(true);
    expect(nested.firedLeaves).toHaveLength(2);
    expect(run({ type: 'any', triggers: [renewal, { type: 'all', triggers: [renewal, quota] }] }).fired).toBe(
      false,
    );
  });

  it('an empty group always fires', () => {
    const r = run({ type: 'all', triggers: [] });
    expect(r.fired).toBe(true);
    expect(r.reasons).toEqual([
      { code: 'triggers.fired', message: 'No triggers: always ready.', blocking: false },
    ]);
  });
});
