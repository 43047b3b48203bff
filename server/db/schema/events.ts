import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts, workspaceId } from './columns.ts';

/**
 * Events only the daily counters need once old: page views and product events. Message
 * interactions carry a campaign or a decision, and funnels and campaign figures count them for good.
 */
export const PRUNABLE_EVENT = `campaign_id is null and decision_id is null and name not like 'message.%'`;

/** Raw events, deduplicated by the client-supplied uuid. */
export const events = pgTable(
  'events',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    accountId: text('account_id'),
    userId: text('user_id'),
    ts: ts('ts').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    source: text('source').$type<'widget' | 'server'>().notNull(),
    decisionId: uuid('decision_id'),
    campaignId: uuid('campaign_id'),
    props: jsonb('props').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('events_account_name_ts_idx').on(t.workspaceId, t.accountId, t.name, t.ts),
    // Only message interactions carry a campaign, and only they are read by campaign: the rest of
    // the stream (page views, product events) skips these two on insert. By the time it happened
    // for reports; by the time it arrived for the campaigns list's tallies (campaign-tallies.ts).
    index('events_campaign_idx')
      .on(t.workspaceId, t.campaignId, t.name, t.ts)
      .where(sql`${t.campaignId} is not null`),
    index('events_campaign_received_idx')
      .on(t.workspaceId, t.campaignId, t.name, t.receivedAt)
      .where(sql`${t.campaignId} is not null`),
    // Event retention builds one more index, by received_at, once it is turned on: see
    // queries/event-retention.ts.
  ],
);

/**
 * The day of an account's all-time row per event name, where event retention folds the account's
 * days older than any trigger window reads (the all-time presence milestones ask for stays).
 */
export const FOLDED_COUNTER_DAY = '1970-01-01';

/**
 * Daily event counts per account and per user (user_id '' = the whole account), maintained by
 * ingestion so the decision path never scans raw events.
 */
export const eventCounters = pgTable(
  'event_counters',
  {
    workspaceId: workspaceId(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull(),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  // Event retention adds an index by day once it is turned on: see queries/event-retention.ts.
  (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.userId, t.name, t.day] })],
);
