import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAffinity } from '../../../server/domain/affinity.ts';
import { recomputeIfChanged } from '../../../server/services/affinity.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedEntitlement, seedProduct } from '../../support/engine-builders.ts';

/** Tan, Steinbach & Kumar's market-basket transactions, as accounts owning products. */
const BASKETS: Array<[string, string, string[]]> = [
  ['t1', 'smb', ['bread', 'milk']],
  ['t2', 'smb', ['bread', 'diaper', 'beer', 'eggs']],
  ['t3', 'mid', ['milk', 'diaper', 'beer', 'cola']],
  ['t4', 'mid', ['bread', 'milk', 'diaper', 'beer']],
  ['t5', 'mid', ['bread', 'milk', 'diaper', 'cola']],
];
const PRODUCTS = ['bread', 'milk', 'diaper', 'beer', 'eggs', 'cola'];

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Market basket' });
  for (const key of PRODUCTS)
    await seedProduct(ctx, ws.workspaceId, { key, role: key === 'bread' ? 'anchor' : 'attach' });
  for (const [id, segment, owns] of BASKETS) await seedAccount(ctx, ws.workspaceId, { id, segment, owns });
  await seedAccount(ctx, ws.workspaceId, { id: 'empty', segment: 'smb' });
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
  });

  it('yields the textbook figures: {milk, diaper} → beer has support 2/6, confidence 2/3', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.overall.accounts).toBe(6);
    const rule = res.body.overall.rules.find(
      (r: { antecedent: string[]; consequent: string }) =>
        r.consequent === 'beer' && r.antecedent.join() === ['diaper', 'milk'].join(),
    );
    expect(rule).toMatchObject({ count: 2, support: 2 / 6, confidence: 2 / 3, lift: 2 / 3 / (3 / 6) });
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

  it('keeps workspaces apart', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const res = await call(ctx, 'POST', '/v1/admin/affinity/recompute', { key: other.secretKey });
    expect(res.body.overall.accounts).toBe(0);
  });
});
