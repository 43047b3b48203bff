/**
 * Portfolio metrics, pure. The database reduces ownership to small aggregates (how many accounts
 * own n products at an instant, and their MRR; how many own each set of products), so these
 * functions see a few hundred rows however many accounts there are.
 */
import { type OwnershipRow, pairKey } from './affinity.ts';

/** Accounts owning exactly `products` paid products at one instant, and their MRR (minor units). */
export interface OwnershipBucket {
  products: number;
  accounts: number;
  mrr: number;
}

/** The median of a distribution given as (value, count) pairs sorted by value. */
function histogramMedian(buckets: readonly OwnershipBucket[], total: number): number | null {
  if (total === 0) return null;
  const valueAt = (position: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.accounts;
      if (position < seen) return b.products;
    }
    return buckets[buckets.length - 1]?.products ?? 0;
  };
  const mid = Math.floor(total / 2);
  return total % 2 === 1 ? valueAt(mid) : (valueAt(mid - 1) + valueAt(mid)) / 2;
}

export function productsPerCustomer(buckets: readonly OwnershipBucket[]) {
  const sorted = [...buckets].filter((b) => b.accounts > 0).sort((a, b) => a.products - b.products);
  const customers = sorted.reduce((n, b) => n + b.accounts, 0);
  const owned = sorted.reduce((n, b) => n + b.products * b.accounts, 0);
  return {
    customers,
    mean: customers > 0 ? owned / customers : null,
    median: histogramMedian(sorted, customers),
    distribution: sorted.map(({ products, accounts }) => ({ products, accounts })),
  };
}

export function revenueMix(buckets: readonly OwnershipBucket[]) {
  const single = { accounts: 0, mrr: 0 };
  const multi = { accounts: 0, mrr: 0 };
  for (const b of buckets) {
    const bucket = b.products >= 2 ? multi : single;
    bucket.accounts += b.accounts;
    bucket.mrr += b.mrr;
  }
  const total = single.mrr + multi.mrr;
  return { single, multi, multiShare: total > 0 ? multi.mrr / total : null };
}

/**
 * Attach rates from accounts grouped by the products they own: of accounts owning A, how many also
 * own B — every ordered pair of owned products, zeros included.
 */
export function adoptionMatrix(ownership: readonly OwnershipRow[]) {
  const owners = new Map<string, number>();
  const both = new Map<string, number>();
  for (const { items, count } of ownership) {
    const products = [...new Set(items)];
    for (const a of products) {
      owners.set(a, (owners.get(a) ?? 0) + count);
      for (const b of products) if (a !== b) both.set(pairKey(a, b), (both.get(pairKey(a, b)) ?? 0) + count);
    }
  }
  const keys = [...owners.keys()].filter((key) => (owners.get(key) ?? 0) > 0).sort();
  return {
    products: keys.map((key) => ({ key, accounts: owners.get(key) ?? 0 })),
    cells: keys.flatMap((a) =>
      keys
        .filter((b) => b !== a)
        .map((b) => {
          const n = both.get(pairKey(a, b)) ?? 0;
          return { antecedent: a, consequent: b, both: n, rate: n / (owners.get(a) ?? 1) };
        }),
    ),
  };
}

/**
 * Ends of the calendar months (UTC) that intersect [from, to], the last clipped to `to`; at most
 * `max`, the latest kept so a long range still ends at `to` without a gap.
 */
export function monthEnds(from: Date, to: Date, max = 24): Date[] {
  const monthStart = (d: Date, back: number) =>
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
  const ends = [to];
  let cursor = monthStart(to, 0);
  if (cursor.getTime() >= to.getTime()) cursor = monthStart(to, 1);
  while (ends.length < max && cursor.getTime() > from.getTime()) {
    ends.unshift(cursor);
    cursor = monthStart(cursor, 1);
  }
  return ends;
}

/** One retention cohort's totals; `nrr` = MRR now / MRR then, null without MRR then. */
function cohort(rows: ReadonlyArray<{ accounts: number; startMrr: number; endMrr: number }>) {
  const accounts = rows.reduce((n, r) => n + r.accounts, 0);
  const startMrr = rows.reduce((n, r) => n + r.startMrr, 0);
  const endMrr = rows.reduce((n, r) => n + r.endMrr, 0);
  return { accounts, startMrr, endMrr, nrr: startMrr > 0 ? endMrr / startMrr : null };
}

/**
 * Net revenue retention of the customers paying at the start, single- and multi-product apart and
 * together, and how many points more the multi-product ones kept (the domain's +20–40 typical).
 */
export function netRevenueRetention(
  rows: ReadonlyArray<{ multi: boolean; accounts: number; startMrr: number; endMrr: number }>,
) {
  const single = cohort(rows.filter((r) => !r.multi));
  const multi = cohort(rows.filter((r) => r.multi));
  return {
    single,
    multi,
    all: cohort(rows),
    multiProductPremium: single.nrr !== null && multi.nrr !== null ? multi.nrr - single.nrr : null,
  };
}

/**
 * The instants a period's MRR movements run between: its start, then each month's end (monthEnds).
 * Past monthEnds' 24 months, the first runs from the start of the earliest month shown, not from
 * a start years earlier.
 */
export function movementInstants(from: Date, to: Date): Date[] {
  const ends = monthEnds(from, to);
  const first = ends[0] ?? to;
  const monthBefore = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1);
  return [new Date(Math.max(from.getTime(), monthBefore)), ...ends];
}

/** MRR moved between two consecutive instants, by kind (queries/portfolio.ts mrrMovementRows). */
export interface MrrMovementRow {
  /** The instant the movements lead up to (1-based in the instants given; 1 is before the first). */
  at: number;
  /** Every account's MRR change together: summed up to an instant, the MRR at that instant. */
  net: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churned: number;
}

/** An average month, for rates per month over spans that are not whole months. */
const MONTH_MS = (365.25 / 12) * 86_400_000;

/**
 * The MRR movements of each span between consecutive `instants` (the period's start, then each
 * month's end), and the expansion velocity: the MRR existing customers added per month, as a share
 * of the MRR they paid. A rate is per month of time, so a partial first or last month compares with
 * whole ones; over the period, months weigh by the MRR and time they cover.
 */
export function mrrMovements(rows: readonly MrrMovementRow[], instants: readonly Date[]) {
  const at = new Map(rows.map((r) => [r.at, r]));
  let mrr = rows.filter((r) => r.at === 1).reduce((n, r) => n + r.net, 0);
  let exposure = 0;
  let expanded = 0;
  const months = instants.slice(1).map((end, i) => {
    const start = instants[i] as Date;
    const moved = at.get(i + 2);
    const startMrr = mrr;
    mrr += moved?.net ?? 0;
    const monthsLong = (end.getTime() - start.getTime()) / MONTH_MS;
    const expansionMrr = moved?.expansion ?? 0;
    exposure += startMrr * monthsLong;
    expanded += expansionMrr;
    return {
      from: start.toISOString(),
      to: end.toISOString(),
      startMrr,
      newMrr: moved?.newMrr ?? 0,
      expansionMrr,
      contractionMrr: moved?.contraction ?? 0,
      churnedMrr: moved?.churned ?? 0,
      endMrr: mrr,
      expansionRate: startMrr > 0 && monthsLong > 0 ? expansionMrr / (startMrr * monthsLong) : null,
    };
  });
  return { months, expansionVelocity: exposure > 0 ? expanded / exposure : null };
}
