import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AffinityHeatmap } from '../../console/pages/analytics/affinity-heatmap.tsx';
import type { AffinitySlice, AffinitySnapshot } from '../../shared/affinity.ts';

afterEach(cleanup);

const catalog = new Map([
  ['reports', { name: 'Reports Pro', prerequisites: [] }],
  ['warehouse', { name: 'Warehouse Sync', prerequisites: [] }],
]);

const pair = (antecedent: string, consequent: string) => ({
  antecedent,
  consequent,
  count: 0,
  support: 0,
  confidence: 0,
  lift: 0,
});

/** In segment smb nobody owns Warehouse Sync: the server's ratios over zero owners read 0. */
const smb: AffinitySlice = {
  accounts: 10,
  products: [
    { key: 'reports', count: 4, support: 0.4 },
    { key: 'warehouse', count: 0, support: 0 },
  ],
  pairs: [pair('reports', 'warehouse'), pair('warehouse', 'reports')],
  itemsets: [],
  rules: [],
};
const snapshot: AffinitySnapshot = {
  computedAt: '2025-01-01T00:00:00.000Z',
  minSupport: 0.01,
  maxItemsetSize: 3,
  overall: smb,
  segments: { smb },
};

/** The cells of the row for `product`, by the header of their column. */
function row(product: string) {
  const header = screen.getByRole('rowheader', { name: product });
  const cells = [...(header.parentElement?.querySelectorAll('td') ?? [])];
  return { reports: cells[0], warehouse: cells[1] };
}

describe('affinity heatmap', () => {
  it('shows no data, not 0 %, for a row product nobody in the segment owns', () => {
    render(<AffinityHeatmap snapshot={snapshot} segment="smb" catalog={catalog} />);
    const cell = row('Warehouse Sync').reports;
    expect(cell?.textContent).not.toContain('%');
    expect(cell?.getAttribute('title')).toBe('No data: no accounts own Warehouse Sync in segment smb');
    expect(cell?.querySelector('[aria-hidden="true"]')?.textContent).toBe('—');
    // Owners of Reports Pro exist and none owns Warehouse Sync: a true 0 % attach rate.
    expect(row('Reports Pro').warehouse?.textContent).toBe('0%');
  });

  it('shows no lift where the column product has no owners either (lift divides by both)', () => {
    render(<AffinityHeatmap snapshot={snapshot} segment="" catalog={catalog} />);
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'lift' } });
    expect(row('Reports Pro').warehouse?.getAttribute('title')).toBe(
      'No data: no accounts own Warehouse Sync',
    );
    expect(row('Reports Pro').warehouse?.textContent).not.toContain('0');
  });
});
