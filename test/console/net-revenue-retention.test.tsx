import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyticsFilters } from '../../console/pages/analytics/filters.tsx';
import { NetRevenueRetentionCard } from '../../console/pages/analytics/net-revenue-retention.tsx';
import type { NetRevenueRetention } from '../../shared/analytics.ts';
import { answering, rowCells as cells, jsonResponse } from './support.ts';

// Noon UTC, so the days shown are the same in any time zone the tests run in.
const retention: NetRevenueRetention = {
  from: '2025-06-15T12:00:00.000Z',
  to: '2026-06-15T12:00:00.000Z',
  currency: 'USD',
  single: { accounts: 40, startMrr: 400_000, endMrr: 368_000, nrr: 0.92 },
  multi: { accounts: 10, startMrr: 250_000, endMrr: 297_500, nrr: 1.19 },
  all: { accounts: 50, startMrr: 650_000, endMrr: 665_500, nrr: 665_500 / 650_000 },
  multiProductPremium: 0.27,
  benchmark: { low: 0.2, high: 0.4 },
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Analytics › Net revenue retention', () => {
  it("asks with the filters' query string and shows each cohort's MRR then and now and its NRR", async () => {
    const fetchMock = answering(jsonResponse(retention));
    const filters = analyticsFilters(new URLSearchParams('period=30&segment=smb&motion=upsell_tier'));
    render(<NetRevenueRetentionCard filters={filters} />);
    const card = await screen.findByRole('region', { name: 'Net revenue retention (12 months)' });
    await within(card).findByRole('table');
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/v1/admin/analytics/net-revenue-retention?${filters.qs}`);
    expect(filters.qs).toContain('segment=smb');

    expect(
      within(card)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Customers', 'Accounts', 'MRR then', 'MRR now', 'NRR']);
    expect(cells(/^Single-product customers/)).toEqual(['40', '$4,000.00', '$3,680.00', '92%']);
    expect(cells(/^Multi-product customers \(2\+ products\)/)).toEqual([
      '10',
      '$2,500.00',
      '$2,975.00',
      '119%',
    ]);
    expect(cells(/^All customers/)).toEqual(['50', '$6,500.00', '$6,655.00', '102.4%']);

    expect(card.textContent).toContain('The MRR the accounts paying on 15 Jun 2025 bring on 15 Jun 2026');
    expect(card.textContent).toContain('accounts that started paying since are left out');
    expect(card.textContent).toContain('Only accounts of segment smb');
    expect(within(card).getByText(/^Multi-product premium:/).textContent).toBe(
      'Multi-product premium: +27 pts over single-product customers; +20–40 pts typical within',
    );
    expect(card.querySelector('.badge')?.className).toBe('badge within');
  });

  it('says a premium under the typical range is below it', async () => {
    answering(jsonResponse({ ...retention, multiProductPremium: 0.1 }));
    render(<NetRevenueRetentionCard filters={analyticsFilters(new URLSearchParams())} />);
    expect((await screen.findByText(/^Multi-product premium:/)).textContent).toBe(
      'Multi-product premium: +10 pts over single-product customers; +20–40 pts typical below',
    );
  });

  it('shows a dash without MRR at the start and says why there is no premium', async () => {
    answering(
      jsonResponse({
        ...retention,
        currency: null,
        multi: { accounts: 0, startMrr: 0, endMrr: 0, nrr: null },
        all: { ...retention.single },
        multiProductPremium: null,
      }),
    );
    render(<NetRevenueRetentionCard filters={analyticsFilters(new URLSearchParams())} />);
    const card = await screen.findByRole('region', { name: 'Net revenue retention (12 months)' });
    await within(card).findByRole('table');
    expect(cells(/^Multi-product customers/)).toEqual(['0', '0', '0', '—']);
    // No currency: the amounts in major units, without a symbol.
    expect(cells(/^Single-product customers/)).toEqual(['40', '4,000', '3,680', '92%']);
    expect(card.textContent).toContain('All accounts');
    expect(card.textContent).toContain(
      'No multi-product premium yet: it needs both single- and multi-product customers paying on 15 Jun 2025. Multi-product customers typically retain +20–40 pts more.',
    );
    expect(within(card).queryByText(/^Multi-product premium:/)).toBeNull();
    expect(card.querySelector('.badge')).toBeNull();
  });

  it('says the figures are unavailable when the request fails', async () => {
    answering(jsonResponse({ error: { code: 'internal_error', message: 'Database unavailable' } }, 500));
    render(<NetRevenueRetentionCard filters={analyticsFilters(new URLSearchParams())} />);
    const card = screen.getByRole('region', { name: 'Net revenue retention (12 months)' });
    expect((await within(card).findByText(/^Net revenue retention:/)).textContent).toBe(
      'Net revenue retention: Database unavailable',
    );
    expect(within(card).queryByRole('table')).toBeNull();
  });
});
