import { createHash } from 'node:crypto';
import { type ZodType, z } from 'zod';
import {
  EVENT_TS_MAX_AGE_MS,
  EVENT_TS_MAX_FUTURE_MS,
  PAGE_VIEW_EVENT,
  ServerEventInput,
} from '../../shared/events.ts';
import { AccountInput, UserInput } from '../../shared/host-data.ts';
import type { SegmentMessage, SegmentSkipReason } from '../../shared/segment.ts';

export type ServerEvent = z.infer<typeof ServerEventInput>;
/** What one Segment message is to Attach: an event, an account, a user, or nothing and why. */
export type SegmentRead =
  | { event: ServerEvent }
  | { account: AccountInput }
  | { user: UserInput }
  | { skipped: SegmentSkipReason; message: string };

const skip = (skipped: SegmentSkipReason, message: string): SegmentRead => ({ skipped, message });

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

/** The first of `candidates` that is an id. */
const firstId = (...candidates: unknown[]) => candidates.map(idOf).find((id) => id !== undefined);

/** An event's or a user's account: Segment's group (`context.groupId`), else what `fields` name. */
const accountOf = (m: SegmentMessage, fields: Record<string, unknown> = {}) =>
  firstId(m.context?.groupId, fields.groupId, fields.accountId, fields.account_id);

/**
 * `candidate` as `schema` stores it, or why not: the first issue, or text PostgreSQL cannot hold
 * (JSON writes NUL as \u0000).
 */
function storable<T>(
  schema: ZodType<T>,
  candidate: unknown,
): { value: T } | { skipped: 'invalid'; message: string } {
  if (JSON.stringify(candidate).includes('\\u0000')) {
    return { skipped: 'invalid', message: 'Text must not contain the NUL character (U+0000)' };
  }
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    skipped: 'invalid',
    message: issue ? `${issue.path.join('.')}: ${issue.message}` : 'Not storable',
  };
}

/** Text traits, kept only when they are text. */
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * A `group` call as the account it describes: `traits.name`, `plan`, `industry` and `segment` are
 * the account's own fields, every other trait an attribute (campaign filters read them).
 */
function accountFromGroup(m: SegmentMessage): SegmentRead {
  const id = idOf(m.groupId);
  if (!id) return skip('no_account', 'A group call needs a groupId');
  const { name, plan, industry, segment, id: _id, ...rest } = m.traits ?? {};
  const fields = { name: text(name), plan: text(plan), industry: text(industry), segment: text(segment) };
  const candidate = {
    id,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(Object.keys(rest).length ? { attributes: rest } : {}),
  };
  const read = storable(AccountInput, candidate);
  return 'value' in read ? { account: read.value } : read;
}

const Email = z.email().max(320);

/**
 * An `identify` call as the user it describes, in the account of `context.groupId` (else the
 * traits' `groupId`, `accountId` or `account_id`): `traits.email` (when it is one), `name` (or
 * `firstName` and `lastName`), `role`, the context's `locale`; every other trait an attribute.
 */
function userFromIdentify(m: SegmentMessage): SegmentRead {
  const id = idOf(m.userId);
  if (!id) return skip('invalid', 'An identify call needs a userId: Attach serves signed-in users');
  const traits = m.traits ?? {};
  const accountId = accountOf(m, traits);
  if (!accountId) {
    return skip('no_account', 'No account: set context.groupId (Segment’s group call) or traits.accountId');
  }
  const {
    email,
    name,
    firstName,
    lastName,
    role,
    groupId: _g,
    accountId: _a,
    account_id: _a2,
    id: _id,
    ...rest
  } = traits;
  const fullName = text(name) ?? ([text(firstName), text(lastName)].filter(Boolean).join(' ') || undefined);
  const candidate = {
    id,
    accountId,
    ...(Email.safeParse(email).success ? { email } : {}),
    ...(fullName ? { name: fullName } : {}),
    ...(text(role) ? { role } : {}),
    ...(m.context?.locale ? { locale: m.context.locale } : {}),
    ...(Object.keys(rest).length ? { attributes: rest } : {}),
  };
  const read = storable(UserInput, candidate);
  return 'value' in read ? { user: read.value } : read;
}

/**
 * What a Segment message is to Attach: `track` and `page` calls events, `group` calls accounts,
 * `identify` calls users; any other call is skipped.
 */
export function readSegment(m: SegmentMessage, now: Date): SegmentRead {
  if (m.type === 'track' || m.type === 'page') return eventFrom(m, now);
  if (m.type === 'group') return accountFromGroup(m);
  if (m.type === 'identify') return userFromIdentify(m);
  return skip(
    'unsupported_type',
    `${m.type} calls are not read: Attach reads track, page, identify and group`,
  );
}

/**
 * A `track` or `page` call as the event Attach stores. Its time is `timestamp` (Segment's
 * corrected time), else `originalTimestamp`, else now.
 */
function eventFrom(m: SegmentMessage, now: Date): SegmentRead {
  const accountId = accountOf(m, m.properties);
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
  const read = storable(ServerEventInput, candidate);
  return 'value' in read ? { event: read.value } : read;
}
