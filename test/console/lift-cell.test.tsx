import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LiftCell } from '../../console/pages/campaigns/list-page.tsx';
import type { CampaignLift } from '../../shared/analytics.ts';

afterEach(cleanup);

const lift = (over: Partial<CampaignLift>): CampaignLift => ({
  campaignId: '0d3e0000-0000-4000-8000-000000000002',
  name: 'Exports → Automation',
  treatment: { accounts: 178, conversions: 52, rate: 0.292 },
  holdout: { accounts: 34, conversions: 5, rate: 0.147 },
  lift: 0.145,
  interval: { low: 0.009, high: 0.282 },
  relative: 0.986,
  significant: true,
  reliable: true,
  ...over,
});

const cell = (l: CampaignLift | undefined) => render(<LiftCell lift={l} />).container;

describe('campaigns list › lift cell', () => {
  it('marks a lift whose interval crosses zero as not significant, as the analytics table does', () => {
    const shown = cell(lift({ significant: false, interval: { low: -0.012, high: 0.302 } }));
    expect(shown.textContent).toBe('+14.5 pts (not significant)');
    expect(shown.querySelector('[title]')?.getAttribute('title')).toBe(
      'Not significant: the 95 % interval (−1.2 to 30.2 pts) includes zero',
    );
  });

  it('leaves a significant lift bare, marks arms too thin to trust as early, and shows no lift as a dash', () => {
    expect(cell(lift({})).textContent).toBe('+14.5 pts');
    cleanup();
    // Too early wins over significance: the analytics table says "too early to tell" for these.
    expect(cell(lift({ reliable: false, significant: false })).textContent).toBe('+14.5 pts (early)');
    cleanup();
    expect(cell(lift({ lift: null, interval: null, reliable: false })).textContent).toBe('—');
    cleanup();
    expect(cell(undefined).textContent).toBe('—');
  });
});
