import { z } from 'zod';
import { ListQuery, page } from './catalog.ts';

/**
 * One message as Segment (and RudderStack, which follows its spec) sends it to a webhook
 * destination: only the fields Attach reads are declared; the rest of Segment's fields pass.
 */
export const SegmentMessage = z
  .looseObject({
    type: z.string().min(1).max(20),
    /** Segment's id of the message, kept across its retries: the event's id is derived from it. */
    messageId: z.string().min(1).max(200),
    /** A `track` call's event name, e.g. `Report Exported`. */
    event: z.string().max(200).optional(),
    userId: z
      .union([z.string().max(200), z.number()])
      .nullable()
      .optional(),
    timestamp: z.string().max(40).optional(),
    originalTimestamp: z.string().max(40).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    /** A `group` call's account id. */
    groupId: z
      .union([z.string().max(200), z.number()])
      .nullable()
      .optional(),
    /** What an `identify` call says of the user, a `group` call of the account. */
    traits: z.record(z.string(), z.unknown()).optional(),
    context: z
      .looseObject({
        /** The account, as Segment's `group` call set it on the user's later calls. */
        groupId: z
          .union([z.string().max(200), z.number()])
          .nullable()
          .optional(),
        page: z.looseObject({ path: z.string().max(2000).optional() }).optional(),
        locale: z.string().max(100).optional(),
      })
      .optional(),
  })
  .meta({ id: 'SegmentMessage' });
export type SegmentMessage = z.infer<typeof SegmentMessage>;

/**
 * The body Segment's webhook destination posts (one message), or a batch of them as its HTTP
 * tracking API and RudderStack send (`{"batch": […]}`).
 */
export const SegmentPayload = z
  .looseObject({ batch: z.array(SegmentMessage).min(1).max(1000).optional() })
  .meta({ id: 'SegmentPayload' });

/** Why a message was not stored; the rest of the batch is. */
export const SegmentSkipReason = z.enum([
  /** alias, screen and any other call: Attach reads track, page, identify and group. */
  'unsupported_type',
  /** No account: neither `context.groupId` nor `properties.groupId` / `accountId` / `account_id`. */
  'no_account',
  /** An identify call whose account Attach does not know: its group call (or a sync) comes first. */
  'unknown_account',
  /** Its time is more than 30 days old or 24 hours ahead. */
  'out_of_window',
  /** An event name, user id, account id or properties Attach cannot store (`message` says which). */
  'invalid',
]);
export type SegmentSkipReason = z.infer<typeof SegmentSkipReason>;

export const SegmentAck = z
  .object({
    /** Events stored, and events already stored (Segment's retries). */
    accepted: z.int(),
    duplicates: z.int(),
    /** Accounts (group calls) and users (identify calls) created or updated. */
    accounts: z.int(),
    users: z.int(),
    skipped: z.array(
      z.object({ index: z.int(), messageId: z.string(), reason: SegmentSkipReason, message: z.string() }),
    ),
    /** Account ids of the stored events the workspace does not know (at most 20), as `POST /events` says. */
    unknownAccounts: z.array(z.string()),
  })
  .meta({ id: 'SegmentAck' });
export type SegmentAck = z.infer<typeof SegmentAck>;

export const SEGMENT_PATH = '/v1/admin/integrations/segment';

/**
 * A message Segment sent that Attach skipped, kept for the host's developers: Segment's webhook
 * destination shows that a request succeeded, not which of its messages were left out, nor why.
 * Only the message's id, call type and event name are kept, never its user or traits.
 */
export const SegmentSkip = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    /** Segment's id of the message, to find it in Segment's debugger. */
    messageId: z.string(),
    /** The call: track, page, identify, group, or the unsupported one. */
    type: z.string(),
    /** A track call's event name as Segment sent it. */
    event: z.string().nullable(),
    reason: SegmentSkipReason,
    message: z.string(),
  })
  .meta({ id: 'SegmentSkip' });
export type SegmentSkip = z.infer<typeof SegmentSkip>;

export const SegmentSkipPage = page(SegmentSkip).meta({ id: 'SegmentSkipPage' });
export type SegmentSkipPage = z.infer<typeof SegmentSkipPage>;

/** Newest first; `reason` keeps one reason's, `since` those at or after a moment. */
export const SegmentSkipQuery = ListQuery.extend({
  reason: SegmentSkipReason.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});
export type SegmentSkipQuery = z.infer<typeof SegmentSkipQuery>;

/** How long skipped messages are kept, and how many at most per workspace (the newest). */
export const SEGMENT_SKIPS_KEPT_DAYS = 14;
export const SEGMENT_SKIPS_KEPT_MAX = 1_000;
/** Skipped messages one server keeps per workspace a minute (a misconfigured source skips them all). */
export const SEGMENT_SKIPS_PER_MINUTE = 60;

export const SEGMENT_SKIPS_PATH = `${SEGMENT_PATH}/skipped`;
