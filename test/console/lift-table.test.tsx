import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LiftTable } from '../../console/pages/analytics/campaign-results.tsx';
import { campaignLift } from './lift-builder.ts';

afterEach(cleanup);

describe('holdout lift table', () => {
  it('reads the lift in percentage points, with how many times the holdout it converts', () => {
    render(<LiftTable rows={[campaignLift({})]} scope="last 90 days" />);
    const cells = within(screen.getByRole('row', { name: /Exports/ })).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([
      '29.2% of 178',
      '14.7% of 34',
      '+14.5 pts (1.99× the holdout)',
      '0.9 to 28.2 pts significant',
    ]);
  });

  it('signs a negative interval end and leaves out the ratio when the holdout never converted', () => {
    render(
      <LiftTable
        scope="last 90 days"
        rows={[
          campaignLift({
            lift: 0.2,
            relative: null,
            interval: { low: -0.076, high: 0.154 },
            significant: false,
          }),
        ]}
      />,
    );
    const cells = within(screen.getByRole('row', { name: /Exports/ })).getAllByRole('cell');
    expect(cells[2]?.textContent).toBe('+20 pts');
    expect(cells[3]?.textContent).toBe('−7.6 to 15.4 pts not significant');
  });

  it('calls nothing significant while an arm is too thin to trust, even with an interval clear of zero', () => {
    render(
      <LiftTable
        scope="last 90 days"
        rows={[
          campaignLift({
            holdout: { accounts: 18, conversions: 0, rate: 0 },
            lift: 0.201,
            relative: null,
            interval: { low: 0.018, high: 0.266 },
            reliable: false,
          }),
        ]}
      />,
    );
    const cells = within(screen.getByRole('row', { name: /Exports/ })).getAllByRole('cell');
    expect(cells[3]?.textContent).toBe('1.8 to 26.6 pts too early to tell');
    expect(screen.queryByText(/significant/)).toBeNull();
  });

  it('warns of a sample ratio mismatch instead of calling a clear interval significant', () => {
    const mismatch = {
      expectedHoldoutShare: 0.1,
      observedHoldoutShare: 0.16,
      pValue: 0.0002,
      mismatch: true,
    };
    render(
      <LiftTable
        scope="last 90 days"
        rows={[
          campaignLift({ sampleRatio: mismatch }),
          campaignLift({
            campaignId: '0d3e0000-0000-4000-8000-000000000003',
            name: 'Nobody held out',
            holdout: { accounts: 0, conversions: 0, rate: 0 },
            lift: null,
            relative: null,
            interval: null,
            significant: false,
            reliable: false,
            sampleRatio: { ...mismatch, observedHoldoutShare: 0, pValue: 1e-12 },
          }),
        ]}
      />,
    );
    const cells = within(screen.getByRole('row', { name: /Exports/ })).getAllByRole('cell');
    expect(cells[3]?.textContent).toBe(
      '0.9 to 28.2 pts Sample ratio mismatch: expected 10% held out, saw 16% — lift is unreliable',
    );
    // Without any interval, a holdout that recorded nobody is still the warning, not just "not enough data".
    const empty = within(screen.getByRole('row', { name: /Nobody held out/ })).getAllByRole('cell');
    expect(empty[3]?.textContent).toBe(
      'not enough data Sample ratio mismatch: expected 10% held out, saw 0% — lift is unreliable',
    );
    expect(screen.queryByText(/significant/)).toBeNull();
  });

  it('says what its conversion counts and over which period, as the filters set it', () => {
    render(<LiftTable rows={[campaignLift({})]} scope="last 30 days, segment smb" />);
    expect(screen.getByText(/^Conversion per arm/).textContent).toBe(
      "Conversion per arm = accounts that bought the campaign's product after their first decision (through the prompt or on their own; failed purchases left out) ÷ accounts with a decision, last 30 days, segment smb.",
    );
  });
});
