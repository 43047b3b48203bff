import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { analyticsFilters, FilterBar } from '../../console/pages/analytics/filters.tsx';

afterEach(cleanup);

function renderWith(qs: string) {
  const query = new URLSearchParams(qs);
  render(<FilterBar query={query} filters={analyticsFilters(query)} segments={['smb']} plans={['pro']} />);
}

describe('the analytics filter bar', () => {
  it('says how campaign results place accounts in a plan or segment slice', () => {
    renderWith('plan=pro');
    expect(screen.getByText(/plan and segment it had when the campaign first decided/)).toBeTruthy();
    cleanup();
    renderWith('segment=smb');
    expect(screen.getByText(/purchases and trials .+ in\s+the ones their decision recorded/)).toBeTruthy();
    expect(screen.getByText(/MRR movements use each account's current plan/)).toBeTruthy();
  });

  it('says nothing of it without a plan or segment filter', () => {
    renderWith('cohort=2026-03&period=30');
    expect(screen.getByRole('form', { name: 'Report filters' })).toBeTruthy();
    expect(screen.queryByText(/when the campaign first decided/)).toBeNull();
  });
});
