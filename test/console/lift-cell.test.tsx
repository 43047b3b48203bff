import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LiftCell } from '../../console/pages/campaigns/list-page.tsx';
import type { CampaignLift } from '../../shared/analytics.ts';
import { campaignLift } from './lift-builder.ts';

afterEach(cleanup);

const cell = (l: CampaignLift | undefined) => render(<LiftCell lift={l} />).container;

describe('campaigns list › lift cell', () => {
  it('marks a lift whose interval crosses zero as not significant, as the analytics table does', () => {
    const shown = cell(campaignLift({ significant: false, interval: { low: -0.012, high: 0.302 } }));
    expect(shown.textContent).toBe('+14.5 pts (not significant)');
    expect(shown.querySelector('[title]')?.getAttribute('title')).toBe(
      'Not significant: the 95 % interval (−1.2 to 30.2 pts) includes zero',
    );
  });

  it('leaves a significant lift bare, marks arms too thin to trust as early, and shows no lift as a dash', () => {
    expect(cell(campaignLift({})).textContent).toBe('+14.5 pts');
    cleanup();
    // Too early wins over significance: the analytics table says "too early to tell" for these.
    expect(cell(campaignLift({ reliable: false, significant: false })).textContent).toBe('+14.5 pts (early)');
    cleanup();
    expect(cell(campaignLift({ lift: null, interval: null, reliable: false })).textContent).toBe('—');
    cleanup();
    expect(cell(undefined).textContent).toBe('—');
  });

  it('marks a lift whose arms did not split as configured as a sample ratio mismatch, significant or not', () => {
    const mismatch = {
      expectedHoldoutShare: 0.1,
      observedHoldoutShare: 0.16,
      pValue: 0.0002,
      mismatch: true,
    };
    const shown = cell(campaignLift({ sampleRatio: mismatch }));
    expect(shown.textContent).toBe('+14.5 pts (sample ratio mismatch)');
    expect(shown.querySelector('[title]')?.getAttribute('title')).toBe(
      'Sample ratio mismatch: expected 10% held out, saw 16% — lift is unreliable',
    );
    cleanup();
    expect(
      cell(campaignLift({ lift: null, interval: null, reliable: false, sampleRatio: mismatch })).textContent,
    ).toBe('— (sample ratio mismatch)');
  });
});
