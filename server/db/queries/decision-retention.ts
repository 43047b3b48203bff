import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { ensureIndexes } from './maintenance-indexes.ts';

/** The widget's message interactions (`message.shown`, …): the events campaign history keeps. */
const INTERACTION = `name like 'message.%'`;

/**
 * The indexes decision retention walks, built by its first run (maintenance-indexes.ts). The
 * events one is partial on its query's own predicate, so only interactions pay its upkeep.
 */
const DECISION_RETENTION_INDEXES: Record<string, string> = {
  decisions_created_idx: 'on decisions (created_at)',
  events_interactions_received_idx: `on events (received_at) where ${INTERACTION}`,
};

export const ensureDecisionRetentionIndexes = (database: Database, stopping?: AbortSignal) =>
  ensureIndexes(database, DECISION_RETENTION_INDEXES, stopping);

/** Deletes up to `limit` decisions taken before `cutoff`. */
export async function pruneDecisions(database: Database, cutoff: Date, limit: number): Promise<number> {
  const rows = await database.rows(sql`
    with old as (
      select workspace_id, id from decisions
      where created_at < ${cutoff.toISOString()}::timestamptz
      limit ${limit}
      for update skip locked
    )
    delete from decisions d using old where d.workspace_id = old.workspace_id and d.id = old.id
    returning 1`);
  return rows.length;
}

/** Deletes up to `limit` message interaction events received before `cutoff`. */
export async function pruneInteractions(database: Database, cutoff: Date, limit: number): Promise<number> {
  const rows = await database.rows(sql`
    with old as (
      select workspace_id, id from events
      where received_at < ${cutoff.toISOString()}::timestamptz and ${sql.raw(INTERACTION)}
      limit ${limit}
      for update skip locked
    )
    delete from events e using old where e.workspace_id = old.workspace_id and e.id = old.id
    returning 1`);
  return rows.length;
}
