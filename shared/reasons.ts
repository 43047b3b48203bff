/**
 * The codes of the engine's blocking reasons: why a campaign was not shown. Explain, the editor's
 * preview and the audience estimate report them; the console labels each one, and a host may match
 * on them. Passing (informational) codes are listed in server/domain/reasons.ts.
 */
export const BLOCKING_REASON_CODES = [
  'status.inactive',
  'schedule.not_started',
  'schedule.ended',
  'placement.mismatch',
  'page.mismatch',
  'audience.segment.excluded',
  'audience.role.excluded',
  'audience.filter.failed',
  'audience.owns_all.missing',
  'audience.owns_none.present',
  'audience.stage.excluded',
  'audience.open_deal',
  'triggers.not_fired',
  'frequency.max_impressions',
  'frequency.min_interval',
  'frequency.max_dismissals',
  'frequency.dismiss_cooldown',
  'frequency.snoozed',
  'frequency.converted',
  'frequency.account_daily_cap',
  'frequency.user_daily_cap',
  'frequency.account_prompts_cap',
  'target.prerequisites_missing',
  'target.owned',
  'target.sunset',
  'target.tier_current',
  'target.tier_from_plan',
  'target.tier_not_higher',
  'target.unknown_product',
  'target.unknown_bundle',
  'target.no_next_best',
  'offer.expired',
  'offer.unknown_product',
  'offer.unknown_bundle',
  'offer.mixed_currency',
  'content.missing_value',
  'content.missing_locale',
] as const;

export type BlockingReasonCode = (typeof BLOCKING_REASON_CODES)[number];
