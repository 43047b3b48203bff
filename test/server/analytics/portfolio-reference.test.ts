import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, entitlements } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedProducts } from '../../support/money-builders.ts';

/**
 * The SQL aggregates against a direct computation: random ownership histories (starts, ends,
 * trials, several segments) and, per month close, the products each account owns then, counted
 * account by account. Catches an off-by-one at a month boundary or a wrong middle rank that a
 * hand-computed fixture of six accounts could miss.
 */
const DAY = 86_400_000;
const PRODUCTS = ['core', 'reports', 'alerts', 'sso', 'audit'];
const PRICES: Record<string, number> = {
  core: 10_000,
  reports: 4_900,
  alerts: 1_000,
  sso: 3_000,
  audit: 2_500,
};
const FROM = new Date(Date.UTC(2025, 0, 15));
const TO = new Date(Date.UTC(2025, 8, 20, 12));

interface Span {
  account: string;
  product: string;
  start: number;
  end: number | null;
  paid: boolean;
}

let ctx: TestContext;
let sk: string;
const spans: Span[] = [];

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

beforeAll(async () => {
  ctx = await createTestApp();
  ctx.clock.now = TO;
  const ws = await createWorkspace(ctx, { name: 'reference' });
  sk = ws.secretKey;
  await seedProducts(
    ctx,
    ws.workspaceId,
    PRODUCTS.map((key) => ({ key, amount: PRICES[key] ?? 0 })),
  );
  const next = random(20_261_203);
  const accountRows = [];
  const rows = [];
  for (let n = 0; n < 120; n++) {
    const account = `acc${n}`;
    accountRows.push({
      workspaceId: ws.workspaceId,
      id: account,
      name: account,
      segment: n % 3 ? 'smb' : 'ent',
    });
    for (const product of PRODUCTS) {
      if (next() < 0.45) continue;
      // Starts from a year before the range to its end; some land exactly on a month's close (the
      // last millisecond the series reads) or just after it, and some end there.
      const close = () => Date.UTC(2025, Math.floor(next() * 8) + 1, 1) - (next() < 0.5 ? 1 : 0);
      const start = next() < 0.15 ? close() : FROM.getTime() - 365 * DAY + Math.floor(next() * 600 * DAY);
      const ended = next() < 0.25;
      const end = !ended
        ? null
        : next() < 0.3
          ? Math.max(close(), start + 1)
          : start + Math.floor(next() * 200 * DAY) + 1;
      const paid = next() > 0.1;
      spans.push({ account, product, start, end, paid });
      rows.push({
        workspaceId: ws.workspaceId,
        accountId: account,
        productKey: product,
        status: paid ? (ended ? ('cancelled' as const) : ('active' as const)) : ('trial' as const),
        source: paid ? ('host' as const) : ('trial' as const),
        startedAt: new Date(start),
        endedAt: end === null ? null : new Date(end),
      });
    }
  }
  await ctx.database.db.insert(accounts).values(accountRows);
  await ctx.database.db.insert(entitlements).values(rows);
});
afterAll(() => ctx.close());

const ownedAt = (t: number, segment?: string) => {
  const owned = new Map<string, string[]>();
  for (const s of spans) {
    if (!s.paid || s.start > t || (s.end !== null && s.end <= t)) continue;
    if (segment && (Number(s.account.slice(3)) % 3 ? 'smb' : 'ent') !== segment) continue;
    owned.set(s.account, [...(owned.get(s.account) ?? []), s.product]);
  }
  return [...owned.values()];
};

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
};

/**
 * Days from first to second paid product, for accounts whose second started in [from, to): the
 * second is the earliest start while another paid product was owned (started no later, not ended).
 */
const secondDays = (from: number, to: number) => {
  const paid = new Map<string, Span[]>();
  for (const s of spans) if (s.paid) paid.set(s.account, [...(paid.get(s.account) ?? []), s]);
  return [...paid.values()].flatMap((list) => {
    const first = Math.min(...list.map((s) => s.start));
    const overlapping = list.filter((s) =>
      list.some((o) => o !== s && o.start <= s.start && (o.end === null || o.end > s.start)),
    );
    if (overlapping.length === 0) return [];
    const second = Math.min(...overlapping.map((s) => s.start));
    return second >= from && second < to ? [(second - first) / DAY] : [];
  });
};

const query = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;
const get = (path: string) => call(ctx, 'GET', `/v1/admin/analytics/${path}`, { key: sk });

describe('portfolio aggregates against a direct computation', () => {
  it('each month close: products per customer, multi-product share and time to second product', async () => {
    const res = await get(`portfolio?${query}`);
    expect(res.status).toBe(200);
    const closes = [...[1, 2, 3, 4, 5, 6, 7, 8].map((m) => Date.UTC(2025, m, 1) - 1), TO.getTime() - 1];
    expect(res.body.points).toHaveLength(closes.length);
    for (const [i, t] of closes.entries()) {
      const owned = ownedAt(t);
      const counts = owned.map((p) => p.length);
      const mrr = owned.map((p) => p.reduce((sum, key) => sum + (PRICES[key] ?? 0), 0));
      const multi = owned.reduce((sum, p, j) => sum + (p.length >= 2 ? (mrr[j] ?? 0) : 0), 0);
      const point = res.body.points[i];
      expect(point.date).toBe(new Date(t).toISOString().slice(0, 10));
      expect(point.productsPerCustomerMean).toBeCloseTo(
        counts.reduce((a, b) => a + b, 0) / counts.length,
        10,
      );
      expect(point.productsPerCustomerMedian).toBe(median(counts));
      expect(point.multiProductRevenueShare).toBeCloseTo(multi / mrr.reduce((a, b) => a + b, 0), 10);
      expect(point.timeToSecondProductDays).toBeCloseTo(median(secondDays(0, t + 1)) ?? Number.NaN, 8);
    }
  });

  it('products per customer now, and within a segment', async () => {
    for (const segment of [undefined, 'ent']) {
      const res = await get(`products-per-customer?${query}${segment ? `&segment=${segment}` : ''}`);
      const counts = ownedAt(TO.getTime(), segment).map((p) => p.length);
      expect(res.body.customers).toBe(counts.length);
      expect(res.body.median).toBe(median(counts));
      const histogram = new Map<number, number>();
      for (const c of counts) histogram.set(c, (histogram.get(c) ?? 0) + 1);
      expect(res.body.distribution).toEqual(
        [...histogram].sort(([a], [b]) => a - b).map(([products, accounts]) => ({ products, accounts })),
      );
    }
  });

  it('time to second product within the range, and the adoption matrix now', async () => {
    const days = secondDays(FROM.getTime(), TO.getTime());
    const tts = await get(`time-to-second-product?${query}`);
    expect(tts.body.accounts).toBe(days.length);
    expect(tts.body.medianDays).toBeCloseTo(median(days) ?? Number.NaN, 8);
    expect(tts.body.meanDays).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 8);

    const adoption = await get(`adoption?${query}`);
    const owned = ownedAt(TO.getTime());
    for (const cell of adoption.body.cells as Array<{
      antecedent: string;
      consequent: string;
      both: number;
    }>) {
      const both = owned.filter((p) => p.includes(cell.antecedent) && p.includes(cell.consequent)).length;
      expect(cell.both, `${cell.antecedent}>${cell.consequent}`).toBe(both);
    }
    expect(adoption.body.cells).toHaveLength(PRODUCTS.length * (PRODUCTS.length - 1));
  });
});
