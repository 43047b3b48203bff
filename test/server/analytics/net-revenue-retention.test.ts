import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlements } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedProducts } from '../../support/money-builders.ts';

/**
 * A hand-computed fixture, list prices per month: core 100.00, reports 49.00, ai 240.00 a year (20.00 a
 * month). On the day a year before the period's end:
 *   single-product: s1 core (kept) 100 → 100; s2 core (cancelled) 100 → 0; s3 core, reports later
 *     100 → 149 — 300 → 249, NRR 0.83;
 *   multi-product: m1 core + reports (kept) 149 → 149; m2 adds ai 149 → 169; m3 drops reports
 *     149 → 100 — 447 → 418, NRR 0.93512…;
 *   left out: n1 (new since), t1 (a test account), s1's trial of ai (not paid).
 */
const DAY = 86_400_000;
let ctx: TestContext;
let sk: string;
let end: Date;
const ago = (days: number) => new Date(end.getTime() - days * DAY);

beforeAll(async () => {
  ctx = await createTestApp();
  const ws = await createWorkspace(ctx, { name: 'Retention' });
  sk = ws.secretKey;
  end = ctx.clock.now;
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
    { key: 'ai', amount: 24_000, interval: 'year' },
  ]);
  for (const id of ['s1', 's2', 's3', 'm2', 'm3', 'n1'])
    await seedAccount(ctx, ws.workspaceId, id, { segment: 'smb' });
  await seedAccount(ctx, ws.workspaceId, 'm1', { segment: 'enterprise' });
  await seedAccount(ctx, ws.workspaceId, 't1', { segment: 'smb', test: true });
  const own = (accountId: string, productKey: string, since: number, endedDaysAgo?: number) => ({
    workspaceId: ws.workspaceId,
    accountId,
    productKey,
    status: endedDaysAgo === undefined ? ('active' as const) : ('cancelled' as const),
    source: 'host' as const,
    startedAt: ago(since),
    ...(endedDaysAgo === undefined ? {} : { endedAt: ago(endedDaysAgo) }),
  });
  await ctx.database.db
    .insert(entitlements)
    .values([
      own('s1', 'core', 400),
      { ...own('s1', 'ai', 20), status: 'trial' as const, source: 'trial' as const },
      own('s2', 'core', 400, 100),
      own('s3', 'core', 400),
      own('s3', 'reports', 200),
      own('m1', 'core', 400),
      own('m1', 'reports', 400),
      own('m2', 'core', 400),
      own('m2', 'reports', 400),
      own('m2', 'ai', 30),
      own('m3', 'core', 400),
      own('m3', 'reports', 400, 50),
      own('n1', 'core', 100),
      own('t1', 'core', 400),
    ]);
});
afterAll(() => ctx.close());

const report = (query = '') =>
  call(ctx, 'GET', `/v1/admin/analytics/net-revenue-retention?to=${end.toISOString()}${query}`, { key: sk });

describe('GET /v1/admin/analytics/net-revenue-retention', () => {
  it('keeps 83 % of the single-product and 93.5 % of the multi-product customers’ MRR over 12 months', async () => {
    const res = await report();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      to: end.toISOString(),
      currency: 'USD',
      single: { accounts: 3, startMrr: 30_000, endMrr: 24_900 },
      multi: { accounts: 3, startMrr: 44_700, endMrr: 41_800 },
      all: { accounts: 6, startMrr: 74_700, endMrr: 66_700 },
      benchmark: { low: 0.2, high: 0.4 },
    });
    expect(new Date(res.body.from).toISOString()).toBe(
      new Date(
        Date.UTC(
          end.getUTCFullYear() - 1,
          end.getUTCMonth(),
          end.getUTCDate(),
          end.getUTCHours(),
          end.getUTCMinutes(),
          end.getUTCSeconds(),
          end.getUTCMilliseconds(),
        ),
      ).toISOString(),
    );
    expect(res.body.single.nrr).toBeCloseTo(0.83, 12);
    expect(res.body.multi.nrr).toBeCloseTo(41_800 / 44_700, 12);
    expect(res.body.all.nrr).toBeCloseTo(66_700 / 74_700, 12);
    expect(res.body.multiProductPremium).toBeCloseTo(41_800 / 44_700 - 0.83, 12);
  });

  it('slices by segment, and has no ratio for a cohort without MRR a year ago', async () => {
    const enterprise = await report('&segment=enterprise');
    expect(enterprise.body).toMatchObject({
      single: { accounts: 0, startMrr: 0, endMrr: 0, nrr: null },
      multi: { accounts: 1, startMrr: 14_900, endMrr: 14_900, nrr: 1 },
      multiProductPremium: null,
    });
  });

  it('refuses a malformed period with a 400', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/analytics/net-revenue-retention?to=yesterday', { key: sk });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  });
});
