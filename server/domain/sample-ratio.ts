import type { SampleRatio } from '../../shared/analytics.ts';

/**
 * Sample-ratio mismatch (SRM): does the observed split of accounts between treatment and holdout
 * depart from the configured holdout share more than chance allows? Pearson's chi-square
 * goodness-of-fit with one degree of freedom over the two arms:
 *
 *   χ² = (h − n·q)² / (n·q) + (t − n·(1 − q))² / (n·(1 − q)),   p = P(χ²₁ ≥ χ²) = erfc(√(χ² / 2))
 *
 * A mismatch means accounts went missing from (or were added to) one arm for a reason other than
 * the random assignment — a logging gap, a bug, a biased sample — so the lift compares unlike
 * groups. Flagged at p < 0.001, as experimentation platforms do (Microsoft ExP, Statsig): the
 * check runs on every campaign on every read, so a looser threshold would cry wolf.
 *
 * The chi-square approximation needs at least 5 expected accounts in each arm (Cochran's rule);
 * below that there is no p-value and no flag, rather than a verdict the counts cannot carry.
 */
const ALPHA = 0.001;
const MIN_EXPECTED = 5;

export function sampleRatio(treatment: number, holdout: number, expectedHoldoutShare: number): SampleRatio {
  const n = treatment + holdout;
  const observedHoldoutShare = n > 0 ? holdout / n : null;
  const expectedHoldout = n * expectedHoldoutShare;
  const expectedTreatment = n - expectedHoldout;
  if (expectedHoldout < MIN_EXPECTED || expectedTreatment < MIN_EXPECTED) {
    return { expectedHoldoutShare, observedHoldoutShare, pValue: null, mismatch: false };
  }
  const chiSquare =
    (holdout - expectedHoldout) ** 2 / expectedHoldout +
    (treatment - expectedTreatment) ** 2 / expectedTreatment;
  const pValue = erfc(Math.sqrt(chiSquare / 2));
  return { expectedHoldoutShare, observedHoldoutShare, pValue, mismatch: pValue < ALPHA };
}

/** Numerical Recipes' erfcc coefficients, lowest power of t first. */
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

/**
 * Complementary error function for x ≥ 0, by the Chebyshev fit of Numerical Recipes (erfcc):
 * relative error below 1.2e-7 everywhere, so even p-values far below the threshold stay accurate.
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly = ERFC_COEFFICIENTS.reduceRight((acc, c) => c + t * acc, 0);
  return t * Math.exp(-x * x + poly);
}
