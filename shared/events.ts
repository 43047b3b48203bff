import { z } from 'zod';

export {
  DEFAULT_SNOOZE_DAYS,
  EVENT_TS_MAX_AGE_MS,
  EVENT_TS_MAX_FUTURE_MS,
  MESSAGE_EVENTS,
  PAGE_VIEW_EVENT,
} from './event-names.ts';

/** Longest snooze a `message.snoozed` event may ask for (see `DEFAULT_SNOOZE_DAYS`). */
export const MAX_SNOOZE_DAYS = 365;

/**
 * Page views are also counted per path so `page` triggers with `minVisits` can read visits from the
 * daily counters: ingestion increments the account and user counters named
 * `page.viewed:<path>` (path without query or hash, no trailing slash except the root), besides
 * `page.viewed` itself. Example: a view of `/pricing?plan=pro` counts under `page.viewed:/pricing`.
 */
export const PAGE_VIEW_COUNTER_PREFIX = 'page.viewed:';

/** Strips query, hash and a trailing slash (keeping the root `/`): `/a/?x=1` → `/a`. */
export function normalisePagePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  return bare.length > 1 && bare.endsWith('/') ? bare.slice(0, -1) : bare;
}

/** The counter name for views of `path`, e.g. `pageViewCounterName('/pricing/')` → `page.viewed:/pricing`. */
export function pageViewCounterName(path: string): string {
  return `${PAGE_VIEW_COUNTER_PREFIX}${normalisePagePath(path)}`;
}

export const EventName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:$/-]+$/, 'letters, digits and _ . : $ / -');

export const EventInput = z
  .object({
    /** Client-generated UUID; the server stores each id once per workspace. */
    id: z.uuid(),
    name: EventName,
    ts: z.iso.datetime({ offset: true }),
    props: z
      .record(z.string().max(100), z.unknown())
      .default({})
      .refine((p) => JSON.stringify(p).length <= 8_192, 'props must serialise to at most 8 KB'),
    decisionId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
  })
  .meta({ id: 'EventInput' });
export type EventInput = z.infer<typeof EventInput>;

export const EventBatch = z
  .object({ events: z.array(EventInput).min(1).max(500) })
  .meta({ id: 'EventBatch' });
export type EventBatch = z.infer<typeof EventBatch>;

/** `sendBeacon` cannot set headers: the text/plain body carries the key and token. */
export const BeaconBatch = EventBatch.extend({
  key: z.string().min(1).max(200),
  token: z.string().min(1).max(8192),
});

/** Server-side events name the account and user explicitly. */
export const ServerEventInput = EventInput.extend({
  accountId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200).optional(),
}).meta({ id: 'ServerEventInput' });
export const ServerEventBatch = z
  .object({ events: z.array(ServerEventInput).min(1).max(1000) })
  .meta({ id: 'ServerEventBatch' });

export const EventAck = z
  .object({ accepted: z.number().int(), duplicates: z.number().int() })
  .meta({ id: 'EventAck' });
export type EventAck = z.infer<typeof EventAck>;

/** What `POST /v1/admin/events` answers: also the batch's account ids the workspace does not know
 * (at most 20). Their events are stored and counted, as an account may be synced after its first
 * events, but decide shows nothing to an account until it is synced: an id here is often a typo. */
export const ServerEventAck = EventAck.extend({ unknownAccounts: z.array(z.string()) }).meta({
  id: 'ServerEventAck',
});
