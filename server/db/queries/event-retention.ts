import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { FOLDED_COUNTER_DAY, PRUNABLE_EVENT } from '../schema/events.ts';
import { ensureIndexes, pruneBefore } from './retention-kit.ts';

/**
 * Folds the raw events received before `cutoff` into their purchases' first use, for up to `limit`
 * purchases, before those events are pruned: activation reads `first_used_at` for them from then on.
 * A purchase is due while its first use is unknown and events received since its last settling could
 * still fall in its longest activation window (`horizonDays`): ingestion takes events up to `lateDays`
 * behind its clock, so those received since can be that much older than the watermark. Each
 * purchase's own watermark means every event is looked at once. Another instance settling the same
 * purchase is waited for, not skipped (its clock may be behind ours, and we prune up to ours next),
 * in one lock order; least/greatest make a second settling of the same events harmless.
 */
export async function settleFirstUses(
  database: Database,
  cutoff: Date,
  horizonDays: number,
  lateDays: number,
  limit: number,
): Promise<number> {
  const at = sql`${cutoff.toISOString()}::timestamptz`;
  const rows = await database.rows(sql`
    with due as (
      select p.workspace_id, p.id, p.account_id, p.product_key, p.created_at, p.use_settled_until
      from purchases p
      where p.first_used_at is null and p.status <> 'failed' and p.created_at < ${at}
        and (p.use_settled_until is null or (p.use_settled_until < ${at}
          and p.created_at > p.use_settled_until - make_interval(days => ${horizonDays + lateDays})))
      order by p.workspace_id, p.id
      limit ${limit}
      for update
    ), found as (
      select due.workspace_id, due.id, (
        select min(e.ts) from events e
        where e.workspace_id = due.workspace_id and e.account_id = due.account_id
          and e.ts >= due.created_at and e.ts < due.created_at + make_interval(days => ${horizonDays})
          and e.received_at < ${at}
          and (due.use_settled_until is null or e.received_at >= due.use_settled_until)
          and (left(e.name, length(due.product_key) + 1) = due.product_key || '.'
            or e.props->>'product' = due.product_key)
      ) as first_use
      from due
    )
    update purchases p
    set first_used_at = least(p.first_used_at, found.first_use),
      use_settled_until = greatest(p.use_settled_until, ${at})
    from found where p.workspace_id = found.workspace_id and p.id = found.id
    returning p.id`);
  return rows.length;
}

/**
 * The indexes retention walks, built once it is turned on: measured, the events one cost ingestion
 * 4–6 % of its throughput, which an installation keeping every event should not pay. Each predicate
 * is its query's own text, so the planner matches them: kept interactions and all-time rows are
 * never walked past. Not BRIN: pruned space is reused by new rows, which would widen every block
 * range's summary until it found nothing.
 */
const RETENTION_INDEXES: Record<string, string> = {
  events_prunable_received_idx: `on events (received_at) where ${PRUNABLE_EVENT}`,
  event_counters_day_idx: `on event_counters (day) where day > '${FOLDED_COUNTER_DAY}'`,
};

/**
 * Makes sure the event retention indexes exist (see ensureIndexes). False while another instance
 * builds them.
 */
export const ensureRetentionIndexes = (database: Database, stopping?: AbortSignal) =>
  ensureIndexes(database, RETENTION_INDEXES, stopping);

/** Deletes up to `limit` raw events received before `cutoff` that only the daily counters need then. */
export const pruneRawEvents = (database: Database, cutoff: Date, limit: number) =>
  pruneBefore(database, { table: 'events', column: 'received_at', where: PRUNABLE_EVENT }, cutoff, limit);

/** A literal, not a parameter: the planner matches it to event_counters_day_idx's predicate. */
const FOLDED = sql.raw(`'${FOLDED_COUNTER_DAY}'::date`);
/** The all-time count stops at the column's largest value rather than fail every later fold. */
const INT_MAX = 2_147_483_647;

/**
 * Folds up to `limit` daily counter rows from before `before` (a UTC day) into their account's
 * all-time row per name (FOLDED_COUNTER_DAY): counts added, first and last sighting kept. A user's
 * rows go without a fold: only trigger windows read them, and `before` lies beyond the longest.
 * One statement, so no row goes without its fold. Returns the rows folded.
 */
export async function foldOldCounters(database: Database, before: string, limit: number): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`
    with old as (
      select workspace_id, account_id, user_id, name, day from event_counters
      where day < ${before}::date and day > ${FOLDED}
      limit ${limit}
      for update skip locked
    ), gone as (
      delete from event_counters c using old
      where c.workspace_id = old.workspace_id and c.account_id = old.account_id
        and c.user_id = old.user_id and c.name = old.name and c.day = old.day
      returning c.*
    ), folded as (
      insert into event_counters as ec (workspace_id, account_id, user_id, name, day, count, first_at, last_at)
      select workspace_id, account_id, '', name, ${FOLDED}, least(sum(count), ${INT_MAX}),
        min(first_at), max(last_at)
      from gone where user_id = '' group by workspace_id, account_id, name
      on conflict (workspace_id, account_id, user_id, name, day) do update
      set count = least(ec.count::bigint + excluded.count, ${INT_MAX}),
        first_at = least(ec.first_at, excluded.first_at), last_at = greatest(ec.last_at, excluded.last_at)
    )
    select count(*)::int as n from gone`);
  return row?.n ?? 0;
}

/** The daily cap tallies decide keeps per (subject, UTC day), with their key columns. */
const DAILY_TALLIES = {
  user_daily_prompts: 'workspace_id, user_id, day',
  account_daily_prompts: 'workspace_id, account_id, day',
  account_campaign_daily: 'workspace_id, account_id, campaign_id, day',
} as const;

/**
 * Deletes up to `limit` rows of each daily cap tally from before `before` (a UTC day): decide reads
 * only today's, so older days are dead weight. Returns the rows deleted.
 */
export async function pruneDailyTallies(database: Database, before: string, limit: number): Promise<number> {
  let deleted = 0;
  for (const [table, key] of Object.entries(DAILY_TALLIES)) {
    const [row] = await database.rows<{ n: number }>(sql`
      with old as (
        select ${sql.raw(key)} from ${sql.identifier(table)} where day < ${before}::date
        limit ${limit}
        for update skip locked
      ), gone as (
        delete from ${sql.identifier(table)} t using old
        where (${sql.raw(key.replace(/(\w+)/g, 't.$1'))}) = (${sql.raw(key.replace(/(\w+)/g, 'old.$1'))})
        returning 1
      )
      select count(*)::int as n from gone`);
    deleted += row?.n ?? 0;
  }
  return deleted;
}
