/**
 * Product affinity from an ownership histogram (pure; the SQL side supplies the histogram).
 *
 *   computeAffinity(rows, computedAt, options?) → AffinitySnapshot   (overall + per segment)
 *   computeAffinitySlice(rows, options?)        → AffinitySlice      (one population)
 *   buildAffinityIndex(snapshot | null, thresholds?) → AffinityIndex (what decide reads)
 *   pairKey(antecedent, consequent)             → `${a}>${c}`
 *
 * Input: one row per distinct product set with the number of accounts owning exactly that set —
 * what `SELECT bit_or(bit) AS mask, count(*) … GROUP BY mask` yields once masks are mapped to keys.
 * Accounts owning nothing (items: []) are no basket and are left out, as the SQL leaves them out:
 * former customers and free accounts would otherwise lower every product's base rate and so raise
 * every lift (a host with as many free accounts as customers would see each lift doubled). Counting
 * itemsets over distinct sets (≤ 2^products rows, in practice a few hundred) rather than accounts
 * keeps this cheap at a million accounts.
 *
 * Definitions (N customers — accounts owning a product — in the slice): support(X) = n(X)/N;
 * confidence(A→B) = n(A∪B)/n(A);
 * lift(A→B) = n(A∪B)·N / (n(A)·n(B)). Computed from integer counts so fixtures compare exactly.
 * Zero denominators give 0.
 */
import type {
  AffinityItemset,
  AffinityPair,
  AffinityProduct,
  AffinityRule,
  AffinitySlice,
  AffinitySnapshot,
} from '../../shared/affinity.ts';
import { AffinityThresholds } from '../../shared/workspace.ts';
import type { AffinityIndex, AffinitySource, PairAffinity } from './types.ts';

export interface OwnershipRow {
  /** Product keys owned (order and duplicates do not matter). */
  items: readonly string[];
  /** Accounts owning exactly this set. */
  count: number;
  segment?: string | null | undefined;
}

export interface AffinityOptions {
  /** Minimum support for itemsets and rules to be listed (pairs are always all listed). Default 0.01. */
  minSupport?: number;
  /** Products to list even when nobody owns them (e.g. the whole catalogue). */
  products?: readonly string[];
  /** Segments with fewer accounts are left out (too noisy to trust). Default 1. */
  minSegmentAccounts?: number;
}

export const DEFAULT_MIN_SUPPORT = 0.01;
export const MAX_ITEMSET_SIZE = 3;

export function pairKey(antecedent: string, consequent: string): string {
  return `${antecedent}>${consequent}`;
}

const SEP = '\u0000';

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

/** Counts every subset of size 1–3 of each row, weighted by the row's count. */
function countSubsets(rows: readonly OwnershipRow[]): { total: number; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  let total = 0;
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const row of rows) {
    const items = [...new Set(row.items)].sort();
    if (row.count <= 0 || items.length === 0) continue;
    total += row.count;
    for (let i = 0; i < items.length; i++) {
      const a = items[i] as string;
      add(a, row.count);
      for (let j = i + 1; j < items.length; j++) {
        const ab = `${a}${SEP}${items[j]}`;
        add(ab, row.count);
        for (let k = j + 1; k < items.length; k++) add(`${ab}${SEP}${items[k]}`, row.count);
      }
    }
  }
  return { total, counts };
}

function buildPairs(keys: readonly string[], counts: Map<string, number>, total: number): AffinityPair[] {
  const pairs: AffinityPair[] = [];
  for (const a of keys) {
    for (const b of keys) {
      if (a === b) continue;
      const nA = counts.get(a) ?? 0;
      const nB = counts.get(b) ?? 0;
      const both = counts.get(a < b ? `${a}${SEP}${b}` : `${b}${SEP}${a}`) ?? 0;
      pairs.push({
        antecedent: a,
        consequent: b,
        count: both,
        support: ratio(both, total),
        confidence: ratio(both, nA),
        lift: ratio(both * total, nA * nB),
      });
    }
  }
  return pairs;
}

function buildRules(itemsets: readonly AffinityItemset[], counts: Map<string, number>, total: number) {
  const rules: AffinityRule[] = [];
  for (const set of itemsets) {
    if (set.items.length !== 3) continue;
    for (const consequent of set.items) {
      const antecedent = set.items.filter((x) => x !== consequent);
      const nAnte = counts.get(antecedent.join(SEP)) ?? 0;
      const nCons = counts.get(consequent) ?? 0;
      rules.push({
        antecedent,
        consequent,
        count: set.count,
        support: set.support,
        confidence: ratio(set.count, nAnte),
        lift: ratio(set.count * total, nAnte * nCons),
      });
    }
  }
  return rules.sort((x, y) => y.confidence - x.confidence || y.lift - x.lift || y.count - x.count);
}

/** Affinity over one population. Lists are sorted: products and pairs by key, itemsets by support. */
export function computeAffinitySlice(
  rows: readonly OwnershipRow[],
  options: AffinityOptions = {},
): AffinitySlice {
  const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
  const { total, counts } = countSubsets(rows);
  const keySet = new Set<string>(options.products ?? []);
  for (const key of counts.keys()) if (!key.includes(SEP)) keySet.add(key);
  const keys = [...keySet].sort();
  const products: AffinityProduct[] = keys.map((key) => {
    const count = counts.get(key) ?? 0;
    return { key, count, support: ratio(count, total) };
  });
  const itemsets: AffinityItemset[] = [];
  for (const [key, count] of counts) {
    const support = ratio(count, total);
    // Every subset was counted, so filtering by support here equals Apriori's downward-closed result.
    if (count > 0 && support >= minSupport) itemsets.push({ items: key.split(SEP), count, support });
  }
  itemsets.sort(
    (x, y) =>
      y.count - x.count || x.items.length - y.items.length || x.items.join().localeCompare(y.items.join()),
  );
  return {
    accounts: total,
    products,
    pairs: buildPairs(keys, counts, total),
    itemsets,
    rules: buildRules(itemsets, counts, total),
  };
}

/** The full snapshot: overall, and one slice per segment that has enough accounts. */
export function computeAffinity(
  rows: readonly OwnershipRow[],
  computedAt: Date,
  options: AffinityOptions = {},
): AffinitySnapshot {
  const bySegment = new Map<string, OwnershipRow[]>();
  for (const row of rows) {
    if (row.segment == null || row.segment === '') continue;
    const list = bySegment.get(row.segment);
    if (list) list.push(row);
    else bySegment.set(row.segment, [row]);
  }
  const minAccounts = options.minSegmentAccounts ?? 1;
  const segments: Record<string, AffinitySlice> = {};
  for (const segment of [...bySegment.keys()].sort()) {
    const slice = computeAffinitySlice(bySegment.get(segment) ?? [], options);
    if (slice.accounts >= minAccounts) segments[segment] = slice;
  }
  return {
    computedAt: computedAt.toISOString(),
    minSupport: options.minSupport ?? DEFAULT_MIN_SUPPORT,
    maxItemsetSize: MAX_ITEMSET_SIZE,
    overall: computeAffinitySlice(rows, options),
    segments,
  };
}

interface SliceIndex {
  pairs: ReadonlyMap<string, PairAffinity>;
  rules: ReadonlyMap<string, readonly AffinityRule[]>;
}

/** Pairs and rules that fewer than `minCoOwners` accounts back are left out: they are not evidence. */
function indexSlice(slice: AffinitySlice, minCoOwners: number): SliceIndex {
  const pairs = new Map<string, PairAffinity>();
  for (const p of slice.pairs) if (p.count >= minCoOwners) pairs.set(pairKey(p.antecedent, p.consequent), p);
  const rules = new Map<string, AffinityRule[]>();
  for (const r of slice.rules) {
    if (r.count < minCoOwners) continue;
    const list = rules.get(r.consequent);
    if (list) list.push(r);
    else rules.set(r.consequent, [r]);
  }
  return { pairs, rules };
}

const EMPTY: SliceIndex = { pairs: new Map(), rules: new Map() };

/** The production defaults: a segment needs 30 accounts of its own, a pair 5 co-owning accounts. */
export const DEFAULT_AFFINITY_THRESHOLDS: AffinityThresholds = AffinityThresholds.parse({});

/**
 * The decide-time view of a snapshot: pairs and multi-product rules of the account's segment when
 * that segment has at least `minSegmentAccounts` accounts, else the overall ones; in either, only
 * pairs and rules at least `minCoOwners` accounts back. Thresholds apply here rather than when
 * mining, so the stored snapshot keeps every figure for analytics and a settings change needs no
 * recompute. A null snapshot (never computed) is empty.
 */
export function buildAffinityIndex(
  snapshot: AffinitySnapshot | null,
  thresholds: AffinityThresholds = DEFAULT_AFFINITY_THRESHOLDS,
): AffinityIndex {
  if (!snapshot) {
    const source = (): AffinitySource => ({ slice: 'none' });
    return { pairs: () => EMPTY.pairs, rules: () => EMPTY.rules, source, thresholds };
  }
  const overall = indexSlice(snapshot.overall, thresholds.minCoOwners);
  const segments = new Map<string, SliceIndex>();
  for (const [name, slice] of Object.entries(snapshot.segments))
    if (slice.accounts >= thresholds.minSegmentAccounts)
      segments.set(name, indexSlice(slice, thresholds.minCoOwners));
  const pick = (segment: string | null) => (segment != null ? segments.get(segment) : undefined) ?? overall;
  const source = (segment: string | null): AffinitySource => {
    if (segment == null) return { slice: 'overall' };
    if (segments.has(segment)) return { slice: 'segment' };
    return { slice: 'overall', segmentAccounts: snapshot.segments[segment]?.accounts ?? 0 };
  };
  return {
    pairs: (segment) => pick(segment).pairs,
    rules: (segment) => pick(segment).rules,
    source,
    thresholds,
  };
}
