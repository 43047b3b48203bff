import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, entitlements } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedProducts } from '../../support/money-builders.ts';

/**
 * Time to second product counts the first product bought while another is owned: a plan switched
 * for another, or a customer coming back after leaving, still owns one product.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
const at = (days: number) => new Date(T0 + days * DAY);

let ctx: TestContext;
let sk: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ctx.clock.now = at(100);
  const ws = await createWorkspace(ctx, { name: 'second product' });
  sk = ws.secretKey;
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'starter', amount: 10_000 },
    { key: 'pro', amount: 30_000 },
    { key: 'reports', amount: 4_900 },
  ]);
  const span = (accountId: string, productKey: string, from: number, to: number | null) => ({
    workspaceId: ws.workspaceId,
    accountId,
    productKey,
    status: to === null ? ('active' as const) : ('cancelled' as const),
    source: 'host' as const,
    startedAt: at(from),
    endedAt: to === null ? null : at(to),
  });
  await ctx.database.db.insert(accounts).values(
    ['switched', 'returned', 'added', 'together'].map((id) => ({
      workspaceId: ws.workspaceId,
      id,
      name: id,
    })),
  );
  await ctx.database.db.insert(entitlements).values([
    // Starter replaced by Pro on day 30: one plan at a time.
    span('switched', 'starter', 0, 30),
    span('switched', 'pro', 30, null),
    // Left on day 10, came back with another product on day 20.
    span('returned', 'starter', 0, 10),
    span('returned', 'reports', 20, null),
    // A second product 40 days after the first.
    span('added', 'starter', 0, null),
    span('added', 'reports', 40, null),
    // Both bought the same day (a bundle): the second product on day 0.
    span('together', 'pro', 5, null),
    span('together', 'reports', 5, null),
  ]);
});
afterAll(() => ctx.close());

describe('time to second product', () => {
  it('counts the accounts owning two products at once, from their first', async () => {
    const res = await call(
      ctx,
      'GET',
      `/v1/admin/analytics/time-to-second-product?from=${at(-1).toISOString()}&to=${at(100).toISOString()}`,
      { key: sk },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accounts: 2, medianDays: 20, meanDays: 20 });
  });
});
