import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAffinityIndex,
  computeAffinity,
  computeAffinitySlice,
  DEFAULT_AFFINITY_THRESHOLDS,
  type OwnershipRow,
  pairKey,
} from '../../../server/domain/affinity.ts';
import type { AffinityIndex } from '../../../server/domain/types.ts';
import { AffinitySnapshot } from '../../../shared/affinity.ts';
import { NOW } from './fixtures.ts';

/**
 * The market-basket transactions of Tan, Steinbach & Kumar, "Introduction to Data Mining"
 * (Pearson, 2006), Table 6.1. The book works through the rule {Milk, Diapers} → {Beer}:
 * support count σ = 2, support s = 2/5 = 0.4, confidence c = 2/3 ≈ 0.67 (§6.1); with
 * P(Beer) = 3/5 its lift (interest factor, §6.7) is 0.67 / 0.6 ≈ 1.11.
 */
const TEXTBOOK: OwnershipRow[] = [
  { items: ['bread', 'milk'], count: 1 },
  { items: ['bread', 'diapers', 'beer', 'eggs'], count: 1 },
  { items: ['milk', 'diapers', 'beer', 'cola'], count: 1 },
  { items: ['bread', 'milk', 'diapers', 'beer'], count: 1 },
  { items: ['bread', 'milk', 'diapers', 'cola'], count: 1 },
];

function pair(slice: ReturnType<typeof computeAffinitySlice>, a: string, b: string) {
  const found = slice.pairs.find((p) => p.antecedent === a && p.consequent === b);
  if (!found) throw new Error(`pair ${a}>${b} missing`);
  return found;
}

describe('affinity › textbook market basket (Tan, Steinbach & Kumar, Table 6.1)', () => {
  const slice = computeAffinitySlice(TEXTBOOK, { minSupport: 0.4 });

  it('{milk, diapers} → beer has support 0.4, confidence 2/3 and lift 10/9 as published', () => {
    const rule = slice.rules.find((r) => r.consequent === 'beer' && r.antecedent.join() === 'diapers,milk');
    expect(rule).toEqual({
      antecedent: ['diapers', 'milk'],
      consequent: 'beer',
      count: 2,
      support: 0.4,
      confidence: 2 / 3,
      lift: 10 / 9,
    });
    expect(rule?.confidence.toFixed(2)).toBe('0.67');
    expect(rule?.lift.toFixed(2)).toBe('1.11');
  });

  it('counts σ({milk, bread, diapers}) = 2 and every frequent itemset at minimum support 0.4', () => {
    const sets = Object.fromEntries(slice.itemsets.map((s) => [s.items.join('+'), s.count]));
    expect(sets).toEqual({
      bread: 4,
      milk: 4,
      diapers: 4,
      beer: 3,
      cola: 2,
      'bread+milk': 3,
      'bread+diapers': 3,
      'diapers+milk': 3,
      'beer+diapers': 3,
      'beer+bread': 2,
      'beer+milk': 2,
      'cola+diapers': 2,
      'cola+milk': 2,
      'beer+bread+diapers': 2,
      'beer+diapers+milk': 2,
      'bread+diapers+milk': 2,
      'cola+diapers+milk': 2,
    });
    expect(slice.itemsets.find((s) => s.items.join() === 'bread,diapers,milk')?.support).toBe(0.4);
  });

  it('pairs carry attach rate and lift: diapers → beer 3/4 and 5/4, beer → diapers 1', () => {
    expect(pair(slice, 'diapers', 'beer')).toEqual({
      antecedent: 'diapers',
      consequent: 'beer',
      count: 3,
      support: 3 / 5,
      confidence: 3 / 4,
      lift: 5 / 4,
    });
    expect(pair(slice, 'beer', 'diapers').confidence).toBe(1);
    expect(pair(slice, 'eggs', 'cola')).toMatchObject({ count: 0, support: 0, confidence: 0, lift: 0 });
  });

  it('lists every ordered pair of the six products', () => {
    expect(slice.accounts).toBe(5);
    expect(slice.products.map((p) => p.key)).toEqual(['beer', 'bread', 'cola', 'diapers', 'eggs', 'milk']);
    expect(slice.pairs).toHaveLength(6 * 5);
  });
});

describe('affinity › hand-computed histogram with segments', () => {
  // 100 accounts: 40 core only, 30 core+reports, 20 core+reports+warehouse, 10 nothing (no basket:
  // the 90 customers are the population).
  const rows: OwnershipRow[] = [
    { items: ['core'], count: 30, segment: 'smb' },
    { items: ['core'], count: 10, segment: 'enterprise' },
    { items: ['core', 'reports'], count: 20, segment: 'smb' },
    { items: ['reports', 'core'], count: 10, segment: 'enterprise' },
    { items: ['core', 'reports', 'warehouse'], count: 20, segment: 'enterprise' },
    { items: [], count: 10, segment: null },
  ];
  const snapshot = computeAffinity(rows, NOW, { minSupport: 0.1, products: ['legacy'] });

  it('computes overall support, attach rate and lift from integer counts', () => {
    const o = snapshot.overall;
    expect(o.accounts).toBe(90);
    // core 90, reports 50, warehouse 20; core∧reports 50; reports∧warehouse 20. Everyone owns
    // core, so owning it says nothing about reports: lift 1.
    expect(pair(o, 'core', 'reports')).toMatchObject({
      count: 50,
      support: 50 / 90,
      confidence: 50 / 90,
      lift: 1,
    });
    expect(pair(o, 'reports', 'warehouse')).toMatchObject({ count: 20, confidence: 0.4, lift: 1.8 });
    expect(pair(o, 'warehouse', 'reports')).toMatchObject({ confidence: 1, lift: 1.8 });
    expect(o.products.find((p) => p.key === 'legacy')).toEqual({ key: 'legacy', count: 0, support: 0 });
  });

  it('mines {core, reports} → warehouse and keeps segments apart', () => {
    const rule = snapshot.overall.rules.find((r) => r.consequent === 'warehouse');
    expect(rule).toMatchObject({ antecedent: ['core', 'reports'], count: 20, confidence: 0.4, lift: 1.8 });
    expect(Object.keys(snapshot.segments)).toEqual(['enterprise', 'smb']);
    expect(snapshot.segments.smb?.accounts).toBe(50);
    expect(pair(snapshot.segments.smb ?? snapshot.overall, 'core', 'reports').confidence).toBe(0.4);
    expect(pair(snapshot.segments.enterprise ?? snapshot.overall, 'core', 'reports').confidence).toBe(0.75);
  });

  it('drops itemsets below the minimum support', () => {
    const strict = computeAffinitySlice(rows, { minSupport: 0.25 });
    expect(strict.itemsets.map((s) => s.items.join('+'))).toEqual(['core', 'reports', 'core+reports']);
    expect(strict.rules).toEqual([]);
  });

  it('produces a snapshot that validates against the shared schema and survives JSON', () => {
    const parsed = AffinitySnapshot.parse(JSON.parse(JSON.stringify(snapshot)));
    expect(parsed).toEqual(snapshot);
    expect(snapshot.computedAt).toBe(NOW.toISOString());
  });

  it('leaves out segments below minSegmentAccounts', () => {
    const s = computeAffinity(rows, NOW, { minSegmentAccounts: 60 });
    expect(Object.keys(s.segments)).toEqual([]);
  });
});

describe('affinity › index', () => {
  const snapshot = computeAffinity(
    [
      { items: ['core', 'reports'], count: 3, segment: 'smb' },
      { items: ['core'], count: 1, segment: 'smb' },
      { items: ['core'], count: 4, segment: 'enterprise' },
    ],
    NOW,
  );
  const index = buildAffinityIndex(snapshot, { minSegmentAccounts: 1, minCoOwners: 1 });
  const confidence = (i: AffinityIndex, segment: string | null) =>
    i.pairs(segment).get(pairKey('core', 'reports'))?.confidence;

  it('serves the segment slice when present, else the overall one', () => {
    expect(confidence(index, 'smb')).toBe(0.75);
    expect(index.pairs('enterprise').get(pairKey('core', 'reports'))).toBeUndefined();
    expect(confidence(index, 'mid')).toBe(3 / 8);
    expect(confidence(index, null)).toBe(3 / 8);
    expect(index.source('smb')).toEqual({ slice: 'segment' });
    expect(index.source('mid')).toEqual({ slice: 'overall', segmentAccounts: 0 });
  });

  it('reads a segment below minSegmentAccounts (default 30) from the overall slice', () => {
    const byDefault = buildAffinityIndex(snapshot, { ...DEFAULT_AFFINITY_THRESHOLDS, minCoOwners: 1 });
    expect(DEFAULT_AFFINITY_THRESHOLDS.minSegmentAccounts).toBe(30);
    expect(confidence(byDefault, 'smb')).toBe(3 / 8);
    expect(byDefault.source('smb')).toEqual({ slice: 'overall', segmentAccounts: 4 });
    const atFour = buildAffinityIndex(snapshot, { minSegmentAccounts: 4, minCoOwners: 1 });
    expect(confidence(atFour, 'smb')).toBe(0.75);
  });

  it('leaves out pairs and rules fewer than minCoOwners (default 5) accounts co-own', () => {
    expect(DEFAULT_AFFINITY_THRESHOLDS.minCoOwners).toBe(5);
    // core+reports is owned by 3 accounts: evidence at 3, not at the default 5.
    expect(confidence(buildAffinityIndex(snapshot), null)).toBeUndefined();
    const atThree = buildAffinityIndex(snapshot, { minSegmentAccounts: 1, minCoOwners: 3 });
    expect(confidence(atThree, null)).toBe(3 / 8);
    const rules = computeAffinity([{ items: ['a', 'b', 'c'], count: 4 }], NOW);
    expect(
      buildAffinityIndex(rules, { minSegmentAccounts: 1, minCoOwners: 4 }).rules?.(null).get('c'),
    ).toHaveLength(1);
    expect(buildAffinityIndex(rules, { minSegmentAccounts: 1, minCoOwners: 5 }).rules?.(null).size).toBe(0);
  });

  it('has no pairs without a snapshot', () => {
    expect(buildAffinityIndex(null).pairs('smb').size).toBe(0);
    expect(buildAffinityIndex(null).source('smb')).toEqual({ slice: 'none' });
  });

  it('leaves accounts owning nothing out: former customers or free accounts do not raise every lift', () => {
    const customers: OwnershipRow[] = [
      { items: ['core'], count: 6 },
      { items: ['core', 'reports'], count: 2 },
      { items: ['reports'], count: 2 },
    ];
    const withFormer = computeAffinitySlice([...customers, { items: [], count: 10 }]);
    expect(withFormer).toEqual(computeAffinitySlice(customers));
    // Among 10 customers core → reports is 2/8 against a base rate of 4/10: lift 0.625, not 1.25.
    expect(pair(withFormer, 'core', 'reports')).toMatchObject({ support: 0.2, lift: 0.625 });
  });

  it('handles an empty population without dividing by zero', () => {
    const empty = computeAffinitySlice([{ items: ['core', 'reports'], count: 0 }], {
      products: ['core', 'reports'],
    });
    expect(empty.accounts).toBe(0);
    expect(empty.pairs.every((p) => p.support === 0 && p.confidence === 0 && p.lift === 0)).toBe(true);
  });
});

/** Straight per-account definitions over the customers (accounts owning something). */
function naive(accounts: string[][], a: string, b: string) {
  const n = accounts.filter((x) => x.length > 0).length;
  const nA = accounts.filter((x) => x.includes(a)).length;
  const nB = accounts.filter((x) => x.includes(b)).length;
  const both = accounts.filter((x) => x.includes(a) && x.includes(b)).length;
  return { count: both, confidence: nA ? both / nA : 0, lift: nA && nB ? (both * n) / (nA * nB) : 0 };
}

describe('affinity › properties', () => {
  const basket = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 });

  it('agrees with per-account counting and with the same data expanded to one row per account', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ items: basket, count: fc.integer({ min: 1, max: 5 }) }), { minLength: 1 }),
        (rows) => {
          const accounts = rows.flatMap((r) => Array.from({ length: r.count }, () => r.items));
          const grouped = computeAffinitySlice(rows, { products: ['a', 'b', 'c', 'd'] });
          const expanded = computeAffinitySlice(
            accounts.map((items) => ({ items, count: 1 })),
            { products: ['a', 'b', 'c', 'd'] },
          );
          expect(grouped).toEqual(expanded);
          for (const p of grouped.pairs) {
            const want = naive(accounts, p.antecedent, p.consequent);
            expect(p.count).toBe(want.count);
            expect(p.confidence).toBeCloseTo(want.confidence, 12);
            expect(p.lift).toBeCloseTo(want.lift, 12);
          }
        },
      ),
    );
  });
});
