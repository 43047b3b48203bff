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
  const { pValue, mismatch } = splitCheck([holdout, treatment], [expectedHoldout, n - expectedHoldout]);
  return { expectedHoldoutShare, observedHoldoutShare, pValue, mismatch };
}

/**
 * The same test over any number of arms (a holdout's two, a copy experiment's copies), from each
 * arm's observed and expected accounts: χ² = Σ (oᵢ − eᵢ)² / eᵢ with k − 1 degrees of freedom. No
 * p-value (and no flag) when an arm expects fewer than 5 accounts.
 */
export function splitCheck(
  observed: readonly number[],
  expected: readonly number[],
): { pValue: number | null; mismatch: boolean } {
  if (observed.length < 2 || expected.length !== observed.length) {
    throw new Error(`a split check needs 2 or more arms, each with its expectation; got ${observed.length}`);
  }
  if (expected.some((e) => e < MIN_EXPECTED)) return { pValue: null, mismatch: false };
  const chiSquare = observed.reduce((sum, o, i) => {
    const e = expected[i] as number;
    return sum + (o - e) ** 2 / e;
  }, 0);
  const pValue = chiSquareTail(chiSquare, observed.length - 1);
  return { pValue, mismatch: pValue < ALPHA };
}

/**
 * P(χ²ₖ ≥ x), from the closed forms for one and two degrees of freedom and the recurrence
 * Qₖ₊₂(x) = Qₖ(x) + (x/2)^(k/2)·e^(−x/2) / Γ(k/2 + 1):
 *
 *   Q₁(x) = erfc(√(x/2)),   Q₂(x) = e^(−x/2),   so Q₃(x) = erfc(√(x/2)) + √(2x/π)·e^(−x/2), …
 */
export function chiSquareTail(x: number, degrees: number): number {
  const half = x / 2;
  const odd = degrees % 2 === 1;
  let tail = odd ? erfc(Math.sqrt(half)) : Math.exp(-half);
  // (x/2)^(j/2)·e^(−x/2) / Γ(j/2 + 1) for j = 1 (Γ(3/2) = √π / 2) or j = 2 (Γ(2) = 1).
  let term = odd ? (Math.sqrt(half) * Math.exp(-half)) / (Math.sqrt(Math.PI) / 2) : half * Math.exp(-half);
  for (let j = odd ? 1 : 2; j < degrees; j += 2) {
    tail += term;
    term *= half / (j / 2 + 1);
  }
  return tail;
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
