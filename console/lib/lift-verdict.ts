import type { CampaignLift } from '../../shared/analytics.ts';
import { pct } from './format.ts';

/**
 * What a difference of conversion rates can be taken for, read the same way wherever one is shown
 * (a holdout lift, a copy against the original): `early` while an arm is too thin to act on
 * (`reliable` is false), `not_significant` while its 95 % interval includes zero, else `significant`.
 */
export function differenceVerdict(
  difference: Pick<CampaignLift, 'significant' | 'reliable'>,
): 'early' | 'not_significant' | 'significant' {
  if (!difference.reliable) return 'early';
  return difference.significant ? 'significant' : 'not_significant';
}

/**
 * What a holdout lift can be taken for, read the same way wherever it is shown (the analytics lift
 * table, the campaigns list): `mismatch` when the accounts did not split between the arms as the
 * holdout % says (the lift then compares unlike groups, however clear its interval), else its
 * `differenceVerdict`.
 */
export function liftVerdict(lift: CampaignLift): 'mismatch' | ReturnType<typeof differenceVerdict> {
  return lift.sampleRatio.mismatch ? 'mismatch' : differenceVerdict(lift);
}

export const TOO_EARLY_HINT = 'Each arm needs at least 30 accounts, 5 conversions and 5 non-conversions';

/** "Sample ratio mismatch: expected 10% held out, saw 16% — lift is unreliable". */
export const sampleRatioWarning = ({ sampleRatio }: CampaignLift) =>
  `Sample ratio mismatch: expected ${pct(sampleRatio.expectedHoldoutShare)} held out, saw ${pct(sampleRatio.observedHoldoutShare)} — lift is unreliable`;
