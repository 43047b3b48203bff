/**
 * A copy experiment's results: each copy's treated accounts and conversions beside the original's,
 * with the difference in conversion and its 95 % interval (lift.ts: the same statistics as the
 * holdout lift, since assignment is per account here too).
 *
 *   copyExperimentResults(shares, rows) → CopyVariantResult[]   (the original first)
 *
 * `shares` are the current definition's (copy-variant.ts); rows name the copies decisions served. A
 * copy the definition no longer has still reports what it served (share null), after the current
 * ones; the original is always listed, so every other row has its comparison's baseline.
 */

import type { CopyVariantResult } from '../../shared/analytics.ts';
import { ORIGINAL_VARIANT } from '../../shared/campaign.ts';
import { incrementalLift } from './lift.ts';

export interface CopyVariantRow {
  variant: string;
  accounts: number;
  shown: number;
  clicked: number;
  converted: number;
}

export function copyExperimentResults(
  shares: ReadonlyMap<string, number>,
  rows: readonly CopyVariantRow[],
): CopyVariantResult[] {
  const byKey = new Map(rows.map((r) => [r.variant, r]));
  const retired = rows
    .map((r) => r.variant)
    .filter((k) => !shares.has(k))
    .sort();
  const keys = [ORIGINAL_VARIANT, ...[...shares.keys()].filter((k) => k !== ORIGINAL_VARIANT), ...retired];
  const original = byKey.get(ORIGINAL_VARIANT);
  const originalArm = { accounts: original?.accounts ?? 0, converted: original?.converted ?? 0 };
  return keys.map((key) => {
    const row = byKey.get(key);
    const arm = { accounts: row?.accounts ?? 0, converted: row?.converted ?? 0 };
    const compared = key === ORIGINAL_VARIANT ? null : incrementalLift(arm, originalArm);
    return {
      key,
      share: shares.get(key) ?? null,
      accounts: arm.accounts,
      shown: row?.shown ?? 0,
      clicked: row?.clicked ?? 0,
      conversions: arm.converted,
      rate: arm.accounts > 0 ? arm.converted / arm.accounts : 0,
      vsOriginal:
        compared?.absolute != null && compared.ci95
          ? {
              difference: compared.absolute,
              interval: compared.ci95,
              significant: compared.significant,
              reliable: compared.reliable,
            }
          : null,
    };
  });
}
