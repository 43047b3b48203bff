import { describe, expect, it } from 'vitest';
import { classifyStage, usageTrend } from '../../../server/domain/lifecycle.ts';
import { LifecycleThresholds } from '../../../shared/workspace.ts';
import { counter, daysAgo, daysAhead, makeState, NOW, type StateInput } from './fixtures.ts';

const T = LifecycleThresholds.parse({
  onboardingDays: 14,
  activationMilestones: ['report.created'],
  engagedEventsPerDay: 5,
  trendWindowDays: 14,
  fallingUsageRatio: 0.5,
  atRiskHealthBelow: 40,
  renewalWindowDays: 60,
});

/** `perDay` account events on each of the 14 recent days and `previousPerDay` on the 14 before. */
function usage(perDay: number, previousPerDay = perDay) {
  const rows = [counter('report.created', 80, 1)];
  for (let d = 0; d < 14; d++) rows.push(counter('report.viewed', d, perDay));
  for (let d = 14; d < 28; d++) rows.push(counter('report.viewed', d, previousPerDay));
  return rows;
}

function stage(input: StateInput) {
  return classifyStage(makeState(input), T, NOW);
}

describe('classifyStage', () => {
  it('is onboarding for a recent signup, whatever it did', () => {
    const d = stage({ account: { signupAt: daysAgo(3) }, counters: usage(20) });
    expect(d.stage).toBe('onboarding');
    expect(d.reasons.map((r) => r.code)).toEqual(['stage.onboarding.recent_signup']);
  });

  it('is onboarding while an activation milestone has not been seen', () => {
    const d = stage({ counters: [counter('report.viewed', 1, 50)] });
    expect(d.stage).toBe('onboarding');
    expect(d.reasons[0]?.message).toContain('report.created');
  });

  it('counts a milestone older than the counters through eventsEverSeen', () => {
    const d = stage({
      counters: [counter('report.viewed', 1, 1)],
      eventsEverSeen: new Set(['report.created']),
    });
    expect(d.stage).toBe('activated');
  });

  it('is activated after onboarding with low, steady usage', () => {
    const d = stage({ counters: usage(2) });
    expect(d.stage).toBe('activated');
    expect(d.reasons[0]?.code).toBe('stage.activated');
  });

  it('is engaged from the configured events per day', () => {
    expect(stage({ counters: usage(5) }).stage).toBe('engaged');
    expect(stage({ counters: usage(4) }).stage).toBe('activated');
  });

  it('is at_risk when the health score is below the threshold', () => {
    const d = stage({ account: { healthScore: 39 }, counters: usage(10) });
    expect(d.stage).toBe('at_risk');
    expect(d.reasons.map((r) => r.code)).toEqual(['stage.at_risk.health']);
    expect(stage({ account: { healthScore: 40 }, counters: usage(10) }).stage).toBe('engaged');
  });

  it('is at_risk when recent usage fell below half of the previous window', () => {
    const d = stage({ counters: usage(4, 10) });
    expect(d.stage).toBe('at_risk');
    expect(d.reasons[0]?.code).toBe('stage.at_risk.usage_falling');
    expect(stage({ counters: usage(5, 10) }).stage).toBe('engaged');
  });

  it('is in the renewal window when renewal is within the configured days', () => {
    const d = stage({ account: { renewalAt: daysAhead(30) }, counters: usage(10) });
    expect(d.stage).toBe('renewal_window');
    expect(d.reasons[0]?.message).toContain('30 day');
    expect(stage({ account: { renewalAt: daysAhead(61) }, counters: usage(10) }).stage).toBe('engaged');
    expect(stage({ account: { renewalAt: daysAgo(1) }, counters: usage(10) }).stage).toBe('engaged');
  });

  it('is churned when the churned attribute is set', () => {
    expect(stage({ account: { attributes: { churned: true } }, counters: usage(10) }).stage).toBe('churned');
  });

  it('is churned when no anchor entitlement is active any more', () => {
    const entitlements = [
      { productKey: 'core', status: 'cancelled', startedAt: daysAgo(300), endsAt: daysAgo(10) },
      { productKey: 'reports', status: 'active', startedAt: daysAgo(100), endsAt: null },
    ];
    const state = makeState({ entitlements, counters: usage(10) });
    const d = classifyStage(state, T, NOW, { anchorProducts: ['core'] });
    expect(d.stage).toBe('churned');
    expect(d.reasons[0]?.code).toBe('stage.churned.no_active_entitlement');
    // An active anchor (or no entitlement data at all) is not churn.
    const alive = makeState({
      entitlements: [{ ...entitlements[0], status: 'active', endsAt: daysAhead(5) }] as typeof entitlements,
    });
    expect(classifyStage(alive, T, NOW, { anchorProducts: ['core'] }).stage).not.toBe('churned');
    expect(
      classifyStage(makeState({ counters: usage(10) }), T, NOW, { anchorProducts: ['core'] }).stage,
    ).toBe('engaged');
  });

  it('applies precedence churned > onboarding > at_risk > renewal_window > engaged', () => {
    const all = {
      signupAt: daysAgo(3),
      healthScore: 10,
      renewalAt: daysAhead(5),
      attributes: { churned: 'true' },
    };
    expect(stage({ account: all, counters: usage(10) }).stage).toBe('churned');
    expect(stage({ account: { ...all, attributes: {} }, counters: usage(10) }).stage).toBe('onboarding');
    expect(
      stage({ account: { ...all, attributes: {}, signupAt: daysAgo(100) }, counters: usage(10) }).stage,
    ).toBe('at_risk');
  });

  it('treats an unknown signup date as past onboarding, and no thresholds as no milestones', () => {
    const d = classifyStage(makeState({ account: { signupAt: null } }), LifecycleThresholds.parse({}), NOW);
    expect(d.stage).toBe('activated');
  });
});

describe('usageTrend', () => {
  it('ignores widget message events and page views', () => {
    const state = makeState({
      counters: [
        counter('report.viewed', 0, 3),
        counter('message.shown', 0, 100),
        counter('page.viewed', 0, 100),
        counter('page.viewed:/pricing', 0, 100),
        counter('report.viewed', 0, 7, 'user-1'),
        counter('report.viewed', 20, 4),
      ],
    });
    expect(usageTrend(state, 14, NOW)).toEqual({ recent: 3, previous: 4 });
  });
});
