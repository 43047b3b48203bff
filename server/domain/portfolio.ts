/**
 * Portfolio metrics over ownership history, pure. An entitlement is *paid* while it is not a trial:
 * from `startedAt` until `endedAt` (open-ended when null). Trials that never converted are excluded
 * by the caller (source `trial`).
 */
import { mean, median } from './lift.ts';
import { DAY_MS } from './time.ts';

export interface PaidSpan {
  accountId: string;
  productKey: string;
  startedAt: Date;
  endedAt: Date | null;
}

/** Products owned by each account at instant `at`. */
export function ownedAt(spans: readonly PaidSpan[], at: Date): Map<string, Set<string>> {
  const owned = new Map<string, Set<string>>();
  const t = at.getTime();
  for (const s of spans) {
    if (s.startedAt.getTime() > t || (s.endedAt && s.endedAt.getTime() <= t)) continue;
    const set = owned.get(s.accountId) ?? new Set<string>();
    set.add(s.productKey);
    owned.set(s.accountId, set);
  }
  return owned;
}

export function productsPerCustomer(spans: readonly PaidSpan[], at: Date) {
  const counts = [...ownedAt(spans, at).values()].map((s) => s.size);
  const histogram = new Map<number, number>();
  for (const c of counts) histogram.set(c, (histogram.get(c) ?? 0) + 1);
  return {
    customers: counts.length,
    mean: mean(counts),
    median: median(counts),
    distribution: [...histogram.entries()]
      .sort(([a], [b]) => a - b)
      .map(([products, accounts]) => ({ products, accounts })),
  };
}

/** Monthly list price of each product, minor units (yearly prices spread over 12 months). */
export type MonthlyPrices = ReadonlyMap<string, number>;

export function revenueMix(spans: readonly PaidSpan[], prices: MonthlyPrices, at: Date) {
  const single = { accounts: 0, mrr: 0 };
  const multi = { accounts: 0, mrr: 0 };
  for (const products of ownedAt(spans, at).values()) {
    const mrr = [...products].reduce((sum, p) => sum + (prices.get(p) ?? 0), 0);
    const bucket = products.size >= 2 ? multi : single;
    bucket.accounts += 1;
    bucket.mrr += mrr;
  }
  const total = single.mrr + multi.mrr;
  return { single, multi, multiShare: total > 0 ? multi.mrr / total : null };
}

/**
 * Days from an account's first paid product to its second, for accounts whose second product
 * started within [from, to).
 */
export function timeToSecond(spans: readonly PaidSpan[], from: Date, to: Date) {
  const starts = new Map<string, number[]>();
  for (const s of spans) {
    const list = starts.get(s.accountId) ?? [];
    list.push(s.startedAt.getTime());
    starts.set(s.accountId, list);
  }
  const days: number[] = [];
  for (const list of starts.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a - b);
    const [first = 0, second = 0] = list;
    if (second >= from.getTime() && second < to.getTime()) days.push((second - first) / DAY_MS);
  }
  return { accounts: days.length, medianDays: median(days), meanDays: mean(days) };
}

/** Attach rates at `at`: of accounts owning A, how many also own B. */
export function adoptionMatrix(spans: readonly PaidSpan[], at: Date) {
  const owners = new Map<string, number>();
  const both = new Map<string, number>();
  for (const products of ownedAt(spans, at).values()) {
    for (const a of products) {
      owners.set(a, (owners.get(a) ?? 0) + 1);
      for (const b of products) if (a !== b) both.set(`${a}>${b}`, (both.get(`${a}>${b}`) ?? 0) + 1);
    }
  }
  const keys = [...owners.keys()].sort();
  return {
    products: keys.map((key) => ({ key, accounts: owners.get(key) ?? 0 })),
    cells: keys.flatMap((a) =>
      keys
        .filter((b) => b !== a)
        .map((b) => {
          const n = both.get(`${a}>${b}`) ?? 0;
          return { antecedent: a, consequent: b, both: n, rate: n / (owners.get(a) ?? 1) };
        }),
    ),
  };
}

/** Ends of the calendar months (UTC) that intersect [from, to], the last clipped to `to`. */
export function monthEnds(from: Date, to: Date, max = 24): Date[] {
  const ends: Date[] = [];
  let cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  while (cursor.getTime() < to.getTime() && ends.length < max - 1) {
    ends.push(cursor);
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 1));
  }
  ends.push(to);
  return ends.slice(-max);
}
