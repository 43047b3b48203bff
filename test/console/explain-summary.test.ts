import { describe, expect, it } from 'vitest';
import { explainFacts } from '../../console/lib/explain-summary.ts';
import type { ExplainResponse } from '../../shared/explain.ts';

type Explained = ExplainResponse['campaigns'][number];

const base: Explained = {
  campaignId: '0b9c3a52-5c55-4c1f-9d36-0a4a5f1e2b77',
  name: 'Reports for exporters',
  status: 'active',
  version: 2,
  eligible: true,
  holdout: false,
  channel: 'in_app',
  motion: 'upsell_addon',
  score: 563.5,
  firedTriggers: [],
  reasons: [],
  wouldServe: true,
};

describe('explainFacts (Explain)', () => {
  it('says the channel and the expected value in words and money, not codes and cents', () => {
    const offer = {
      version: 'v1',
      kind: 'product' as const,
      key: 'reports',
      name: 'Reports',
      currency: 'USD',
      interval: 'month' as const,
      listAmount: 4900,
      amount: 4900,
      discounts: [],
    };
    expect(
      explainFacts({
        ...base,
        target: { kind: 'product', key: 'reports', name: 'Reports' },
        offer,
        firedTriggers: ['usage.reports'],
      }),
    ).toBe(
      'active · Upsell: feature / add-on · bought in the app · offers Reports · expected value $5.64 a month · fired: usage.reports',
    );
    expect(explainFacts({ ...base, channel: 'sales', status: 'paused', score: 0 })).toBe(
      'paused · Upsell: feature / add-on · routed to sales',
    );
  });
});
