/**
 * Expected value of showing a campaign, used to rank after priority.
 *
 *   expectedValue(motion, target?, offer?) → number (minor units per month, ≥ 0)
 *
 *   score = p × liftFactor × monthly price
 *   p          the attach rate (confidence) of the strongest rule A→target from a product the account
 *              owns; without affinity data, the motion's typical conversion (domain.md table midpoints)
 *   liftFactor the rule's lift clamped to [0.5, 3] (1 without affinity): rewards products the account's
 *              portfolio really makes likelier, without letting a tiny-sample lift of 20 dominate
 *   price      the offer's first-period amount per month (0 without an offer)
 */
import type { Motion } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { monthlyAmount } from './pricing.ts';
import type { ResolvedTarget } from './types.ts';

/** Typical conversion when triggered well (midpoints of domain.md's table). */
export const MOTION_BASE_RATE: Readonly<Record<Motion, number>> = {
  upsell_tier: 0.2,
  upsell_addon: 0.115,
  upsell_capacity: 0.25,
  cross_sell_adjacent: 0.14,
  cross_sell_complementary: 0.16,
  cross_sell_platform: 0.085,
};

export function expectedValue(motion: Motion, target?: ResolvedTarget, offer?: PricedOffer): number {
  if (!offer) return 0;
  const affinity = target?.affinity;
  const p = affinity ? affinity.confidence : MOTION_BASE_RATE[motion];
  const liftFactor = affinity ? Math.min(3, Math.max(0.5, affinity.lift)) : 1;
  return p * liftFactor * monthlyAmount(offer);
}
