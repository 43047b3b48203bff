/**
 * Incremental lift of a campaign: conversion of treated accounts minus conversion of the randomised
 * holdout, with a 95% confidence interval from the normal approximation to the difference of two
 * independent proportions (Wald, unpooled):
 *
 *   d = p_t − p_c,   SE = √(p_t(1−p_t)/n_t + p_c(1−p_c)/n_c),   CI = d ± 1.959964·SE
 *
 * Accounts are the unit (holdout is assigned per account), so seats of one account never count
 * twice. The interval is flagged unreliable when an arm has fewer than 30 accounts or fewer than 5
 * successes or failures — where the normal approximation is known to be poor.
 */
const Z95 = 1.959964;

export interface Arm {
  accounts: number;
  converted: number;
}

export interface LiftResult {
  treatmentRate: number | null;
  holdoutRate: number | null;
  absolute: number | null;
  relative: number | null;
  ci95: { low: number; high: number } | null;
  significant: boolean;
  reliable: boolean;
}

const rate = (arm: Arm) => (arm.accounts > 0 ? arm.converted / arm.accounts : null);

function wellSampled(arm: Arm): boolean {
  return arm.accounts >= 30 && arm.converted >= 5 && arm.accounts - arm.converted >= 5;
}

export function incrementalLift(treatment: Arm, holdout: Arm): LiftResult {
  const pt = rate(treatment);
  const pc = rate(holdout);
  if (pt === null || pc === null) {
    return {
      treatmentRate: pt,
      holdoutRate: pc,
      absolute: null,
      relative: null,
      ci95: null,
      significant: false,
      reliable: false,
    };
  }
  const absolute = pt - pc;
  const se = Math.sqrt((pt * (1 - pt)) / treatment.accounts + (pc * (1 - pc)) / holdout.accounts);
  const ci95 = { low: absolute - Z95 * se, high: absolute + Z95 * se };
  return {
    treatmentRate: pt,
    holdoutRate: pc,
    absolute,
    relative: pc > 0 ? pt / pc - 1 : null,
    ci95,
    significant: se > 0 && (ci95.low > 0 || ci95.high < 0),
    reliable: wellSampled(treatment) && wellSampled(holdout),
  };
}

/** Median of a list (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}
