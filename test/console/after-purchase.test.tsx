import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AfterPurchase } from '../../console/pages/analytics/after-purchase.tsx';
import { analyticsFilters } from '../../console/pages/analytics/filters.tsx';
import { jsonResponse } from './support.ts';

let asked: string[];
beforeEach(() => {
  asked = [];
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    if (path.startsWith('/v1/admin/analytics/trials'))
      return jsonResponse({
        started: 12,
        active: 2,
        converted: 6,
        expired: 4,
        rate: 0.6,
        benchmark: { low: 0.4, high: 0.6 },
      });
    const days = Number(new URLSearchParams(path.split('?')[1]).get('days'));
    return jsonResponse({
      days,
      purchases: 8,
      activated: days >= 30 ? 6 : 4,
      rate: days >= 30 ? 0.75 : 0.5,
      byProduct: [{ productKey: 'reports', purchases: 8, activated: days >= 30 ? 6 : 4 }],
    });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Analytics › Trials and adoption', () => {
  it('shows trial conversion beside its benchmark and the share of purchases used, per product', async () => {
    const filters = analyticsFilters(new URLSearchParams('period=30'));
    render(<AfterPurchase filters={filters} />);
    const card = await screen.findByRole('region', { name: 'Trials and adoption' });
    await screen.findByText(/^Trial conversion:/);
    expect(screen.getByText(/^Trial conversion:/).textContent).toBe(
      'Trial conversion: 60% of 10 trials decided (2 still running); benchmark 40%–60% within',
    );
    expect((await screen.findByText(/^Activated:/)).textContent).toBe(
      'Activated: 50% of 8 purchases were used within 14 days.',
    );
    expect(asked).toContain(`/v1/admin/analytics/activation?${filters.qs}&days=14`);
    const row = screen.getByRole('row', { name: /reports/ });
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['8', '4', '50%']);

    fireEvent.change(screen.getByLabelText('Used within'), { target: { value: '30' } });
    await waitFor(() =>
      expect(screen.getByText(/^Activated:/).textContent).toBe(
        'Activated: 75% of 8 purchases were used within 30 days.',
      ),
    );
    expect(card.textContent).toContain('within that many days of buying');
  });
});
