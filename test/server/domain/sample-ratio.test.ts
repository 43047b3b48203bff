import { describe, expect, it } from 'vitest';
import { chiSquareTail, sampleRatio, splitCheck } from '../../../server/domain/sample-ratio.ts';

/** p-values are P(χ²₁ ≥ χ²) = erfc(√(χ²/2)), computed by hand from χ² and checked against a reference erfc. */
const closeTo = (actual: number | null, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected) / expected).toBeLessThan(1e-6);

describe('sample-ratio mismatch', () => {
  it('60 of 100 held out where half should be: χ² = 10²/50 + 10²/50 = 4, p = 0.0455, no mismatch', () => {
    const r = sampleRatio(40, 60, 0.5);
    expect(r).toMatchObject({ expectedHoldoutShare: 0.5, observedHoldoutShare: 0.6, mismatch: false });
    closeTo(r.pValue, 0.0455002638963584);
  });

  it('flags at p < 0.001 only: 132 of 1,000 held out at 10 % is a mismatch, 131 is not', () => {
    // 131: χ² = 31²/100 + 31²/900 = 10.678, p = 0.00108; 132: χ² = 32²/100 + 32²/900 = 11.378, p = 0.00074.
    const under = sampleRatio(869, 131, 0.1);
    closeTo(under.pValue, 0.0010843024087456);
    expect(under.mismatch).toBe(false);
    const over = sampleRatio(868, 132, 0.1);
    closeTo(over.pValue, 0.0007432798688492);
    expect(over.mismatch).toBe(true);
  });

  it('a split far off the configured share: 20 of 60 held out at 10 %, χ² = 14²/6 + 14²/54 = 36.3, p = 1.7e-9', () => {
    const r = sampleRatio(40, 20, 0.1);
    closeTo(r.pValue, 1.694856459179673e-9);
    expect(r).toMatchObject({ observedHoldoutShare: 1 / 3, mismatch: true });
  });

  it('a too small holdout is as much a mismatch as a too large one', () => {
    // 69 of 1,000 held out at 10 %: χ² = 31²/100 + 31²/900, the same as 131.
    closeTo(sampleRatio(931, 69, 0.1).pValue, 0.0010843024087456);
    expect(sampleRatio(940, 60, 0.1).mismatch).toBe(true);
  });

  it('an exact split has p = 1', () => {
    expect(sampleRatio(180, 20, 0.1).pValue).toBeCloseTo(1, 6);
  });

  it('does not test arms expecting fewer than 5 accounts, however lopsided', () => {
    // 40 accounts at 10 % expect 4 held out: too few for the chi-square approximation.
    expect(sampleRatio(20, 20, 0.1)).toEqual({
      expectedHoldoutShare: 0.1,
      observedHoldoutShare: 0.5,
      pValue: null,
      mismatch: false,
    });
    expect(sampleRatio(3, 47, 0.95).pValue).toBeNull();
    expect(sampleRatio(0, 0, 0.1)).toMatchObject({
      observedHoldoutShare: null,
      pValue: null,
      mismatch: false,
    });
  });
});

describe('chi-square over more arms (copy experiments)', () => {
  it('meets the published critical values for 1–5 degrees of freedom', () => {
    // Upper 5 % and 0.1 % points of χ²ₖ from the standard tables.
    for (const [x, degrees, p] of [
      [3.841458821, 1, 0.05],
      [5.991464547, 2, 0.05],
      [7.814727903, 3, 0.05],
      [9.487729037, 4, 0.05],
      [11.07049769, 5, 0.05],
      [16.26623619, 3, 0.001],
      [18.46682695, 4, 0.001],
    ] as const) {
      closeTo(chiSquareTail(x, degrees), p);
    }
  });

  it('three copies at 50 / 30 / 20 %: 540, 270, 190 of 1,000 gives χ² = 3.2 + 3 + 0.5 = 6.7, p = e^−3.35', () => {
    const r = splitCheck([540, 270, 190], [500, 300, 200]);
    closeTo(r.pValue, Math.exp(-3.35));
    expect(r.mismatch).toBe(false);
    expect(splitCheck([600, 250, 150], [500, 300, 200]).mismatch).toBe(true);
    expect(splitCheck([500, 300, 200], [500, 300, 200]).pValue).toBeCloseTo(1, 6);
  });

  it('does not test when a copy expects fewer than 5 accounts', () => {
    expect(splitCheck([10, 0, 2], [8, 0.5, 3.5])).toEqual({ pValue: null, mismatch: false });
  });
});
