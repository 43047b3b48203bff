import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, entitlements, events, purchases, trials } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { csvRecords, parseCsv } from '../../support/csv.ts';
import { seedAccount, seedCampaign, seedProducts } from '../../support/money-builders.ts';

/**
 * A hand-computed fixture. Workspace A: campaign "reports" with 40 treated and 20 held-out
 * accounts; 10 treated accounts buy through the prompt, 2 held-out accounts buy via the host.
 * Workspace B: six customers with known ownership histories.
 */
const DAY = 86_400_000;
let ctx: TestContext;
let skA: string;
let skB: string;
let campaignId: string;
let otherCampaign: string;
let t0: Date;
const at = (days: number) => new Date(t0.getTime() + days * DAY);

async function seedWorkspaceA(ws: string) {
  const db = ctx.database.db;
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws, 'reports', { motion: 'upsell_addon' });
  otherCampaign = await seedCampaign(ctx, ws, 'core', { motion: 'cross_sell_platform' });
  const decisionRows = [];
  const eventRows = [];
  for (let i = 0; i < 60; i++) {
    const accountId = `a${i}`;
    const held = i >= 40;
    await seedAccount(ctx, ws, accountId, { segment: 'smb' });
    // Two decisions per account (two seats): counts are of distinct accounts.
    for (const seat of [1, 2]) {
      decisionRows.push({
        workspaceId: ws,
        id: randomUUID(),
        campaignId,
        campaignVersion: 1,
        accountId,
        userId: `${accountId}_u${seat}`,
        outcome: held ? ('held_out' as const) : ('served' as const),
        holdout: held,
        channel: 'in_app' as const,
        targetKind: 'product',
        targetKey: 'reports',
        motion: 'upsell_addon',
        createdAt: at(seat === 1 ? 0 : 0.5),
      });
    }
    const names = [
      ...(i < 30 ? ['message.shown', 'message.shown'] : []),
      ...(i < 15 ? ['message.clicked'] : []),
      ...(i >= 25 && i < 30 ? ['message.dismissed'] : []),
    ];
    for (const name of names) {
      eventRows.push({
        workspaceId: ws,
        id: randomUUID(),
        name,
        accountId,
        userId: `${accountId}_u1`,
        ts: at(1),
        source: 'widget' as const,
        campaignId,
      });
    }
  }
  await db.insert(decisions).values(decisionRows);
  await db.insert(events).values(eventRows);
  // An event outside the range does not count.
  await db.insert(events).values({
    workspaceId: ws,
    id: randomUUID(),
    name: 'message.clicked',
    accountId: 'a20',
    ts: at(-30),
    source: 'widget',
    campaignId,
  });
  for (let i = 0; i < 4; i++) {
    await db.insert(trials).values({
      workspaceId: ws,
      accountId: `a${i}`,
      userId: `a${i}_u1`,
      productKey: 'reports',
      entitlementId: randomUUID(),
      campaignId,
      status: 'converted',
      plan: {},
      startedAt: at(1),
      endsAt: at(15),
    });
  }
  for (let i = 0; i < 10; i++) {
    await db.insert(purchases).values({
      workspaceId: ws,
      idempotencyKey: randomUUID(),
      requestHash: 'x',
      accountId: `a${i}`,
      userId: `a${i}_u1`,
      productKey: 'reports',
      campaignId,
      offer: {},
      amount: 4_900,
      currency: 'USD',
      interval: 'month',
      status: i === 0 ? 'completed' : 'pending',
      createdAt: at(2 + i),
    });
  }
  // A failed purchase is not a conversion.
  await db.insert(purchases).values({
    workspaceId: ws,
    idempotencyKey: randomUUID(),
    requestHash: 'x',
    accountId: 'a11',
    userId: 'a11_u1',
    productKey: 'reports',
    campaignId,
    offer: {},
    amount: 4_900,
    currency: 'USD',
    interval: 'month',
    status: 'failed',
    createdAt: at(3),
  });
  // Held-out accounts that bought through the host count for the holdout arm; one bought before the decision.
  await db.insert(entitlements).values([
    {
      workspaceId: ws,
      accountId: 'a40',
      productKey: 'reports',
      status: 'active',
      source: 'host',
      startedAt: at(20),
    },
    {
      workspaceId: ws,
      accountId: 'a41',
      productKey: 'reports',
      status: 'active',
      source: 'host',
      startedAt: at(30),
    },
    {
      workspaceId: ws,
      accountId: 'a42',
      productKey: 'reports',
      status: 'active',
      source: 'host',
      startedAt: at(-5),
    },
  ]);
}

async function seedWorkspaceB(ws: string) {
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
    { key: 'alerts', amount: 12_000, interval: 'year' },
  ]);
  const own = (
    accountId: string,
    productKey: string,
    startDay: number,
    extra: Partial<typeof entitlements.$inferInsert> = {},
  ) => ({
    workspaceId: ws,
    accountId,
    productKey,
    status: 'active' as const,
    source: 'host' as const,
    startedAt: at(startDay),
    ...extra,
  });
  for (const id of ['b1', 'b2', 'b4', 'b5', 'b6', 'b7']) await seedAccount(ctx, ws, id);
  await seedAccount(ctx, ws, 'b3', { segment: 'enterprise' });
  await ctx.database.db
    .insert(entitlements)
    .values([
      own('b1', 'core', -100),
      own('b2', 'core', -100),
      own('b2', 'reports', -90),
      own('b3', 'core', -100),
      own('b3', 'reports', -80),
      own('b3', 'alerts', -10),
      own('b4', 'core', -100),
      own('b4', 'alerts', -70),
      own('b4', 'reports', -5),
      own('b7', 'core', -100),
      own('b7', 'reports', -50),
      own('b7', 'alerts', -40),
      own('b5', 'reports', -60, { status: 'revoked', source: 'purchase', endedAt: at(-59) }),
      own('b6', 'core', -100),
      own('b6', 'alerts', -3, { status: 'trial', source: 'trial', endsAt: at(11) }),
    ]);
}

beforeAll(async () => {
  ctx = await createTestApp();
  t0 = new Date(Date.UTC(2026, 5, 10));
  ctx.clock.now = at(40);
  const a = await createWorkspace(ctx, { name: 'A' });
  const b = await createWorkspace(ctx, { name: 'B' });
  skA = a.secretKey;
  skB = b.secretKey;
  await seedWorkspaceA(a.workspaceId);
  await seedWorkspaceB(b.workspaceId);
});
afterAll(() => ctx.close());

const range = () => `from=${at(-1).toISOString()}&to=${at(40).toISOString()}`;
const get = (sk: string, path: string) => call(ctx, 'GET', `/v1/admin/analytics/${path}`, { key: sk });

describe('analytics on a hand-computed fixture', () => {
  it('GET /v1/admin/analytics/campaigns/{id}/funnel counts distinct accounts per stage, and revenue', async () => {
    const res = await get(skA, `campaigns/${campaignId}/funnel?${range()}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      campaignId,
      eligible: 60,
      heldOut: 20,
      treated: 40,
      shown: 30,
      clicked: 15,
      dismissed: 5,
      trialsStarted: 4,
      converted: 10,
      revenue: 49_000,
      currency: 'USD',
    });
    const list = await get(skA, `funnel?${range()}&motion=upsell_addon`);
    expect(list.body.data.map((r: { campaignId: string }) => r.campaignId)).toEqual([campaignId]);
    const all = await get(skA, `funnel?${range()}`);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.data.find((r: { campaignId: string }) => r.campaignId === otherCampaign)).toMatchObject({
      eligible: 0,
      converted: 0,
    });
    const otherSegment = await get(skA, `campaigns/${campaignId}/funnel?${range()}&segment=enterprise`);
    expect(otherSegment.body.eligible).toBe(0);
  });

  it('GET /v1/admin/analytics/campaigns/{id}/daily: the funnel per UTC day, quiet days at zero', async () => {
    const res = await get(
      skA,
      `campaigns/${campaignId}/daily?from=${at(0).toISOString()}&to=${at(14).toISOString()}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.campaignId).toBe(campaignId);
    const days = res.body.days as Array<{
      date: string;
      shown: number;
      clicked: number;
      dismissed: number;
      trialsStarted: number;
      converted: number;
    }>;
    expect(days.map((d) => d.date)).toEqual(
      Array.from({ length: 14 }, (_, i) => at(i).toISOString().slice(0, 10)),
    );
    // Day 1: the interactions (30 accounts saw it, 15 clicked) and the 4 trials; days 2–11: one
    // purchase each (the failed one on day 3 is not a conversion).
    expect(days[1]).toMatchObject({ shown: 30, clicked: 15, dismissed: 5, trialsStarted: 4 });
    expect(days.reduce((n, d) => n + d.dismissed, 0)).toBe(5);
    expect(days.map((d) => d.converted)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(days.reduce((n, d) => n + d.shown, 0)).toBe(30);
    // The segment filter applies here too.
    const enterprise = await get(
      skA,
      `campaigns/${campaignId}/daily?from=${at(0).toISOString()}&to=${at(14).toISOString()}&segment=enterprise`,
    );
    expect(
      enterprise.body.days.every(
        (d: { shown: number; converted: number }) => d.shown === 0 && d.converted === 0,
      ),
    ).toBe(true);
    const missing = await get(skA, `campaigns/${randomUUID()}/daily?${range()}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'campaign_not_found']);
  });

  it('GET /v1/admin/analytics/lift: 25% vs 10% → +0.15 with the 95% Newcombe interval', async () => {
    const res = await get(skA, `lift?${range()}&campaign=${campaignId}`);
    const [row] = res.body.data;
    expect(row.treatment).toEqual({ accounts: 40, conversions: 10, rate: 0.25 });
    expect(row.holdout).toEqual({ accounts: 20, conversions: 2, rate: 0.1 });
    expect(row.lift).toBeCloseTo(0.15, 12);
    expect(row.relative).toBeCloseTo(1.5, 12);
    // Wilson 10/40: [0.141871, 0.401940]; 2/20: [0.027866, 0.301034] (z = 1.959964), so
    // CI = 0.15 − √(0.108129² + 0.201034²), 0.15 + √(0.151940² + 0.072134²)
    expect(row.interval.low).toBeCloseTo(-0.07826819264519846, 6);
    expect(row.interval.high).toBeCloseTo(0.31819301805570477, 6);
    expect([row.significant, row.reliable]).toEqual([false, false]);
    // 20 of 60 held out where the campaign's 10 % expects 6: χ² = 14²/6 + 14²/54 = 36.3.
    expect(row.sampleRatio).toMatchObject({
      expectedHoldoutShare: 0.1,
      observedHoldoutShare: 1 / 3,
      mismatch: true,
    });
    expect(row.sampleRatio.pValue).toBeCloseTo(1.694856e-9, 14);
  });

  it('GET /v1/admin/analytics/motions: treated conversion per motion beside its benchmark', async () => {
    const res = await get(skA, `motions?${range()}`);
    expect(res.body.data).toEqual([
      {
        motion: 'upsell_addon',
        served: 40,
        conversions: 10,
        rate: 0.25,
        benchmark: { low: 0.08, high: 0.15 },
      },
    ]);
  });

  it('GET /v1/admin/analytics/products-per-customer: median 2.5 of [1,1,2,3,3,3]', async () => {
    const res = await get(skB, `products-per-customer?${range()}`);
    expect(res.body).toMatchObject({
      customers: 6,
      median: 2.5,
      distribution: [
        { products: 1, accounts: 2 },
        { products: 2, accounts: 1 },
        { products: 3, accounts: 3 },
      ],
    });
    expect(res.body.mean).toBeCloseTo(13 / 6, 12);
  });

  it('GET /v1/admin/analytics/products-per-customer narrows to a segment', async () => {
    const res = await get(skB, `products-per-customer?${range()}&segment=enterprise`);
    expect(res.body).toMatchObject({
      customers: 1,
      mean: 3,
      median: 3,
      distribution: [{ products: 3, accounts: 1 }],
    });
    const none = await get(skB, `products-per-customer?${range()}&segment=smb`);
    expect(none.body).toMatchObject({ customers: 0, mean: null, median: null, distribution: [] });
  });

  it('GET /v1/admin/analytics/portfolio: the state each month closed with, and the distribution now', async () => {
    const res = await get(skB, `portfolio?from=${at(-95).toISOString()}&to=${at(40).toISOString()}`);
    expect(res.status).toBe(200);
    const points = res.body.points;
    expect(points.map((p: { date: string }) => p.date)).toEqual([
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-19',
    ]);
    // 31 March: b2 and b3 own two products, b1, b4, b6 and b7 one; b5 has not bought yet.
    expect(points[0]).toMatchObject({ productsPerCustomerMedian: 1, timeToSecondProductDays: 15 });
    expect(points[0].productsPerCustomerMean).toBeCloseTo(8 / 6, 12);
    expect(points[0].multiProductRevenueShare).toBeCloseTo(29_800 / 69_800, 12);
    // 30 April: b4 and b7 reached their second product; b5's day-long ownership has ended.
    expect(points[1]).toMatchObject({ productsPerCustomerMedian: 2, timeToSecondProductDays: 25 });
    expect(points[1].productsPerCustomerMean).toBeCloseTo(10 / 6, 12);
    // 31 May: b3 and b7 own three (b3's alerts began that day), b4's reports not yet.
    expect(points[2]).toMatchObject({ productsPerCustomerMean: 2, productsPerCustomerMedian: 2 });
    expect(points[4]).toMatchObject({ productsPerCustomerMedian: 2.5, expansionMrr: 0 });
    expect(points[4].multiProductRevenueShare).toBeCloseTo(62_600 / 82_600, 12);
    expect(res.body).toMatchObject({
      currency: 'USD',
      distribution: [
        { products: 1, accounts: 2 },
        { products: 2, accounts: 1 },
        { products: 3, accounts: 3 },
      ],
    });
  });

  it('GET /v1/admin/analytics/time-to-second-product: median 25 days of [10, 20, 30, 50]', async () => {
    const res = await get(
      skB,
      `time-to-second-product?from=${at(-95).toISOString()}&to=${at(40).toISOString()}`,
    );
    expect(res.body).toEqual({ accounts: 4, medianDays: 25, meanDays: 27.5 });
  });

  it('GET /v1/admin/analytics/adoption and revenue-mix: attach rates and multi-product share', async () => {
    const adoption = await get(skB, `adoption?${range()}`);
    const cell = (a: string, b: string) =>
      adoption.body.cells.find(
        (c: { antecedent: string; consequent: string }) => c.antecedent === a && c.consequent === b,
      );
    expect(cell('core', 'reports')).toEqual({
      antecedent: 'core',
      consequent: 'reports',
      both: 4,
      rate: 4 / 6,
    });
    expect(cell('alerts', 'reports')).toMatchObject({ both: 3, rate: 1 });
    const mix = await get(skB, `revenue-mix?${range()}`);
    // single: b1, b6 = 2 × 10 000; multi: b2 14 900, b3/b4/b7 = 3 × (10 000 + 4 900 + 1 000)
    expect(mix.body).toMatchObject({
      single: { accounts: 2, mrr: 20_000 },
      multi: { accounts: 4, mrr: 62_600 },
    });
    expect(mix.body.multiShare).toBeCloseTo(62_600 / 82_600, 12);
  });

  it('GET /v1/admin/analytics/trials and expansion-mrr', async () => {
    const trialsRes = await get(skA, `trials?${range()}`);
    expect(trialsRes.body).toMatchObject({ started: 4, converted: 4, expired: 0, rate: 1 });
    const mrr = await get(skA, `expansion-mrr?${range()}`);
    expect(mrr.body.months.reduce((s: number, m: { mrr: number }) => s + m.mrr, 0)).toBe(49_000);
    expect(mrr.body.months.reduce((s: number, m: { purchases: number }) => s + m.purchases, 0)).toBe(10);
  });

  it('GET /v1/admin/analytics/campaigns.csv: every campaign’s funnel, revenue and lift, one row each', async () => {
    const res = await get(skA, `campaigns.csv?${range()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="attach-campaigns-${at(-1).toISOString().slice(0, 10)}-to-${at(40).toISOString().slice(0, 10)}.csv"`,
    );
    const rows = csvRecords(res.text);
    const byId = new Map(rows.map((r) => [r.campaign_id, r]));
    expect(byId.get(campaignId)).toEqual({
      campaign_id: campaignId,
      campaign: 'Attach reports',
      status: 'active',
      motion: 'upsell_addon',
      period_from: at(-1).toISOString(),
      period_to: at(40).toISOString(),
      eligible_accounts: '60',
      held_out_accounts: '20',
      treated_accounts: '40',
      shown_accounts: '30',
      clicked_accounts: '15',
      dismissed_accounts: '5',
      trial_accounts: '4',
      converted_accounts: '10',
      revenue: '490.00',
      currency: 'USD',
      treatment_conversion: '0.25',
      holdout_conversion: '0.1',
      lift: '0.15',
      lift_low_95: '-0.0783',
      lift_high_95: '0.3182',
      significant: 'false',
      sample_ratio_mismatch: 'true',
    });
    // A campaign nobody was decided for yet: its funnel is zero and it has no lift to report.
    expect(byId.get(otherCampaign)).toMatchObject({ eligible_accounts: '0', lift: '', significant: '' });
    expect(rows).toHaveLength(2);
  });

  it('campaigns.csv defuses a campaign name a spreadsheet would run as a formula, and refuses bad filters', async () => {
    const ws = await createWorkspace(ctx, { name: 'Formula' });
    await seedProducts(ctx, ws.workspaceId, [{ key: 'core', amount: 1_000, role: 'anchor' }]);
    await seedCampaign(ctx, ws.workspaceId, 'core', { name: '=HYPERLINK("http://evil.example","Open")' });
    const res = await get(ws.secretKey, `campaigns.csv?${range()}`);
    expect(res.text.split('\r\n')[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Open"")"`);
    expect(parseCsv(res.text)[1]?.[1]).toBe(`'=HYPERLINK("http://evil.example","Open")`);
    const bad = await get(
      ws.secretKey,
      `campaigns.csv?from=${at(5).toISOString()}&to=${at(1).toISOString()}`,
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('refuses an inverted range with 400', async () => {
    const res = await get(skA, `funnel?from=${at(5).toISOString()}&to=${at(1).toISOString()}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  });
});
