import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FunnelPanel } from '../../console/pages/analytics/campaign-results.tsx';
import { analyticsFilters } from '../../console/pages/analytics/filters.tsx';
import type { CopyExperiment, CopyVariantResult } from '../../shared/analytics.ts';
import { CampaignDefinition, type CampaignListItem } from '../../shared/campaign.ts';
import { jsonResponse } from './support.ts';

const listItem = (id: string, name: string, variants: unknown[]): CampaignListItem => ({
  ...CampaignDefinition.parse({
    name,
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: { en: { title: 'Stop exporting by hand' } },
    variants,
  }),
  id,
  status: 'active',
  version: 1,
  deletable: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  stats: { served: 0, heldOut: 0, shown: 0, clicked: 0, dismissed: 0, conversions: 0, conversionRate: 0 },
});

const testing = listItem('0d3e0000-0000-4000-8000-000000000001', 'Reports add-on', [
  { key: 'b', percent: 30, content: { en: { title: 'Reports that refresh themselves' } } },
]);
const plain = listItem('0d3e0000-0000-4000-8000-000000000002', 'Capacity pack', []);

const row = (over: Partial<CopyVariantResult> & Pick<CopyVariantResult, 'key'>): CopyVariantResult => ({
  share: null,
  accounts: 0,
  expectedAccounts: 0,
  shown: 0,
  clicked: 0,
  conversions: 0,
  rate: 0,
  vsOriginal: null,
  ...over,
});

const experiment: CopyExperiment = {
  campaignId: testing.id,
  variants: [
    row({
      key: 'original',
      share: 0.6,
      accounts: 140,
      expectedAccounts: 136,
      shown: 120,
      clicked: 36,
      conversions: 14,
      rate: 0.1,
    }),
    row({
      key: 'b',
      share: 0.3,
      accounts: 60,
      shown: 55,
      clicked: 22,
      conversions: 12,
      rate: 0.2,
      vsOriginal: {
        difference: 0.1,
        interval: { low: 0.004, high: 0.196 },
        significant: true,
        reliable: true,
      },
    }),
    // A copy the campaign no longer tests, still counted for the accounts it was given.
    row({
      key: 'c',
      accounts: 12,
      shown: 12,
      clicked: 3,
      conversions: 1,
      rate: 1 / 12,
      vsOriginal: {
        difference: -0.017,
        interval: { low: -0.2, high: 0.15 },
        significant: false,
        reliable: false,
      },
    }),
    // Just added to the campaign: nobody was given it yet.
    row({ key: 'd', share: 0.1 }),
  ],
  sampleRatio: { pValue: 0.4, mismatch: false },
};
const onlyOriginal: CopyExperiment = {
  campaignId: plain.id,
  variants: [
    row({ key: 'original', share: 1, accounts: 90, shown: 80, clicked: 20, conversions: 9, rate: 0.1 }),
  ],
  sampleRatio: { pValue: null, mismatch: false },
};

let asked: string[];
let variantsAnswer: (id: string) => Response;
beforeEach(() => {
  asked = [];
  variantsAnswer = (id) => jsonResponse(id === testing.id ? experiment : onlyOriginal);
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    const id = /campaigns\/([^/]+)\/variants/.exec(path)?.[1];
    if (id) return variantsAnswer(id);
    if (path.includes('/daily?')) return jsonResponse({ campaignId: testing.id, days: [], changes: [] });
    return jsonResponse({ data: [] });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const filters = analyticsFilters(new URLSearchParams('period=30'));
const panel = (selected: string) => (
  <FunnelPanel
    campaigns={[testing, plain]}
    selected={selected}
    query={new URLSearchParams()}
    filters={filters}
  />
);
const cells = (name: RegExp) =>
  within(screen.getByRole('row', { name }))
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('Analytics › copy experiment', () => {
  it('compares each copy with the original: its share, funnel, conversion and the difference with its verdict', async () => {
    render(panel(testing.id));
    const card = await screen.findByRole('region', { name: 'Copy experiment' });
    expect(asked).toContain(`/v1/admin/analytics/campaigns/${testing.id}/variants?${filters.qs}`);
    expect(
      within(card)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Copy',
      'Share',
      'Accounts',
      'Saw it',
      'Clicked',
      'Bought',
      'Conversion',
      'Against the original',
      '95 % interval',
    ]);
    expect(cells(/^Original/)).toEqual(['60%', '140', '120', '36', '14', '10%', 'baseline', '—']);
    expect(cells(/^Variant b/)).toEqual([
      '30%',
      '60',
      '55',
      '22',
      '12',
      '20%',
      '+10 pts',
      '0.4 to 19.6 pts significant',
    ]);
    // Better than the original: the lift table's green badge.
    expect(within(screen.getByRole('row', { name: /^Variant b/ })).getByText('significant').className).toBe(
      'badge active',
    );
    expect(cells(/^Variant c/)).toEqual([
      'no longer tested',
      '12',
      '12',
      '3',
      '1',
      '8.3%',
      '−1.7 pts',
      '−20 to 15 pts too early to tell',
    ]);
    // A copy nobody was given yet has no rate and nothing to compare.
    expect(cells(/^Variant d/)).toEqual(['10%', '0', '0', '0', '0', '—', '—', 'not enough data']);
    expect(within(card).getByText(/^Accounts = treated accounts/).textContent).toBe(
      "Accounts = treated accounts (not held out) by the copy their first decision gave them, last 30 days; bought = those that bought the campaign's product after that first decision (through the prompt or on their own; failed purchases left out). Against the original: the difference in conversion.",
    );
  });

  it('is absent for a campaign that tests no copy, where the results hold the original alone', async () => {
    const { rerender } = render(panel(testing.id));
    await screen.findByRole('region', { name: 'Copy experiment' });
    rerender(panel(plain.id));
    await waitFor(() =>
      expect(asked).toContain(`/v1/admin/analytics/campaigns/${plain.id}/variants?${filters.qs}`),
    );
    // Let the answer arrive and render before looking for the card.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('region', { name: 'Copy experiment' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Campaign funnel' })).toBeTruthy();
  });

  it('says why when a campaign that tests copy cannot have its results read', async () => {
    variantsAnswer = () => jsonResponse({ error: { code: 'not_found', message: 'No such campaign' } }, 404);
    render(panel(testing.id));
    const card = await screen.findByRole('region', { name: 'Copy experiment' });
    expect(within(card).getByText(/No such campaign/)).toBeTruthy();
    expect(within(card).queryByRole('table')).toBeNull();
  });

  it('warns of a sample ratio mismatch, with what each copy expected and saw, and gives no verdict', async () => {
    variantsAnswer = () =>
      jsonResponse({
        campaignId: testing.id,
        variants: [
          row({
            key: 'original',
            share: 0.7,
            accounts: 160,
            expectedAccounts: 140,
            conversions: 16,
            rate: 0.1,
          }),
          row({
            key: 'b',
            share: 0.3,
            accounts: 40,
            expectedAccounts: 60,
            conversions: 8,
            rate: 0.2,
            vsOriginal: {
              difference: 0.1,
              interval: { low: 0.01, high: 0.2 },
              significant: true,
              reliable: true,
            },
          }),
        ],
        sampleRatio: { pValue: 0.0001, mismatch: true },
      } satisfies CopyExperiment);
    render(panel(testing.id));
    const card = await screen.findByRole('region', { name: 'Copy experiment' });
    expect(within(card).getByText(/^Sample ratio mismatch/).textContent).toBe(
      'Sample ratio mismatch: the accounts did not split between the copies as their percents say (Original expected 140, saw 160; Variant b expected 60, saw 40) — the comparison is unreliable.',
    );
    expect(cells(/^Variant b/).at(-1)).toBe('1 to 20 pts');
    expect(within(card).queryByText('significant')).toBeNull();
  });
});
