import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { workspaces } from '../../../server/db/schema/index.ts';
import { computeAffinity } from '../../../server/domain/affinity.ts';
import { recomputeIfChanged } from '../../../server/services/affinity.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedEntitlement,
  seedProduct,
} from '../../support/engine-builders.ts';

/** Tan, Steinbach & Kumar's market-basket transactions, as accounts owning products. */
const BASKETS: Array<[string, string, string[]]> = [
  ['t1', 'smb', ['bread', 'milk']],
  ['t2', 'smb', ['bread', 'diaper', 'beer', 'eggs']],
  ['t3', 'mid', ['milk', 'diaper', 'beer', 'cola']],
  ['t4', 'mid', ['bread', 'milk', 'diaper', 'beer']],
  ['t5', 'mid', ['bread', 'milk', 'diaper', 'cola']],
];
const PRODUCTS = ['bread', 'milk', 'diaper', 'beer', 'eggs', 'cola'];
const DAY_MS = 86_400_000;

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Market basket' });
  for (const key of PRODUCTS)
    await seedProduct(ctx, ws.workspaceId, { key, role: key === 'bread' ? 'anchor' : 'attach' });
  // t2's eggs are paid until next week: owned until then. The entitlements seeded after the loop
  // are not paying ownership, so they must leave the textbook figures as they are.
  for (const [id, segment, items] of BASKETS) {
    const owns = items.filter((key) => !(id === 't2' && key === 'eggs'));
    await seedAccount(ctx, ws.workspaceId, { id, segment, owns });
  }
  await seedEntitlement(ctx, ws.workspaceId, 't2', 'eggs', { endsInDays: 7 });
  await seedAccount(ctx, ws.workspaceId, { id: 'empty', segment: 'smb' });
  await seedEntitlement(ctx, ws.workspaceId, 't1', 'beer', { status: 'trial', endsInDays: 14 });
  await seedEntitlement(ctx, ws.workspaceId, 't1', 'eggs', { endsInDays: -1 });
  await seedEntitlement(ctx, ws.workspaceId, 't3', 'eggs', { status: 'cancelled' });
  await seedEntitlement(ctx, ws.workspaceId, 'empty', 'milk', { status: 'expired' });
});
afterAll(() => ctx.close());

const strip = ({ computedAt: _c, sourceFingerprint: _f, ...rest }: Record<string, unknown>) => rest;

describe('/v1/admin/affinity', () => {
  it('answers 404 before the first computation', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
    expect(res.status).toBe(404);
  });

  it('computes in SQL exactly what the pure miner computes from the same ownership', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/affinity/recompute', { key: ws.secretKey });
    expect(res.status).toBe(201);
    const rows = [
      ...BASKETS.map(([, segment, items]) => ({ items, count: 1, segment })),
      { items: [], count: 1, segment: 'smb' },
    ];
    const pure = computeAffinity(rows, new Date(), { products: PRODUCTS });
    expect(strip(res.body)).toEqual(strip(pure as unknown as Record<string, unknown>));
    // Who asked for it is on record: next-best-product campaigns choose from the new figures.
    const log = await call(ctx, 'GET', '/v1/admin/audit-log?action=affinity.recomputed', {
      key: ws.secretKey,
    });
    expect(log.body.data).toEqual([
      expect.objectContaining({
        actor: 'api',
        target: expect.objectContaining({ type: 'workspace', id: ws.workspaceId }),
        details: { accounts: 5, pairs: res.body.overall.pairs.length },
      }),
    ]);
  });

  it('yields the published figures: {milk, diaper} → beer has support 0.4, confidence 2/3, lift 10/9', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
    expect(res.status).toBe(200);
    // The five baskets: the account owning nothing (its milk expired) is no basket.
    expect(res.body.overall.accounts).toBe(5);
    const rule = res.body.overall.rules.find(
      (r: { antecedent: string[]; consequent: string }) =>
        r.consequent === 'beer' && r.antecedent.join() === ['diaper', 'milk'].join(),
    );
    expect(rule).toMatchObject({ count: 2, support: 0.4, confidence: 2 / 3, lift: 10 / 9 });
    const pair = res.body.overall.pairs.find(
      (p: { antecedent: string; consequent: string }) => p.antecedent === 'diaper' && p.consequent === 'beer',
    );
    expect(pair).toMatchObject({ count: 3, confidence: 3 / 4 });
  });

  it('returns one segment with ?segment=, 404 for an unknown segment', async () => {
    const mid = await call(ctx, 'GET', '/v1/admin/affinity?segment=mid', { key: ws.secretKey });
    expect(mid.status).toBe(200);
    expect(mid.body.segment).toBe('mid');
    expect(mid.body.slice.accounts).toBe(3);
    const none = await call(ctx, 'GET', '/v1/admin/affinity?segment=nope', { key: ws.secretKey });
    expect(none.status).toBe(404);
  });

  it('the scheduled recompute skips unchanged data and runs again after an ownership change', async () => {
    // The snapshot computed above is of the current data.
    expect(await recomputeIfChanged(ctx.deps, ws.workspaceId)).toBe(false);
    await seedEntitlement(ctx, ws.workspaceId, 't1', 'cola');
    expect(await recomputeIfChanged(ctx.deps, ws.workspaceId)).toBe(true);
    expect(await recomputeIfChanged(ctx.deps, ws.workspaceId)).toBe(false);
    const res = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
    expect(res.body.overall.products.find((p: { key: string }) => p.key === 'cola').count).toBe(3);
  });

  it('the scheduled recompute runs again once a paid entitlement passes its end date', async () => {
    ctx.clock.advance(8 * DAY_MS);
    expect(await recomputeIfChanged(ctx.deps, ws.workspaceId)).toBe(true);
    const res = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
    expect(res.body.overall.products.find((p: { key: string }) => p.key === 'eggs').count).toBe(0);
  });

  it('keeps workspaces apart', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const res = await call(ctx, 'POST', '/v1/admin/affinity/recompute', { key: other.secretKey });
    expect(res.body.overall.accounts).toBe(0);
  });
});

describe('affinity › thresholds for next best product', () => {
  let thin: Awaited<ReturnType<typeof createWorkspace>>;

  // 41 "big" accounts: 20 own core+reports, 2 own core+rare+alerts, probe-big owns core+rare.
  // 4 "tiny" accounts: 3 own core+alerts, probe-tiny owns core. Read from its own 4 accounts, tiny
  // says core → alerts 0.75; overall says core → reports 20/45. rare → alerts is 2/3, from 2 accounts.
  beforeAll(async () => {
    thin = await createWorkspace(ctx, { name: 'Thin evidence' });
    const id = thin.workspaceId;
    await seedProduct(ctx, id, { key: 'core', role: 'anchor' });
    for (const key of ['reports', 'alerts', 'rare']) await seedProduct(ctx, id, { key });
    const seed = (n: number, prefix: string, segment: string, owns: string[]) =>
      Promise.all(
        Array.from({ length: n }, (_, i) => seedAccount(ctx, id, { id: `${prefix}${i}`, segment, owns })),
      );
    await seed(20, 'reports-', 'big', ['core', 'reports']);
    await seed(18, 'core-', 'big', ['core']);
    await seed(2, 'rare-', 'big', ['core', 'rare', 'alerts']);
    await seed(3, 'alerts-', 'tiny', ['core', 'alerts']);
    await seedAccount(ctx, id, { id: 'probe-big', segment: 'big', owns: ['core', 'rare'] });
    await seedAccount(ctx, id, { id: 'probe-tiny', segment: 'tiny', owns: ['core'] });
    await activeCampaign(
      ctx,
      thin.secretKey,
      campaignInput({
        name: 'Next best',
        motion: 'cross_sell_adjacent',
        target: { kind: 'next_best', minConfidence: 0.2, minLift: 0 },
      }),
    );
    const res = await call(ctx, 'POST', '/v1/admin/affinity/recompute', { key: thin.secretKey });
    expect(res.status).toBe(201);
  });

  async function nextBest(account: string) {
    const res = await call(ctx, 'GET', `/v1/admin/explain?account=${account}`, { key: thin.secretKey });
    expect(res.status).toBe(200);
    const [campaign] = res.body.campaigns;
    const reason = campaign.reasons.find((r: { code: string }) => r.code.startsWith('target.'));
    return { key: campaign.target?.key as string | undefined, reason: reason?.message as string };
  }

  async function setThresholds(affinity: Record<string, number> | null) {
    const res = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: thin.secretKey,
      body: { settings: { affinity } },
    });
    expect(res.status).toBe(200);
  }

  it('reads a segment below 30 accounts from the overall figures', async () => {
    const tiny = await nextBest('probe-tiny');
    expect(tiny.key).toBe('reports');
    expect(tiny.reason).toContain('core→reports: 20 accounts');
  });

  it('does not let a pair fewer than 5 accounts co-own pick the product', async () => {
    // rare → alerts (2/3) would beat core → reports (20/41) in the big segment.
    const big = await nextBest('probe-big');
    expect(big.key).toBe('reports');
  });

  it('takes the thresholds from the workspace settings, and says which figures found nothing', async () => {
    await setThresholds({ minSegmentAccounts: 1, minCoOwners: 1 });
    expect((await nextBest('probe-tiny')).key).toBe('alerts');
    expect((await nextBest('probe-big')).key).toBe('alerts');

    await setThresholds({ minSegmentAccounts: 50, minCoOwners: 25 });
    const none = await nextBest('probe-tiny');
    expect(none.key).toBeUndefined();
    expect(none.reason).toBe(
      'No product the account lacks reaches confidence ≥ 0.2 and lift ≥ 0 in the overall figures ' +
        '(segment tiny has 4 accounts, fewer than 50), counting only pairs at least 25 accounts own together.',
    );
    await setThresholds(null);
  });

  it('refuses thresholds below 1 with 400 validation_failed', async () => {
    const res = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: thin.secretKey,
      body: { settings: { affinity: { minCoOwners: 0 } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toEqual(['settings', 'affinity', 'minCoOwners']);
  });
});

describe('affinity › scheduled recompute across instances', () => {
  it('two instances recomputing at once write one snapshot and bump the config version once', async () => {
    const many = await createWorkspace(ctx, { name: 'Two instances' });
    await seedProduct(ctx, many.workspaceId, { key: 'core', role: 'anchor' });
    await seedAccount(ctx, many.workspaceId, { id: 'a1', owns: ['core'] });
    // A second server instance on the same database, as another process would be.
    const other = { ...ctx, deps: { ...ctx.deps }, app: createApp({ ...ctx.deps }) };
    const version = async () => {
      const [row] = await ctx.database.db
        .select({ v: workspaces.configVersion })
        .from(workspaces)
        .where(eq(workspaces.id, many.workspaceId));
      return row?.v;
    };
    const before = await version();

    const ran = await Promise.all([
      recomputeIfChanged(ctx.deps, many.workspaceId),
      recomputeIfChanged(other.deps, many.workspaceId),
    ]);

    expect(ran.sort()).toEqual([false, true]);
    const [snapshots] = await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from affinity_snapshots where workspace_id = ${many.workspaceId}`,
    );
    expect(snapshots?.n).toBe(1);
    expect(await version()).toBe((before ?? 0) + 1);
  });
});
