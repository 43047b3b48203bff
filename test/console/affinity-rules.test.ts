import { describe, expect, it } from 'vitest';
import { strongestRules } from '../../console/pages/analytics/affinity-heatmap.tsx';
import type { AffinitySlice } from '../../shared/affinity.ts';

const pair = (antecedent: string, consequent: string, confidence: number, lift: number) => ({
  antecedent,
  consequent,
  count: 10,
  support: 0.1,
  confidence,
  lift,
});

const slice: AffinitySlice = {
  accounts: 100,
  products: [],
  itemsets: [],
  pairs: [pair('ai', 'warehouse', 1, 2.5), pair('reports', 'automation', 0.6, 1.8), pair('a', 'b', 0.9, 0.8)],
  rules: [
    {
      antecedent: ['ai', 'reports'],
      consequent: 'warehouse',
      count: 5,
      support: 0.05,
      confidence: 1,
      lift: 2.5,
    },
  ],
};

describe('strongest affinity rules', () => {
  it('leave out rules the catalogue makes true: a product is always owned with its prerequisite', () => {
    const prerequisites = new Map([['ai', ['warehouse']]]);
    const rules = strongestRules(slice, prerequisites).map(
      (r) => `${r.antecedent.join('+')}>${r.consequent}`,
    );
    expect(rules).toEqual(['reports>automation']);
  });

  it('rank the rest by confidence × lift and keep only lift above 1', () => {
    const rules = strongestRules(slice).map((r) => `${r.antecedent.join('+')}>${r.consequent}`);
    expect(rules).toEqual(['ai>warehouse', 'ai+reports>warehouse', 'reports>automation']);
  });
});
