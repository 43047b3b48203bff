/**
 * Event names as plain constants, free of zod, so the widget can import them without bundling the
 * schema library. `events.ts` re-exports them; import from either.
 */

/** Interaction events the widget sends for a message; each carries the decision id. */
export const MESSAGE_EVENTS = {
  shown: 'message.shown',
  clicked: 'message.clicked',
  dismissed: 'message.dismissed',
  snoozed: 'message.snoozed',
} as const;

/** A page view (SPA route change or load); `props.path` is the path. */
export const PAGE_VIEW_EVENT = 'page.viewed';
