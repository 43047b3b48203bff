/**
 * Event names as plain constants, free of zod, so the widget can import them without bundling the
 * schema library. `events.ts` re-exports them; import from either.
 */

/**
 * Interaction events the widget sends for a message; each must carry `decisionId` (or at least
 * `campaignId`), else the batch fails validation. On ingestion a new `clicked` adds to the user's
 * `message_states.clicks`, `dismissed` to `dismissals` and `last_dismissed_at`, `snoozed` sets
 * `snoozed_until` (see `DEFAULT_SNOOZE_DAYS`); `shown` is only stored and counted (impressions are
 * counted by decide when it serves). The campaign is taken from the decision when its id is known.
 */
export const MESSAGE_EVENTS = {
  shown: 'message.shown',
  clicked: 'message.clicked',
  dismissed: 'message.dismissed',
  snoozed: 'message.snoozed',
} as const;

/**
 * `message.snoozed` hides the message until `min(ts, server now) + props.snoozeDays` days
 * (a number in (0, 365], this by default). The widget's "later" asks for it.
 */
export const DEFAULT_SNOOZE_DAYS = 1;

/** A page view (SPA route change or load); `props.path` is the path. */
export const PAGE_VIEW_EVENT = 'page.viewed';

/**
 * Accepted event times, relative to the server clock: at most 24 h ahead (client clock skew) and
 * at most 30 days old (offline queues). An event outside the window fails the whole batch with a
 * `validation_failed` issue at `events.<index>.ts` (code `ts_out_of_range`).
 */
export const EVENT_TS_MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
export const EVENT_TS_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
