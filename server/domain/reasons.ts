/**
 * Builders for `Reason`s. Every check in the engine reports its outcome with a stable, dotted `code`
 * (`<check>.<outcome>`, e.g. `frequency.max_impressions`) that the console and tests may match on,
 * and a sentence for the product manager. Passing checks are reported too, non-blocking, so explain
 * can show the whole picture.
 *
 *   pass(code, message)  → { blocking: false }   the check passed / informational
 *   fail(code, message)  → { blocking: true }    the check blocks the campaign
 *
 * The codes (* = blocking):
 *   stage.onboarding.recent_signup  stage.onboarding.milestones_missing  stage.activated  stage.engaged
 *   stage.at_risk.health  stage.at_risk.usage_falling  stage.renewal_window  stage.churned.attribute
 *   stage.churned.no_active_entitlement                                   (informational)
 *   status.active | status.inactive*     schedule.running | schedule.not_started* | schedule.ended*
 *   placement.match | placement.mismatch*                       page.match | page.mismatch*
 *   audience.segment[.any] | audience.segment.excluded*         audience.role[.any] | audience.role.excluded*
 *   audience.filter | audience.filter.failed*                   audience.owns_all | audience.owns_all.missing*
 *   audience.owns_none | audience.owns_none.present*            audience.stage | audience.stage.excluded*
 *   audience.no_open_deal | audience.open_deal*
 *   trigger.<type>.fired | trigger.<type>.not_fired (per leaf)  triggers.fired | triggers.not_fired*
 *   frequency.impressions | frequency.max_impressions*  frequency.min_interval*  frequency.max_dismissals*
 *   frequency.dismiss_cooldown*  frequency.snoozed*  frequency.converted*
 *   frequency.account_daily | frequency.account_daily_cap*      frequency.user_daily | frequency.user_daily_cap*
 *   frequency.account_prompts | frequency.account_prompts_cap* (only when the workspace sets the cap)
 *   target.prerequisites | target.prerequisites_missing*  target.owned*  target.sunset*  target.tier_current*  target.tier_from_plan*  target.tier_not_higher*
 *   target.unknown_product*  target.unknown_bundle*  target.next_best | target.no_next_best*
 *   offer.priced | offer.expired*  offer.unknown_product*  offer.unknown_bundle*  offer.mixed_currency*
 *   content.filled | content.missing_value* (one per variable with no value)  content.missing_locale*
 *   content.variant (the copy experiment's pick, only when the campaign has variants)
 *   routing.in_app | routing.csm | routing.sales                holdout.treatment | holdout.held_out | holdout.test_account
 */
import type { BlockingReasonCode } from '../../shared/reasons.ts';
import type { Reason } from './types.ts';

export function pass(code: string, message: string): Reason {
  return { code, message, blocking: false };
}

/** Blocking codes are one shared list (shared/reasons.ts), so the console labels every one. */
export function fail(code: BlockingReasonCode, message: string): Reason {
  return { code, message, blocking: true };
}

/** True when any reason blocks. */
export function isBlocked(reasons: readonly Reason[]): boolean {
  return reasons.some((r) => r.blocking);
}
