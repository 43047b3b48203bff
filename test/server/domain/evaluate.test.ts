import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAffinityIndex, computeAffinity } from '../../../server/domain/affinity.ts';
import { evaluateCampaign, evaluateCampaigns } from '../../../server/domain/evaluate.ts';
import { isHeldOut } from '../../../server/domain/holdout.ts';
import { LifecycleThresholds, WorkspaceSettings } from '../../../shared/workspace.ts';
import { counter, daysAgo, makeCampaign, makeCtx, makeState, NOW, type StateInput } from './fixtures.ts';

/** An activated account at 85% of its export quota (the integration story, as plain data). */
function ready(input: StateInput = {}) {
  return makeState({
    usage: { exports: { value: 85, limit: 100 } },
    counters: [counter('report.viewed', 1, 3)],
    ...input,
  });
}
const capacity = makeCampaign({
  motion: 'upsell_capacity',
  triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'exports', atLeastPercent: 80 }] },
});
const codes = (v: ReturnType<typeof evaluateCampaign>, blocking = true) =>
  v.reasons.filter((r) => r.blocking === blocking).map((r) => r.code);

describe('evaluateCampaign', () => {
  it('is eligible with every check reported, passing ones included', () => {
    const v = evaluateCampaign(capacity, ready(), makeCtx());
    expect(v).toMatchObject({
      eligible: true,
      stage: 'activated',
      channel: 'in_app',
      holdout: false,
      placement: 'global',
      priority: 50,
    });
    expect(v.firedTriggers).toEqual(['exports at ≥ 80% of its quota']);
    expect(v.offer).toMatchObject({ key: 'reports', amount: 20_000 });
    expect(codes(v, false)).toEqual([
      'stage.activated',
      'status.active',
      'schedule.running',
      'placement.match',
      'audience.segment.any',
      'audience.role.any',
      'audience.stage',
      'audience.no_open_deal',
      'trigger.metric_quota.fired',
      'triggers.fired',
      'frequency.impressions',
      'frequency.user_daily',
      'target.prerequisites',
      'offer.priced',
      'content.filled',
      'routing.in_app',
      'holdout.treatment',
    ]);
  });

  it('gives an onboarding account nothing', () => {
    const ctx = makeCtx({
      settings: WorkspaceSettings.parse({
        lifecycle: LifecycleThresholds.parse({ activationMilestones: ['report.created'] }),
      }),
    });
    const v = evaluateCampaign(capacity, ready(), ctx);
    expect(v.stage).toBe('onboarding');
    expect(codes(v)).toEqual(['audience.stage.excluded']);
    const activated = evaluateCampaign(capacity, ready({ eventsEverSeen: new Set(['report.created']) }), ctx);
    expect(activated.eligible).toBe(true);
  });

  it('lists all failures in explain mode and stops at the first in decide mode', () => {
    const state = ready({ usage: {}, owned: ['core', 'reports'], userPromptsToday: 5 });
    const paused = { ...capacity, status: 'paused' as const };
    const explain = evaluateCampaign(paused, state, makeCtx());
    expect(codes(explain)).toEqual([
      'status.inactive',
      'triggers.not_fired',
      'frequency.user_daily_cap',
      'target.owned',
    ]);
    const decide = evaluateCampaign(paused, state, makeCtx(), { mode: 'decide' });
    expect(decide.eligible).toBe(false);
    expect(codes(decide)).toEqual(['status.inactive']);
  });

  it('honours the schedule', () => {
    const future = makeCampaign({ schedule: { startAt: '2026-07-01T00:00:00.000Z' } });
    const past = makeCampaign({ schedule: { endAt: NOW.toISOString() } });
    expect(codes(evaluateCampaign(future, ready(), makeCtx()))).toEqual(['schedule.not_started']);
    expect(codes(evaluateCampaign(past, ready(), makeCtx()))).toEqual(['schedule.ended']);
  });

  it('matches placement, inline slots and page globs', () => {
    const inline = makeCampaign({
      presentation: { format: 'inline', placement: 'sidebar', pages: ['/reports/*'] },
    });
    expect(codes(evaluateCampaign(inline, ready(), makeCtx()))).toEqual([
      'placement.mismatch',
      'page.mismatch',
    ]);
    const ctx = makeCtx({ slots: ['sidebar'], pagePath: '/reports/42' });
    expect(evaluateCampaign(inline, ready(), ctx).eligible).toBe(true);
    expect(codes(evaluateCampaign(inline, ready(), { ...ctx, pagePath: '/home' }))).toEqual([
      'page.mismatch',
    ]);
  });

  it('refuses an offer that expired since the first impression', () => {
    const timed = makeCampaign({ offer: { expiresInDays: 3 } });
    const firstSeen = {
      impressions: 1,
      dismissals: 0,
      clicks: 0,
      firstShownAt: daysAgo(4),
      lastShownAt: daysAgo(4),
      lastDismissedAt: null,
      snoozedUntil: null,
      convertedAt: null,
    };
    const v = evaluateCampaign(timed, ready({ messageStates: { [timed.id]: firstSeen } }), makeCtx());
    expect(codes(v)).toEqual(['offer.expired']);
  });

  it('reports a target that cannot be priced instead of throwing', () => {
    const pack = makeCampaign({ target: { kind: 'bundle', bundleKey: 'fx' } });
    const catalog = makeCtx().catalog;
    const bundles = new Map([
      [
        'fx',
        { key: 'fx', name: 'FX', description: '', productKeys: ['reports', 'euro'], discountPercent: 10 },
      ],
    ]);
    const products = new Map(catalog.products);
    products.set('euro', {
      ...(catalog.products.get('reports') as NonNullable<ReturnType<typeof catalog.products.get>>),
      key: 'euro',
      price: { amount: 1, currency: 'EUR', interval: 'month' },
    });
    const v = evaluateCampaign(pack, ready(), makeCtx({ catalog: { products, bundles } }));
    expect(codes(v)).toEqual(['offer.mixed_currency']);
  });

  it('refuses a campaign whose copy has a variable with no value for this account, naming it', () => {
    const c = makeCampaign({
      content: {
        en: {
          title: 'You used {{usage.seats.percent}}% of seats',
          body: 'At {{account.attributes.roi_hours}} h a week…',
          roiLine: '{{account.attributes.roi_hours}} h saved',
        },
      },
    });
    const explain = evaluateCampaign(c, ready(), makeCtx());
    expect(explain.eligible).toBe(false);
    expect(explain.reasons.filter((r) => r.blocking)).toEqual([
      {
        code: 'content.missing_value',
        message:
          'Copy (en) title: {{usage.seats.percent}} has no value for this account, so the message is not shown.',
        blocking: true,
      },
      {
        code: 'content.missing_value',
        message:
          'Copy (en) body, roiLine: {{account.attributes.roi_hours}} has no value for this account, so the message is not shown.',
        blocking: true,
      },
    ]);
    const decide = evaluateCampaign(c, ready(), makeCtx(), { mode: 'decide' });
    expect(decide.eligible).toBe(false);
    expect(codes(decide)).toEqual(['content.missing_value', 'content.missing_value']);
    const filled = ready({
      account: { attributes: { roi_hours: 6 } },
      usage: { exports: { value: 85, limit: 100 }, seats: { value: 9, limit: 12 } },
    });
    const served = evaluateCampaign(c, filled, makeCtx(), { mode: 'decide' });
    expect(served.eligible).toBe(true);
    expect(served.content).toMatchObject({
      locale: 'en',
      title: 'You used 75% of seats',
      roiLine: '6 h saved',
    });
  });

  it('refuses a campaign whose ROI line needs seats the account does not have', () => {
    const c = makeCampaign({
      content: { en: { title: 'Automate your reports', roiLine: 'Save {{roi.hoursPerYear}} hours a year' } },
      roi: { hoursSavedPerSeatPerWeek: 2 },
    });
    expect(codes(evaluateCampaign(c, ready({ account: { seats: 0 } }), makeCtx()))).toEqual([
      'content.missing_value',
    ]);
    const served = evaluateCampaign(c, ready({ account: { seats: 10 } }), makeCtx(), { mode: 'decide' });
    expect(served.content?.roiLine).toBe('Save 1,040 hours a year');
  });

  it('checks the copy of the locale the user would be served, and a blank value counts as none', () => {
    const c = makeCampaign({
      content: {
        en: { title: 'Automate your reports' },
        de: { title: 'Hallo {{user.attributes.first_name}}' },
      },
    });
    expect(evaluateCampaign(c, ready(), makeCtx({ locale: 'de' })).reasons.filter((r) => r.blocking)).toEqual(
      [
        expect.objectContaining({
          code: 'content.missing_value',
          message: expect.stringMatching(/^Copy \(de\) title: \{\{user\.attributes\.first_name\}\}/),
        }),
      ],
    );
    expect(evaluateCampaign(c, ready(), makeCtx({ locale: 'en' })).eligible).toBe(true);
    const blank = ready({ user: { attributes: { first_name: ' ' } } });
    expect(codes(evaluateCampaign(c, blank, makeCtx({ locale: 'de' })))).toEqual(['content.missing_value']);
  });

  it('routes by the campaign rules', () => {
    const routed = makeCampaign({ routing: { rules: [{ channel: 'csm', segments: ['smb'] }] } });
    expect(evaluateCampaign(routed, ready(), makeCtx()).channel).toBe('csm');
  });

  it('holds out all seats of an account together, and a held-out verdict stays eligible', () => {
    const held = makeCampaign({ holdout: { percent: 50 } });
    let heldAccounts = 0;
    for (let i = 0; i < 200; i++) {
      const accountId = `acct-${i}`;
      const groups = ['u1', 'u2', 'u3'].map(
        (userId) =>
          evaluateCampaign(held, ready({ account: { id: accountId }, user: { id: userId } }), makeCtx())
            .holdout,
      );
      expect(new Set(groups).size).toBe(1);
      expect(groups[0]).toBe(isHeldOut(held.id, accountId, 50));
      if (groups[0]) heldAccounts++;
    }
    expect(heldAccounts).toBeGreaterThan(0);
    const accountId =
      Array.from({ length: 200 }, (_, i) => `acct-${i}`).find((a) => isHeldOut(held.id, a, 50)) ?? '';
    const v = evaluateCampaign(held, ready({ account: { id: accountId } }), makeCtx());
    expect(v).toMatchObject({ eligible: true, holdout: true });
    expect(codes(v, false)).toContain('holdout.held_out');
  });

  it('scores by expected value: affinity confidence × lift × monthly price', () => {
    const affinity = buildAffinityIndex(
      computeAffinity(
        [
          { items: ['core', 'reports'], count: 40 },
          { items: ['core'], count: 60 },
          { items: ['reports'], count: 0 },
        ],
        NOW,
      ),
    );
    const v = evaluateCampaign(capacity, ready(), makeCtx({ affinity }));
    // confidence 0.4, lift 1 (everyone owns core), price 20,000/month.
    expect(v.score).toBeCloseTo(0.4 * 1 * 20_000, 9);
    // Without affinity data the motion's typical conversion stands in (capacity: 25%).
    expect(evaluateCampaign(capacity, ready(), makeCtx()).score).toBeCloseTo(0.25 * 20_000, 9);
  });

  it('evaluates many campaigns against one classified stage', () => {
    const verdicts = evaluateCampaigns(
      [capacity, makeCampaign({}, { id: '00000000-0000-4000-8000-000000000002' })],
      ready(),
      makeCtx(),
    );
    expect(verdicts.map((v) => [v.campaignId.slice(-1), v.stage])).toEqual([
      ['1', 'activated'],
      ['2', 'activated'],
    ]);
  });
});

describe('evaluateCampaign › decide and explain agree', () => {
  it('reaches the same eligibility in both modes, and decide reports the first blocking reason of explain', () => {
    const campaigns = [
      capacity,
      makeCampaign({
        audience: { roles: ['admin'], ownsNone: ['reports'] },
        frequency: { maxImpressionsPerUser: 1 },
      }),
      makeCampaign({
        target: { kind: 'next_best', minConfidence: 0, minLift: 0 },
        presentation: { pages: ['/app/*'] },
      }),
    ];
    fc.assert(
      fc.property(
        fc.record({
          role: fc.constantFrom('admin', 'member'),
          owned: fc.subarray(['core', 'reports', 'warehouse', 'insights']),
          percent: fc.integer({ min: 0, max: 120 }),
          impressions: fc.integer({ min: 0, max: 3 }),
          health: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
          signupDays: fc.integer({ min: 0, max: 400 }),
          path: fc.constantFrom('/app/x', '/home', undefined),
          campaign: fc.integer({ min: 0, max: campaigns.length - 1 }),
        }),
        (input) => {
          const c = campaigns[input.campaign] ?? capacity;
          const state = ready({
            user: { role: input.role },
            owned: input.owned,
            account: { healthScore: input.health, signupAt: daysAgo(input.signupDays) },
            usage: { exports: { value: input.percent, limit: 100 } },
            messageStates: {
              [c.id]: {
                impressions: input.impressions,
                dismissals: 0,
                clicks: 0,
                firstShownAt: null,
                lastShownAt: null,
                lastDismissedAt: null,
                snoozedUntil: null,
                convertedAt: null,
              },
            },
          });
          const ctx = makeCtx({ pagePath: input.path });
          const explain = evaluateCampaign(c, state, ctx);
          const decide = evaluateCampaign(c, state, ctx, { mode: 'decide' });
          expect(decide.eligible).toBe(explain.eligible);
          expect(decide.holdout).toBe(explain.holdout);
          const firstBlocking = (v: typeof explain) => v.reasons.find((r) => r.blocking)?.code;
          expect(firstBlocking(decide)).toBe(firstBlocking(explain));
        },
      ),
    );
  });
});
