import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, entitlements } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedCampaign, seedProducts } from '../../support/money-builders.ts';

/**
 * Analytics sliced by the account's plan (tier) and signup cohort, beside segment. Six accounts,
 * synced through the host-data API (so their plans reach the vocabulary): two Starter accounts that
 * signed up in January 2026, two Pro accounts in March 2026, one Pro account in January 2026, one
 * Starter test account. Each real account got one decision of one campaign; the Pro ones own two
 * products, the Starter ones one.
 */
const DAY = 86_400_000;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
const ACCOUNTS = [
  { id: 's1', plan: 'starter', signupAt: '2026-01-05T00:00:00Z' },
  { id: 's2', plan: 'starter', signupAt: '2026-01-31T23:59:59Z' },
  { id: 'p1', plan: 'pro', signupAt: '2026-03-01T00:00:00Z' },
  { id: 'p2', plan: 'pro', signupAt: '2026-03-20T00:00:00Z' },
  { id: 'p3', plan: 'pro', signupAt: '2026-01-10T00:00:00Z' },
];

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Slices' });
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws.workspaceId, 'reports');
  const synced = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
    key: ws.secretKey,
    body: {
      items: [
        ...ACCOUNTS.map((a) => ({ ...a, segment: 'smb' })),
        { id: 't1', plan: 'starter', segment: 'smb', signupAt: '2026-01-07T00:00:00Z', test: true },
      ],
    },
  });
  expect(synced.status).toBe(200);
  const now = ctx.clock.now;
  await ctx.database.db.insert(decisions).values(
    [...ACCOUNTS.map((a) => a.id), 't1'].map((accountId) => ({
      workspaceId: ws.workspaceId,
      id: randomUUID(),
      campaignId,
      campaignVersion: 1,
      accountId,
      userId: `${accountId}_u`,
      outcome: 'served' as const,
      channel: 'in_app' as const,
      targetKind: 'product',
      targetKey: 'reports',
      motion: 'upsell_addon',
      createdAt: new Date(now.getTime() - DAY),
    })),
  );
  const own = (accountId: string, productKey: string) => ({
    workspaceId: ws.workspaceId,
    accountId,
    productKey,
    status: 'active' as const,
    source: 'host' as const,
    startedAt: new Date(now.getTime() - 400 * DAY),
  });
  await ctx.database.db
    .insert(entitlements)
    .values([
      ...ACCOUNTS.map((a) => own(a.id, 'core')),
      ...ACCOUNTS.filter((a) => a.plan === 'pro').map((a) => own(a.id, 'reports')),
      own('t1', 'core'),
    ]);
});
afterAll(() => ctx.close());

const get = (path: string) => call(ctx, 'GET', `/v1/admin/analytics/${path}`, { key: ws.secretKey });
const eligible = async (query: string) =>
  (await get(`campaigns/${campaignId}/funnel?${query}`)).body.eligible;

describe('analytics sliced by plan and signup cohort', () => {
  it('counts a campaign’s accounts of one plan, one signup month, or both', async () => {
    expect(await eligible('')).toBe(5);
    expect(await eligible('plan=pro')).toBe(3);
    expect(await eligible('plan=starter')).toBe(2);
    // January 2026 in UTC: s1, s2 (the month's last second) and p3; the test account never.
    expect(await eligible('cohort=2026-01')).toBe(3);
    expect(await eligible('cohort=2026-03')).toBe(2);
    expect(await eligible('cohort=2026-01&plan=pro')).toBe(1);
    expect(await eligible('cohort=2026-02')).toBe(0);
  });

  it('slices the portfolio reports too: products per customer and net revenue retention', async () => {
    const pro = await get('products-per-customer?plan=pro');
    expect(pro.body).toMatchObject({ customers: 3, mean: 2, median: 2 });
    const january = await get('products-per-customer?cohort=2026-01');
    expect(january.body).toMatchObject({
      customers: 3,
      distribution: [
        { products: 1, accounts: 2 },
        { products: 2, accounts: 1 },
      ],
    });
    const nrr = await get('net-revenue-retention?plan=starter');
    expect(nrr.body).toMatchObject({
      single: { accounts: 2, startMrr: 20_000, endMrr: 20_000, nrr: 1 },
      multi: { accounts: 0 },
    });
  });

  it('lists the plans the host synced, for the console’s filter', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/vocabulary/plan', { key: ws.secretKey });
    expect(res.body.data.map((e: { name: string }) => e.name)).toEqual(['pro', 'starter']);
  });

  it('refuses a cohort that is not a month', async () => {
    for (const cohort of ['2026-13', '2026-1', 'january']) {
      const res = await get(`funnel?cohort=${cohort}`);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
  });
});
