import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyticsFilters } from '../../console/pages/analytics/filters.tsx';
import { MrrMovementsCard } from '../../console/pages/analytics/mrr-movements.tsx';
import type { MrrMovements } from '../../shared/analytics.ts';
import { answering, rowCells as cells, jsonResponse } from './support.ts';

const movements: MrrMovements = {
  currency: 'USD',
  months: [
    {
      from: '2026-03-16T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      startMrr: 1_000_000,
      newMrr: 20_000,
      expansionMrr: 15_000,
      contractionMrr: 0,
      churnedMrr: 10_000,
      endMrr: 1_025_000,
      expansionRate: 0.028,
    },
    {
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      startMrr: 1_025_000,
      newMrr: 0,
      expansionMrr: 30_000,
      contractionMrr: 5_000,
      churnedMrr: 0,
      endMrr: 1_050_000,
      expansionRate: 0.0297,
    },
  ],
  expansionVelocity: 0.0291,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Analytics › MRR movements and expansion velocity', () => {
  it("asks with the filters' query string and shows the velocity and each month's movements", async () => {
    const fetchMock = answering(jsonResponse(movements));
    const filters = analyticsFilters(new URLSearchParams('period=90&plan=pro'));
    render(<MrrMovementsCard filters={filters} />);
    const card = await screen.findByRole('region', { name: 'MRR movements and expansion velocity' });
    await within(card).findByRole('table');
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/v1/admin/analytics/mrr-movements?${filters.qs}`);
    expect(within(card).getByText(/^Expansion velocity:/).textContent).toBe(
      'Expansion velocity: 2.9% a month — the MRR existing customers added, as a share of what they paid.',
    );
    // Each month runs between UTC midnights: the last day shown is the one before the next starts.
    expect(cells(/^16 Mar 2026 – 31 Mar 2026/)).toEqual([
      '$10,000.00',
      '+$200.00',
      '+$150.00',
      '$0.00',
      '−$100.00',
      '$10,250.00',
      '2.8%',
    ]);
    expect(cells(/^1 Apr 2026 – 30 Apr 2026/)).toEqual([
      '$10,250.00',
      '$0.00',
      '+$300.00',
      '−$50.00',
      '$0.00',
      '$10,500.00',
      '3%',
    ]);
    expect(card.textContent).toContain('Only accounts of plan pro, as they are now');
  });

  it('shows a dash where there was no MRR to grow from', async () => {
    answering(
      jsonResponse({
        currency: null,
        months: [{ ...movements.months[0], startMrr: 0, expansionMrr: 0, expansionRate: null }],
        expansionVelocity: null,
      }),
    );
    render(<MrrMovementsCard filters={analyticsFilters(new URLSearchParams())} />);
    const card = await screen.findByRole('region', { name: 'MRR movements and expansion velocity' });
    await within(card).findByRole('table');
    expect(within(card).getByText(/^Expansion velocity:/).textContent).toContain(
      'Expansion velocity: — a month',
    );
    // No currency: the amounts in major units, without a symbol.
    expect(cells(/^16 Mar 2026/)).toEqual(['0', '+200', '0', '0', '−100', '10,250', '—']);
    expect(card.textContent).toContain('All accounts');
  });

  it('says the figures are unavailable when the request fails', async () => {
    answering(jsonResponse({ error: { code: 'internal_error', message: 'Database unavailable' } }, 500));
    render(<MrrMovementsCard filters={analyticsFilters(new URLSearchParams())} />);
    const card = screen.getByRole('region', { name: 'MRR movements and expansion velocity' });
    expect((await within(card).findByText(/^MRR movements:/)).textContent).toBe(
      'MRR movements: Database unavailable',
    );
    expect(within(card).queryByRole('table')).toBeNull();
  });
});
