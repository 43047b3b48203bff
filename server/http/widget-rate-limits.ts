/** Rates of the widget API's abuse guards (see token-buckets.ts); 0 turns one off. */
export interface WidgetRateLimits {
  /** Calls per minute one end user may make (decide, events, trials, purchases, requests together). */
  userPerMinute: number;
  /** Failed authentications (401) per minute from one client address, before it is refused outright. */
  authFailuresPerMinute: number;
}

/**
 * A widget makes a few calls per page view and flushes events every few seconds, so 600 a minute
 * (10/s, bursts of 120) is far above any real user and far below a page stuck in a render loop.
 * Sixty failed authentications a minute leave room for a host's misconfiguration to show up in
 * its logs while keeping a flood of forged tokens from costing a verification each.
 */
export const DEFAULT_WIDGET_RATE_LIMITS: WidgetRateLimits = { userPerMinute: 600, authFailuresPerMinute: 60 };

/** The OpenAPI description of the 429 every widget route can answer. */
export const RATE_LIMITED_DESCRIPTION =
  'Too many calls for this user, or failed authentications from this address (rate_limited); see Retry-After';
