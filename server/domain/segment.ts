import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  EVENT_TS_MAX_AGE_MS,
  EVENT_TS_MAX_FUTURE_MS,
  PAGE_VIEW_EVENT,
  ServerEventInput,
} from '../../shared/events.ts';
import type { SegmentMessage, SegmentSkipReason } from '../../shared/segment.ts';

export type ServerEvent = z.infer<typeof ServerEventInput>;
export type SegmentOutcome = { event: ServerEvent } | { skipped: SegmentSkipReason; message: string };

const skip = (skipped: SegmentSkipReason, message: string): SegmentOutcome => ({ skipped, message });

/**
 * Segment's event names are free text (`Report Exported`); Attach's are identifiers. Lower case,
 * and every run of other characters becomes one `_`: `Report Exported` → `report_exported`.
 */
export function segmentEventName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.:$/-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The event id of a Segment message: a UUID (version 8, RFC 9562) made from its `messageId`, which
 * Segment keeps when it retries, so a retry is a duplicate rather than a second event.
 */
export function segmentEventId(messageId: string): string {
  const hex = createHash('sha256').update(`segment:${messageId}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An id as Segment may send it: text, or a number; empty means none. */
const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

/** The account: Segment's group (`context.groupId`), else what the properties name. */
function accountOf(m: SegmentMessage): string | undefined {
  const p = m.properties ?? {};
  for (const candidate of [m.context?.groupId, p.groupId, p.accountId, p.account_id]) {
    const id = idOf(candidate);
    if (id) return id;
  }
  return undefined;
}

/**
 * A Segment `track` or `page` message as the event Attach stores, or why it is skipped. Its time
 * is `timestamp` (Segment's corrected time), else `originalTimestamp`, else now.
 */
export function fromSegment(m: SegmentMessage, now: Date): SegmentOutcome {
  if (m.type !== 'track' && m.type !== 'page') {
    return skip(
      'unsupported_type',
      `${m.type} calls are not stored: accounts and users are synced through the batch endpoints`,
    );
  }
  const accountId = accountOf(m);
  if (!accountId) {
    return skip(
      'no_account',
      'No account: set context.groupId (Segment’s group call) or properties.accountId',
    );
  }
  const at = Date.parse(m.timestamp ?? m.originalTimestamp ?? now.toISOString());
  if (Number.isNaN(at)) return skip('invalid', 'timestamp is not a date');
  if (at < now.getTime() - EVENT_TS_MAX_AGE_MS || at > now.getTime() + EVENT_TS_MAX_FUTURE_MS) {
    return skip('out_of_window', 'Its time is more than 30 days old or 24 hours ahead');
  }
  const name = m.type === 'page' ? PAGE_VIEW_EVENT : segmentEventName(m.event ?? '');
  if (!name) return skip('invalid', 'A track call needs an event name');
  const props =
    m.type === 'page'
      ? { ...m.properties, path: m.properties?.path ?? m.context?.page?.path }
      : (m.properties ?? {});
  const userId = idOf(m.userId);
  const candidate = {
    id: segmentEventId(m.messageId),
    name,
    ts: new Date(at).toISOString(),
    props,
    accountId,
    ...(userId === undefined ? {} : { userId }),
  };
  // JSON writes NUL as \u0000: text PostgreSQL cannot store, anywhere in the event.
  if (JSON.stringify(candidate).includes('\\u0000')) {
    return skip('invalid', 'Text must not contain the NUL character (U+0000)');
  }
  const parsed = ServerEventInput.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return skip(
      'invalid',
      issue ? `${issue.path.join('.')}: ${issue.message}` : 'Not an event Attach can store',
    );
  }
  return { event: parsed.data };
}
