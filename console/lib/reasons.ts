import type { BlockingReasonCode } from '../../shared/reasons.ts';
import { humanize } from './format.ts';

/**
 * What a blocking reason code means, in a product manager's words (explain gives full sentences).
 * Typed against the engine's shared list, so a new blocking code needs its label here.
 */
const LABELS: Record<BlockingReasonCode, string> = {
  'audience.segment.excluded': 'Not in the chosen segments',
  'audience.role.excluded': 'User role not targeted',
  'audience.stage.excluded': 'Lifecycle stage not allowed',
  'audience.filter.failed': 'An attribute filter does not match',
  'audience.open_deal': 'Has an open sales deal',
  'audience.owns_all.missing': 'Lacks a product the audience must own',
  'audience.owns_none.present': 'Owns a product the audience must not own',
  'target.owned': 'Already owns the product',
  'target.prerequisites_missing': 'Lacks the product’s prerequisites',
  'target.no_next_best': 'No next best product qualifies',
  'target.tier_current': 'Already on this tier',
  'target.tier_not_higher': 'Already on a higher tier',
  'target.tier_from_plan': 'Not on a plan the upgrade starts from',
  'target.sunset': 'Product is being retired',
  'target.unknown_product': 'Product no longer in the catalogue',
  'target.unknown_bundle': 'Bundle no longer in the catalogue',
  'frequency.converted': 'Already bought it',
  'frequency.dismiss_cooldown': 'Dismissed it recently',
  'frequency.min_interval': 'Shown it too recently',
  'frequency.snoozed': 'Snoozed it',
  'frequency.max_impressions': 'Shown it the most times allowed',
  'frequency.max_dismissals': 'Dismissed it too often',
  'frequency.user_daily_cap': 'Daily prompt limit per user reached',
  'frequency.account_daily_cap': 'Daily limit for this campaign per account reached',
  'frequency.account_prompts_cap': 'Daily prompt limit per account reached',
  'triggers.not_fired': 'No trigger fired',
  'page.mismatch': 'Not on one of its pages',
  'schedule.not_started': 'Not started yet',
  'schedule.ended': 'Ended',
  'status.inactive': 'Campaign not active',
  'content.missing_locale': 'No copy in the user’s language',
  'offer.expired': 'Offer expired',
  'offer.unknown_product': 'Offered product no longer in the catalogue',
  'offer.unknown_bundle': 'Offered bundle no longer in the catalogue',
  'offer.mixed_currency': 'Bundle prices in different currencies',
  'content.missing_value': 'Copy needs a value the account lacks',
  'placement.mismatch': 'Not asked for its placement',
};

/** The label of a blocking reason code; a code this console does not know (a newer server's) in words. */
export function reasonLabel(code: string): string {
  return Object.hasOwn(LABELS, code)
    ? LABELS[code as BlockingReasonCode]
    : humanize(code.replaceAll('.', ' '));
}
