/**
 * A copy experiment's results: each copy's treated accounts and conversions beside the original's,
 * with the difference in conversion and its 95 % interval (lift.ts: the same statistics as the
 * holdout lift, since assignment is per account here too), and whether the accounts split between
 * the copies as the percents say (sample-ratio.ts).
 *
 *   copyExperimentResults(current, sharesByVersion, rows) → { variants, sampleRatio }
 *
 * Rows are per campaign version and copy of the accounts' first decisions. What each copy should
 * have had is summed over versions, each version's accounts split by the percents in force then
 * (`sharesByVersion`, from the change history; a version without it counts with `current`), so a
 * percent changed mid-experiment is no mismatch. Copies are listed as the current definition has
 * them (the original first), then copies it no longer has but that were served or expected; the
 * original is always listed, so every other row has its comparison's baseline.
 */
import type { CopyExperiment } from '../../shared/analytics.ts';
import { ORIGINAL_VARIANT } from '../../shared/campaign.ts';
import { incrementalLift } from './lift.ts';
import { splitCheck } from './sample-ratio.ts';

export interface CopyVariantRow {
  version: number;
  variant: string;
  accounts: number;
  shown: number;
  clicked: number;
  converted: number;
}

type Shares = ReadonlyMap<string, number>;

interface Totals {
  accounts: number;
  shown: number;
  clicked: number;
  converted: number;
  expected: number;
}

function totalsByCopy(
  current: Shares,
  sharesByVersion: ReadonlyMap<number, Shares>,
  rows: readonly CopyVariantRow[],
) {
  const totals = new Map<string, Totals>();
  const of = (key: string) => {
    let t = totals.get(key);
    if (!t) {
      t = { accounts: 0, shown: 0, clicked: 0, converted: 0, expected: 0 };
      totals.set(key, t);
    }
    return t;
  };
  const perVersion = new Map<number, number>();
  for (const r of rows) {
    const t = of(r.variant);
    t.accounts += r.accounts;
    t.shown += r.shown;
    t.clicked += r.clicked;
    t.converted += r.converted;
    perVersion.set(r.version, (perVersion.get(r.version) ?? 0) + r.accounts);
  }
  for (const [version, accounts] of perVersion) {
    for (const [key, share] of sharesByVersion.get(version) ?? current) of(key).expected += accounts * share;
  }
  return totals;
}

export function copyExperimentResults(
  current: Shares,
  sharesByVersion: ReadonlyMap<number, Shares>,
  rows: readonly CopyVariantRow[],
): Omit<CopyExperiment, 'campaignId'> {
  const totals = totalsByCopy(current, sharesByVersion, rows);
  const retired = [...totals.keys()].filter((k) => !current.has(k)).sort();
  const keys = [ORIGINAL_VARIANT, ...[...current.keys()].filter((k) => k !== ORIGINAL_VARIANT), ...retired];
  const none: Totals = { accounts: 0, shown: 0, clicked: 0, converted: 0, expected: 0 };
  const original = totals.get(ORIGINAL_VARIANT) ?? none;
  const variants = keys.map((key) => {
    const t = totals.get(key) ?? none;
    const compared =
      key === ORIGINAL_VARIANT
        ? null
        : incrementalLift(
            { accounts: t.accounts, converted: t.converted },
            { accounts: original.accounts, converted: original.converted },
          );
    return {
      key,
      share: current.get(key) ?? null,
      accounts: t.accounts,
      expectedAccounts: t.expected,
      shown: t.shown,
      clicked: t.clicked,
      conversions: t.converted,
      rate: t.accounts > 0 ? t.converted / t.accounts : 0,
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
  // Only copies something was expected of take part: one the percents never gave out cannot miss.
  const arms = variants.filter((v) => v.expectedAccounts > 0 || v.accounts > 0);
  const sampleRatio =
    arms.length >= 2
      ? splitCheck(
          arms.map((v) => v.accounts),
          arms.map((v) => v.expectedAccounts),
        )
      : { pValue: null, mismatch: false };
  return { variants, sampleRatio };
}
