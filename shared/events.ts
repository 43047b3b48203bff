import { z } from 'zod';

/** Interaction events the widget sends for a message; each carries the decision id. */
export const MESSAGE_EVENTS = {
  shown: 'message.shown',
  clicked: 'message.clicked',
  dismissed: 'message.dismissed',
  snoozed: 'message.snoozed',
} as const;

/** A page view (SPA route change or load); `props.path` is the path. */
export const PAGE_VIEW_EVENT = 'page.viewed';

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
