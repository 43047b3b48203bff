import { describe, expect, it } from 'vitest';
import { incrementalLift, wilson } from '../../../server/domain/lift.ts';

/** Newcombe (1998), "Interval estimation for the difference between independent proportions",
 * Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score), rounded to 4 places. */
const published: Array<[string, [number, number], [number, number], [number, number]]> = [
  ['(a) 56/70 − 48/80', [56, 70], [48, 80], [0.0524, 0.3339]],
  ['(e) 9/10 − 3/10', [9, 10], [3, 10], [0.1705, 0.809]],
  ['(h) 0/10 − 0/20', [0, 10], [0, 20], [-0.1611, 0.2775]],
];

describe('incremental lift', () => {
  it.each(published)('matches Newcombe’s published interval %s', (_, [xt, nt], [xc, nc], [low, high]) => {
    const lift = incrementalLift({ converted: xt, accounts: nt }, { converted: xc, accounts: nc });
    expect(lift.ci95?.low).toBeCloseTo(low, 4);
    expect(lift.ci95?.high).toBeCloseTo(high, 4);
  });

  it('does not take a small holdout with no conversions as certainly 0 %', () => {
    // The simple normal interval gave 14.2 to 26 points here, as if the holdout's 0 % were exact.
    const lift = incrementalLift({ converted: 36, accounts: 179 }, { converted: 0, accounts: 18 });
    expect(lift.ci95?.low).toBeLessThan(0.03);
    expect(lift.reliable).toBe(false);
    const none = incrementalLift({ converted: 0, accounts: 40 }, { converted: 0, accounts: 40 });
    expect(none.ci95?.low).toBeLessThan(0);
    expect(none.significant).toBe(false);
  });

  it('gives no interval without both arms, and flags thin arms as not reliable', () => {
    expect(incrementalLift({ converted: 3, accounts: 10 }, { converted: 0, accounts: 0 }).ci95).toBeNull();
    expect(incrementalLift({ converted: 50, accounts: 100 }, { converted: 10, accounts: 100 })).toMatchObject(
      {
        significant: true,
        reliable: true,
      },
    );
  });

  it('Wilson interval stays within [0, 1] and contains the observed rate', () => {
    for (const [x, n] of [
      [0, 1],
      [1, 1],
      [3, 7],
      [999, 1000],
    ] as const) {
      const { low, high } = wilson(x, n);
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThanOrEqual(x / n);
      expect(high).toBeGreaterThanOrEqual(x / n);
    }
  });
});
