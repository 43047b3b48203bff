import { z } from 'zod';

/**
 * Product affinity mined from the account × product ownership matrix (domain.md "Product affinity").
 * Stored as `affinity_snapshots.data` and returned by `GET /v1/admin/affinity`.
 *
 * - support    = share of customers (accounts owning a product: an account owning nothing, such as
 *                a former customer, is no basket) owning the itemset
 * - confidence = P(consequent | antecedent) — for a pair this is the attach rate
 * - lift       = confidence / P(consequent); > 1 means owning the antecedent raises the chance
 *
 * Example: in the 5-basket textbook data {Milk, Diaper} → {Beer} has support 0.4, confidence 2/3 and
 * lift 10/9 (Tan, Steinbach & Kumar, "Introduction to Data Mining", ch. 6).
 */

/** One product on its own: how many accounts own it. */
export const AffinityProduct = z.object({
  key: z.string(),
  count: z.number().int(),
  support: z.number(),
});
export type AffinityProduct = z.infer<typeof AffinityProduct>;

/** Ordered pair A→B. Every ordered pair of products seen in the slice is listed, zero counts included. */
export const AffinityPair = z.object({
  antecedent: z.string(),
  consequent: z.string(),
  /** Accounts owning both. */
  count: z.number().int(),
  support: z.number(),
  confidence: z.number(),
  lift: z.number(),
});
export type AffinityPair = z.infer<typeof AffinityPair>;

/** A frequent itemset (size 1–3) whose support reached the snapshot's `minSupport`. Items sorted. */
export const AffinityItemset = z.object({
  items: z.array(z.string()),
  count: z.number().int(),
  support: z.number(),
});
export type AffinityItemset = z.infer<typeof AffinityItemset>;

/** A multi-product rule {A,B}→C from a frequent 3-itemset (single antecedents are the pairs). */
export const AffinityRule = z.object({
  antecedent: z.array(z.string()),
  consequent: z.string(),
  count: z.number().int(),
  support: z.number(),
  confidence: z.number(),
  lift: z.number(),
});
export type AffinityRule = z.infer<typeof AffinityRule>;

/** Affinity over one population of accounts (all accounts, or one segment). */
export const AffinitySlice = z.object({
  accounts: z.number().int(),
  products: z.array(AffinityProduct),
  pairs: z.array(AffinityPair),
  itemsets: z.array(AffinityItemset),
  rules: z.array(AffinityRule),
});
export type AffinitySlice = z.infer<typeof AffinitySlice>;

export const AffinitySnapshot = z
  .object({
    computedAt: z.iso.datetime(),
    /** Minimum support an itemset needed to be listed. */
    minSupport: z.number(),
    /** Largest itemset size mined (3). */
    maxItemsetSize: z.number().int(),
    overall: AffinitySlice,
    /** Per account segment; accounts without a segment only count in `overall`. */
    segments: z.record(z.string(), AffinitySlice),
    /** Fingerprint of the source data (row counts and last changes); a scheduled recompute skips when unchanged. */
    sourceFingerprint: z.string().optional(),
  })
  .meta({ id: 'AffinitySnapshot' });
export type AffinitySnapshot = z.infer<typeof AffinitySnapshot>;

/** `GET /v1/admin/affinity?segment=…`: one segment's slice of the latest snapshot. */
export const AffinitySegmentView = z
  .object({
    computedAt: z.iso.datetime(),
    minSupport: z.number(),
    maxItemsetSize: z.number().int(),
    segment: z.string(),
    slice: AffinitySlice,
  })
  .meta({ id: 'AffinitySegmentView' });
export type AffinitySegmentView = z.infer<typeof AffinitySegmentView>;
