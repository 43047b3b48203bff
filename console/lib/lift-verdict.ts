import type { CampaignLift } from '../../shared/analytics.ts';

/**
 * What a holdout lift can be taken for, read the same way wherever it is shown (the analytics lift
 * table, the campaigns list): `early` while an arm is too thin to act on (`reliable` is false),
 * `not_significant` while its 95 % interval includes zero, else `significant`.
 */
export function liftVerdict(lift: CampaignLift): 'early' | 'not_significant' | 'significant' {
  if (!lift.reliable) return 'early';
  return lift.significant ? 'significant' : 'not_significant';
}

export const TOO_EARLY_HINT = 'Each arm needs at least 30 accounts, 5 conversions and 5 non-conversions';
