/**
 * Incremental lift of a campaign: conversion of treated accounts minus conversion of the randomised
 * holdout, with a 95% confidence interval for the difference of two independent proportions by
 * Newcombe's hybrid score method (Newcombe 1998, method 10), from each arm's Wilson interval [l, u]:
 *
 *   d = p_t − p_c,   CI = [d − √((p_t − l_t)² + (u_c − p_c)²),  d + √((u_t − p_t)² + (p_c − l_c)²)]
 *
 * Unlike the simple normal (Wald) interval it stays honest at the small counts and zero conversions
 * early campaigns have: a holdout with 0 of 18 converted is not taken as certainly 0 %.
 *
 * Accounts are the unit (holdout is assigned per account), so seats of one account never count
 * twice. `reliable` flags arms with at least 30 accounts and 5 conversions and non-conversions each:
 * below that a PM should read the interval, not the point estimate.
 */
const Z95 = 1.959964;

/** Wilson score interval of x successes in n trials (n > 0). */
export function wilson(x: number, n: number): { low: number; high: number } {
  const p = x / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

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
  const t = wilson(treatment.converted, treatment.accounts);
  const c = wilson(holdout.converted, holdout.accounts);
  const ci95 = {
    low: absolute - Math.hypot(pt - t.low, c.high - pc),
    high: absolute + Math.hypot(t.high - pt, pc - c.low),
  };
  return {
    treatmentRate: pt,
    holdoutRate: pc,
    absolute,
    relative: pc > 0 ? pt / pc - 1 : null,
    ci95,
    significant: ci95.low > 0 || ci95.high < 0,
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
