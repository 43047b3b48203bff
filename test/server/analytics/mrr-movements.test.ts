import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlements } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedProducts } from '../../support/money-builders.ts';

/**
 * A hand-computed fixture over two whole months, March and April 2026, list prices per month: core
 * 100.00, pro 150.00 (a plan above core), reports 50.00, ai 240.00 a year (20.00 a month).
 *
 * Paying on 1 March (750.00): e1, p1 and s1 core; e2, c1 and x1 core + reports.
 *   March: e1 buys reports (+50 expansion), c1 drops reports (−50 contraction), n1 starts on core
 *     (+100 new), x1 buys ai and drops it within the month (no movement) → 1 April: 850.00.
 *   April: e2 buys ai (+20 expansion), x1 cancels everything (−150 churned), p1 moves from core to
 *     pro the same instant (+50 expansion, the difference) → 1 May: 770.00.
 * Left out: t1 (a test account), s1's trial (not paid).
 */
const MAR = Date.parse('2026-03-01T00:00:00Z');
const APR = Date.parse('2026-04-01T00:00:00Z');
const MAY = Date.parse('2026-05-01T00:00:00Z');
const DAY = 86_400_000;
let ctx: TestContext;
let sk: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const ws = await createWorkspace(ctx, { name: 'MRR movements' });
  sk = ws.secretKey;
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'pro', amount: 15_000, role: 'anchor' },
    { key: 'reports', amount: 5_000 },
    { key: 'ai', amount: 24_000, interval: 'year' },
  ]);
  for (const id of ['e1', 'e2', 'c1', 'x1', 'n1', 's1'])
    await seedAccount(ctx, ws.workspaceId, id, { plan: 'core' });
  await seedAccount(ctx, ws.workspaceId, 'p1', { plan: 'pro' });
  await seedAccount(ctx, ws.workspaceId, 't1', { plan: 'core', test: true });
  const own = (accountId: string, productKey: string, from: number, until?: number) => ({
    workspaceId: ws.workspaceId,
    accountId,
    productKey,
    status: until === undefined ? ('active' as const) : ('cancelled' as const),
    source: 'host' as const,
    startedAt: new Date(from),
    ...(until === undefined ? {} : { endedAt: new Date(until) }),
  });
  const before = MAR - 100 * DAY;
  await ctx.database.db
    .insert(entitlements)
    .values([
      own('e1', 'core', before),
      own('e1', 'reports', MAR + 10 * DAY),
      own('e2', 'core', before),
      own('e2', 'reports', before),
      own('e2', 'ai', APR + 5 * DAY),
      own('c1', 'core', before),
      own('c1', 'reports', before, MAR + 20 * DAY),
      own('x1', 'core', before, APR + 3 * DAY),
      own('x1', 'reports', before, APR + 3 * DAY),
      own('x1', 'ai', MAR + 2 * DAY, MAR + 9 * DAY),
      own('n1', 'core', MAR + 15 * DAY),
      own('p1', 'core', before, APR + 12 * DAY),
      own('p1', 'pro', APR + 12 * DAY),
      { ...own('s1', 'ai', MAR + DAY), status: 'trial' as const, source: 'trial' as const },
      own('s1', 'core', before),
      own('t1', 'core', MAR + DAY),
    ]);
});
afterAll(() => ctx.close());

const report = (query = '') =>
  call(
    ctx,
    'GET',
    `/v1/admin/analytics/mrr-movements?from=${new Date(MAR).toISOString()}&to=${new Date(MAY).toISOString()}${query}`,
    { key: sk },
  );

describe('GET /v1/admin/analytics/mrr-movements', () => {
  it('splits each month’s MRR change into new, expansion, contraction and churn', async () => {
    const res = await report();
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('USD');
    expect(res.body.months).toEqual([
      {
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-04-01T00:00:00.000Z',
        startMrr: 75_000,
        newMrr: 10_000,
        expansionMrr: 5_000,
        contractionMrr: 5_000,
        churnedMrr: 0,
        endMrr: 85_000,
        expansionRate: expect.any(Number),
      },
      {
        from: '2026-04-01T00:00:00.000Z',
        to: '2026-05-01T00:00:00.000Z',
        startMrr: 85_000,
        newMrr: 0,
        expansionMrr: 7_000,
        contractionMrr: 0,
        churnedMrr: 15_000,
        endMrr: 77_000,
        expansionRate: expect.any(Number),
      },
    ]);
    // Rates per average month (30.44 days): March has 31 days, April 30.
    const month = 365.25 / 12;
    expect(res.body.months[0].expansionRate).toBeCloseTo(5_000 / (75_000 * (31 / month)), 12);
    expect(res.body.months[1].expansionRate).toBeCloseTo(7_000 / (85_000 * (30 / month)), 12);
    expect(res.body.expansionVelocity).toBeCloseTo(12_000 / ((75_000 * 31 + 85_000 * 30) / month), 12);
  });

  it('narrows to a slice of accounts as they are now', async () => {
    const res = await report('&plan=pro');
    expect(res.status).toBe(200);
    expect(
      res.body.months.map((m: { startMrr: number; expansionMrr: number }) => [m.startMrr, m.expansionMrr]),
    ).toEqual([
      [10_000, 0],
      [10_000, 5_000],
    ]);
  });

  it('answers an empty workspace with zeros and no velocity', async () => {
    const empty = await createWorkspace(ctx, { name: 'Empty' });
    const res = await call(ctx, 'GET', '/v1/admin/analytics/mrr-movements', { key: empty.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.expansionVelocity).toBeNull();
    expect(res.body.months.every((m: { startMrr: number }) => m.startMrr === 0)).toBe(true);
  });

  it('refuses a range that ends before it starts', async () => {
    const res = await call(
      ctx,
      'GET',
      `/v1/admin/analytics/mrr-movements?from=${new Date(MAY).toISOString()}&to=${new Date(MAR).toISOString()}`,
      { key: sk },
    );
    expect([res.status, res.body.error.code]).toEqual([400, expect.any(String)]);
  });
});
