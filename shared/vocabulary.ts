import { z } from 'zod';
import { ListQuery, page } from './catalog.ts';
import { MESSAGE_EVENTS, PAGE_VIEW_COUNTER_PREFIX } from './events.ts';

/** The widget's message interactions (`message.shown` …): events every workspace has, by design. */
export const INTERACTION_EVENTS: ReadonlySet<string> = new Set(Object.values(MESSAGE_EVENTS));

/**
 * Whether an event (or counter) name is one the vocabulary lists: a name the host chose, not the
 * widget's interactions nor a per-path page counter (`page.viewed:/pricing`).
 */
export const isHostEventName = (name: string) =>
  !INTERACTION_EVENTS.has(name) && !name.startsWith(PAGE_VIEW_COUNTER_PREFIX);

/**
 * What a name in the vocabulary names: an event name ingested, a usage metric or an account segment
 * or plan synced by the host, a user role synced or signed in a verified user token, a page origin
 * the widget called from (an allowed one) — how a team sees its script tag is live — or one it was
 * refused from (`refused_origin`: not in the allowed origins when it called), or why a user token
 * failed verification (`refused_token`: the reason, as the 401 said it; in identity mode `report`,
 * why it would have been refused), or an integration that sent data (`integration`: `segment`), or
 * host data that arrived (`sync`: `accounts`, `users`, `ownership`, `usage`, `events` from the
 * host's backend), so a sync that stopped shows.
 */
export const VocabularyKind = z
  .enum([
    'event',
    'metric',
    'segment',
    'plan',
    'role',
    'origin',
    'refused_origin',
    'refused_token',
    'integration',
    'sync',
  ])
  .meta({ id: 'VocabularyKind' });
export type VocabularyKind = z.infer<typeof VocabularyKind>;
/** The kinds of names campaigns and settings refer to (the host's data, not the widget's calls). */
export type NameKind = Exclude<
  VocabularyKind,
  'origin' | 'refused_origin' | 'refused_token' | 'integration' | 'sync'
>;

/** What `sync` names: the host data that arrives through the admin API (events: the backend's own). */
export const SyncedData = z.enum(['accounts', 'users', 'ownership', 'usage', 'events']);
export type SyncedData = z.infer<typeof SyncedData>;

/**
 * A name the workspace's data has used. `lastSeenAt` is a hint, moved at most once a day per server
 * process: read it as "still in use this week", not as the time of the latest event.
 */
export const VocabularyEntry = z
  .object({ name: z.string(), firstSeenAt: z.iso.datetime(), lastSeenAt: z.iso.datetime() })
  .meta({ id: 'VocabularyEntry' });
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;

export const VocabularyPage = page(VocabularyEntry).meta({ id: 'VocabularyPage' });
export type VocabularyPage = z.infer<typeof VocabularyPage>;

/**
 * A page of names in name order; `prefix` keeps the names that start with it (case-sensitive, as
 * names are), `seenSince` those last seen at or after that moment (what is still happening).
 */
export const VocabularyQuery = ListQuery.extend({
  prefix: z.string().min(1).max(100).optional(),
  seenSince: z.iso.datetime({ offset: true }).optional(),
});
export type VocabularyQuery = z.infer<typeof VocabularyQuery>;
