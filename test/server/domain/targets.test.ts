import { describe, expect, it } from 'vitest';
import { buildAffinityIndex, computeAffinity, type OwnershipRow } from '../../../server/domain/affinity.ts';
import { withBundle, withProduct } from '../../../server/domain/catalog-edit.ts';
import { routeChannel } from '../../../server/domain/routing.ts';
import { newlyUnofferable, resolveTarget, unofferableTarget } from '../../../server/domain/targets.ts';
import type { AffinityIndex } from '../../../server/domain/types.ts';
import { Routing, Target } from '../../../shared/campaign.ts';
import { makeCatalog, makeState, NOW, product, type StateInput } from './fixtures.ts';

const catalog = makeCatalog(
  [
    product('core', { role: 'anchor' }),
    product('reports'),
    product('alerts'),
    product('warehouse', { role: 'strategic' }),
    product('insights', { prerequisites: ['warehouse'] }),
    product('legacy', { role: 'sunset' }),
  ],
  [
    {
      key: 'analytics-pack',
      name: 'Analytics pack',
      description: '',
      productKeys: ['warehouse', 'insights'],
      discountPercent: 20,
    },
    {
      key: 'ops-pack',
      name: 'Ops pack',
      description: '',
      productKeys: ['reports', 'alerts'],
      discountPercent: 20,
    },
  ],
);

// 100 accounts owning core. Attach rates from core: reports 40%, alerts 40% (lower lift),
// legacy 90% (sunset), insights 50% (needs warehouse), warehouse 10%.
const rows: OwnershipRow[] = [
  { items: ['core', 'reports'], count: 40 },
  { items: ['core', 'alerts', 'legacy'], count: 40 },
  { items: ['core', 'legacy', 'insights', 'warehouse'], count: 10 },
  { items: ['core', 'legacy', 'insights'], count: 10 },
  { items: ['alerts'], count: 40 },
  { items: ['reports'], count: 10 },
  { items: ['insights'], count: 30 },
];
const affinity = buildAffinityIndex(computeAffinity(rows, NOW));

function resolve(target: Record<string, unknown>, s: StateInput = {}) {
  return resolveTarget(Target.parse(target), makeState(s), catalog, affinity);
}
const blocking = (r: ReturnType<typeof resolve>) => r.reasons.filter((x) => x.blocking).map((x) => x.code);

describe('resolveTarget › fixed targets', () => {
  it('resolves a product the account lacks, with the affinity behind it', () => {
    const r = resolve({ kind: 'product', productKey: 'reports' });
    expect(blocking(r)).toEqual([]);
    expect(r.target).toMatchObject({ kind: 'product', key: 'reports', name: 'Reports' });
    expect(r.target?.affinity).toMatchObject({ antecedent: 'core', consequent: 'reports', confidence: 0.4 });
  });

  it('never offers an owned, sunset, unknown or prerequisite-less product', () => {
    expect(
      blocking(resolve({ kind: 'product', productKey: 'reports' }, { owned: ['core', 'reports'] })),
    ).toEqual(['target.owned']);
    expect(blocking(resolve({ kind: 'product', productKey: 'legacy' }))).toEqual(['target.sunset']);
    expect(blocking(resolve({ kind: 'product', productKey: 'nope' }))).toEqual(['target.unknown_product']);
    expect(blocking(resolve({ kind: 'product', productKey: 'insights' }))).toEqual([
      'target.prerequisites_missing',
    ]);
    expect(
      blocking(resolve({ kind: 'product', productKey: 'insights' }, { owned: ['core', 'warehouse'] })),
    ).toEqual([]);
  });

  it("resolves a bundle whose parts may provide each other's prerequisites", () => {
    const r = resolve({ kind: 'bundle', bundleKey: 'analytics-pack' });
    expect(blocking(r)).toEqual([]);
    expect(r.target).toMatchObject({ kind: 'bundle', key: 'analytics-pack', name: 'Analytics pack' });
    expect(
      blocking(resolve({ kind: 'bundle', bundleKey: 'ops-pack' }, { owned: ['core', 'alerts'] })),
    ).toEqual(['target.owned']);
    expect(blocking(resolve({ kind: 'bundle', bundleKey: 'nope' }))).toEqual(['target.unknown_bundle']);
  });

  it('refuses a tier upgrade to the plan the account is on', () => {
    const tier = { kind: 'tier', toPlan: 'pro', productKey: 'warehouse' };
    expect(blocking(resolve(tier, { account: { plan: 'starter' } }))).toEqual([]);
    expect(resolve(tier).target?.kind).toBe('tier');
    expect(blocking(resolve(tier, { account: { plan: 'pro' } }))).toEqual(['target.tier_current']);
  });

  it('offers a tier upgrade only from the plans the campaign lists: never a downgrade', () => {
    const tier = { kind: 'tier', toPlan: 'pro', productKey: 'warehouse', fromPlans: ['starter', 'team'] };
    expect(blocking(resolve(tier, { account: { plan: 'starter' } }))).toEqual([]);
    expect(blocking(resolve(tier, { account: { plan: 'team' } }))).toEqual([]);
    const above = resolve(tier, { account: { plan: 'enterprise' } });
    expect(blocking(above)).toEqual(['target.tier_from_plan']);
    expect(above.reasons.find((r) => r.blocking)?.message).toBe(
      'The account is on plan enterprise; this upgrade is from starter, team only.',
    );
    expect(blocking(resolve(tier, { account: { plan: null } }))).toEqual(['target.tier_from_plan']);
    expect(blocking(resolve(tier, { account: { plan: 'pro' } }))).toEqual(['target.tier_current']);
  });

  it('offers a tier only above a plan the catalogue prices, whatever the intervals', () => {
    const plans = makeCatalog([
      product('starter', { plan: 'starter', price: { amount: 9_900, currency: 'USD', interval: 'month' } }),
      product('premier', { plan: 'premier', price: { amount: 480_000, currency: 'USD', interval: 'year' } }),
      product('same', { plan: 'same', price: { amount: 29_900, currency: 'USD', interval: 'month' } }),
      product('euro', { plan: 'euro', price: { amount: 99_900, currency: 'EUR', interval: 'month' } }),
      product('business', {
        plan: 'business',
        price: { amount: 29_900, currency: 'USD', interval: 'month' },
      }),
    ]);
    const tier = Target.parse({ kind: 'tier', toPlan: 'business', productKey: 'business' });
    const on = (plan: string) => resolveTarget(tier, makeState({ account: { plan } }), plans, affinity);
    for (const plan of ['starter', 'euro', 'unpriced'])
      expect({ plan, codes: blocking(on(plan)) }).toEqual({ plan, codes: [] });
    expect(blocking(on('same'))).toEqual(['target.tier_not_higher']);
    const premier = on('premier').reasons.find((r) => r.blocking);
    expect(premier?.message).toBe(
      "Plan premier (premier) costs $400.00 per month, not less than business's $299.00: not an upgrade.",
    );
  });
});

describe('resolveTarget › next best product', () => {
  const nextBest = (opts: Record<string, unknown>, s: StateInput = {}) =>
    resolve({ kind: 'next_best', minConfidence: 0.2, minLift: 0, ...opts }, s);

  it('picks the highest confidence, then the highest lift, among attach products the account lacks', () => {
    // reports and alerts both attach at 0.4 from core; reports has the higher lift (fewer owners overall).
    const r = nextBest({});
    expect(r.target?.key).toBe('reports');
    expect(r.target?.affinity).toMatchObject({ antecedent: 'core', confidence: 0.4 });
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'target.next_best', blocking: false })]);
  });

  it('skips owned, sunset and prerequisite-less products', () => {
    // legacy (0.9, sunset) and insights (0.2, needs warehouse) are never chosen.
    expect(nextBest({}, { owned: ['core', 'reports'] }).target?.key).toBe('alerts');
    expect(nextBest({}, { owned: ['core', 'reports', 'alerts'] }).target).toBeUndefined();
    expect(nextBest({ candidates: ['legacy'] }).target).toBeUndefined();
  });

  it('uses any owned product as the antecedent', () => {
    // Owning warehouse makes insights eligible, and warehouse→insights has confidence 1.
    const r = nextBest({ candidates: ['insights', 'reports'] }, { owned: ['core', 'warehouse'] });
    expect(r.target?.key).toBe('insights');
    expect(r.target?.affinity?.antecedent).toBe('warehouse');
  });

  it('honours minConfidence, minLift and the candidate list', () => {
    expect(blocking(nextBest({ minConfidence: 0.5 }))).toEqual(['target.no_next_best']);
    expect(nextBest({ candidates: ['alerts'] }).target?.key).toBe('alerts');
    const lifts = [
      affinity.pairs(null).get('core>reports')?.lift ?? 0,
      affinity.pairs(null).get('core>alerts')?.lift ?? 0,
    ];
    expect(lifts[0]).toBeGreaterThan(lifts[1] ?? 0);
    expect(nextBest({ minLift: (lifts[0] ?? 0) + 0.01 }).target).toBeUndefined();
  });
});

describe('resolveTarget › next best product on thin evidence', () => {
  // 40 smb accounts: core → reports 20/40 from 20 co-owners. 2 of them also own rare and alerts,
  // so rare → alerts is 2/2 from 2 co-owners. 4 startup accounts: core → alerts 3/4.
  const thin = computeAffinity(
    [
      { items: ['core', 'reports'], count: 18, segment: 'smb' },
      { items: ['core', 'reports', 'rare', 'alerts'], count: 2, segment: 'smb' },
      { items: ['core'], count: 20, segment: 'smb' },
      { items: ['core', 'alerts'], count: 3, segment: 'startup' },
      { items: ['core'], count: 1, segment: 'startup' },
    ],
    NOW,
  );
  const target = Target.parse({ kind: 'next_best', minConfidence: 0.2, minLift: 0 });
  const pick = (index: AffinityIndex, s: StateInput) => resolveTarget(target, makeState(s), catalog, index);
  const smb = { owned: ['core', 'rare'], account: { segment: 'smb' } };
  const startup = { owned: ['core'], account: { segment: 'startup' } };

  it('does not let a pair two accounts co-own outrank one twenty co-own', () => {
    const r = pick(buildAffinityIndex(thin), smb);
    expect(r.target?.key).toBe('reports');
    expect(r.reasons[0]?.message).toContain('core→reports: 20 accounts');
    const lax = buildAffinityIndex(thin, { minSegmentAccounts: 1, minCoOwners: 1 });
    expect(pick(lax, smb).target?.affinity).toMatchObject({ antecedent: 'rare', count: 2, confidence: 1 });
  });

  it('reads a 4-account segment from the overall figures', () => {
    // Overall core → reports is 20/44; the startup segment alone would say core → alerts 3/4.
    expect(pick(buildAffinityIndex(thin), startup).target?.key).toBe('reports');
    const lax = buildAffinityIndex(thin, { minSegmentAccounts: 4, minCoOwners: 1 });
    expect(pick(lax, startup).target?.key).toBe('alerts');
  });

  it('says which figures it searched and what evidence counted when nothing qualifies', () => {
    const strict = buildAffinityIndex(thin, { minSegmentAccounts: 30, minCoOwners: 25 });
    const r = pick(strict, startup);
    expect(r.target).toBeUndefined();
    expect(r.reasons).toEqual([
      expect.objectContaining({
        code: 'target.no_next_best',
        blocking: true,
        message:
          'No product the account lacks reaches confidence ≥ 0.2 and lift ≥ 0 in the overall figures ' +
          '(segment startup has 4 accounts, fewer than 30), counting only pairs at least 25 accounts own together.',
      }),
    ]);
    expect(pick(strict, smb).reasons[0]?.message).toContain("in segment smb's figures");
    expect(pick(buildAffinityIndex(null), smb).reasons[0]?.message).toBe(
      'No product the account lacks reaches confidence ≥ 0.2 and lift ≥ 0: no affinity has been computed yet.',
    );
  });
});

describe('resolveTarget › multi-product rules', () => {
  // {core, reports} → alerts: 30 of the 35 accounts owning both also own alerts (0.857), while
  // core → alerts is 30/95 and reports → alerts 30/75: the pair evidence alone is weak.
  const multi = buildAffinityIndex(
    computeAffinity(
      [
        { items: ['core', 'reports', 'alerts'], count: 30 },
        { items: ['core', 'reports'], count: 5 },
        { items: ['reports'], count: 40 },
        { items: ['core'], count: 60 },
      ],
      NOW,
    ),
  );
  const target = Target.parse({ kind: 'next_best', minConfidence: 0.5, minLift: 1, candidates: ['alerts'] });

  it('uses a rule {A,B}→C when the account owns both antecedents', () => {
    const r = resolveTarget(target, makeState({ owned: ['core', 'reports'] }), catalog, multi);
    expect(r.target?.key).toBe('alerts');
    expect(r.target?.affinity).toMatchObject({
      antecedent: 'core+reports',
      antecedents: ['core', 'reports'],
      consequent: 'alerts',
      count: 30,
      confidence: 30 / 35,
    });
    expect(r.reasons[0]?.message).toContain('core+reports→alerts');
  });

  it('does not use a rule whose antecedents the account lacks', () => {
    const r = resolveTarget(target, makeState({ owned: ['core'] }), catalog, multi);
    expect(r.target).toBeUndefined();
  });
});

describe('routeChannel', () => {
  const routing = Routing.parse({
    rules: [
      { channel: 'sales', segments: ['enterprise'], minMrr: 500_000 },
      { channel: 'csm', minSeats: 50 },
      { channel: 'sales', segments: ['enterprise'] },
    ],
  });
  const route = (account: StateInput['account']) => routeChannel(routing, makeState({ account }).account);

  it('takes the first rule that matches segment, MRR and seats', () => {
    expect(route({ segment: 'enterprise', mrr: 600_000, seats: 500 }).channel).toBe('sales');
    expect(route({ segment: 'enterprise', mrr: 100_000, seats: 500 }).channel).toBe('csm');
    expect(route({ segment: 'enterprise', mrr: 100_000, seats: 10 }).channel).toBe('sales');
    expect(route({ segment: 'smb', mrr: 100_000, seats: 60 }).reason.code).toBe('routing.csm');
  });

  it('falls back to in_app (product-led)', () => {
    const r = route({ segment: 'smb', mrr: 10_000, seats: 5 });
    expect(r).toEqual({ channel: 'in_app', reason: expect.objectContaining({ code: 'routing.in_app' }) });
    expect(routeChannel(Routing.parse({}), makeState().account).channel).toBe('in_app');
  });
});

describe('unofferableTarget', () => {
  it('names a sunset product or a bundle holding one, and nothing else', () => {
    const withLegacy = makeCatalog(
      [...catalog.products.values(), product('old-addon', { role: 'sunset' })],
      [
        {
          key: 'old-pack',
          name: 'Old pack',
          description: '',
          productKeys: ['reports', 'old-addon'],
          discountPercent: 10,
        },
      ],
    );
    expect(unofferableTarget({ kind: 'product', productKey: 'legacy' }, withLegacy)).toEqual([
      { path: ['target', 'productKey'], message: 'legacy is a sunset product: it is never offered' },
    ]);
    expect(unofferableTarget({ kind: 'bundle', bundleKey: 'old-pack' }, withLegacy)).toEqual([
      {
        path: ['target', 'bundleKey'],
        message: 'The bundle holds sunset products (old-addon): it is never offered',
      },
    ]);
    expect(unofferableTarget({ kind: 'product', productKey: 'reports' }, withLegacy)).toEqual([]);
    expect(unofferableTarget({ kind: 'bundle', bundleKey: 'ops-pack' }, withLegacy)).toEqual([]);
    expect(
      unofferableTarget(
        { kind: 'next_best', minConfidence: 0.2, minLift: 1.2, candidates: ['legacy'] },
        withLegacy,
      ),
    ).toEqual([]);
  });
});

describe('newlyUnofferable', () => {
  const pack = { kind: 'bundle', bundleKey: 'ops-pack' } as const;
  const withProducts = (c: typeof catalog, key: string, productKeys: string[]) =>
    withBundle(c, key, (b) => ({ ...b, productKeys }));

  it('names a sunset product the change brings into an offerable bundle', () => {
    expect(newlyUnofferable(pack, catalog, withProducts(catalog, 'ops-pack', ['reports', 'legacy']))).toEqual(
      [
        {
          path: ['target', 'bundleKey'],
          message: 'The bundle holds sunset products (legacy): it is never offered',
        },
      ],
    );
  });

  it('names a product the change sunsets, as a product target and inside a bundle', () => {
    const sunset = withProduct(catalog, 'reports', (p) => ({ ...p, role: 'sunset' }));
    expect(newlyUnofferable({ kind: 'product', productKey: 'reports' }, catalog, sunset)).toEqual([
      { path: ['target', 'productKey'], message: 'reports is a sunset product: it is never offered' },
    ]);
    const inPack = withProducts(catalog, 'ops-pack', ['reports', 'alerts']);
    expect(
      newlyUnofferable(
        pack,
        inPack,
        withProduct(inPack, 'reports', (p) => ({ ...p, role: 'sunset' })),
      ),
    ).toEqual([
      {
        path: ['target', 'bundleKey'],
        message: 'The bundle holds sunset products (reports): it is never offered',
      },
    ]);
    expect(newlyUnofferable({ kind: 'product', productKey: 'alerts' }, catalog, sunset)).toEqual([]);
  });

  it('lets products that can be offered in, and names nothing for a target that already was not offerable', () => {
    expect(
      newlyUnofferable(pack, catalog, withProducts(catalog, 'ops-pack', ['reports', 'alerts', 'core'])),
    ).toEqual([]);
    const withOld = makeCatalog(
      [...catalog.products.values()],
      [
        {
          key: 'old-pack',
          name: 'Old',
          description: '',
          productKeys: ['legacy', 'core'],
          discountPercent: 0,
        },
      ],
    );
    const old = { kind: 'bundle', bundleKey: 'old-pack' } as const;
    expect(newlyUnofferable(old, withOld, withProducts(withOld, 'old-pack', ['legacy', 'reports']))).toEqual(
      [],
    );
    expect(withProducts(catalog, 'no-such-pack', ['legacy'])).toBe(catalog);
  });
});
