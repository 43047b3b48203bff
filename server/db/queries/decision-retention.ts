import type { Database } from '../client.ts';
import { ensureIndexes, pruneBefore } from './retention-kit.ts';

/** The widget's message interactions (`message.shown`, …): the events campaign history keeps. */
const INTERACTION = `name like 'message.%'`;

/**
 * The indexes decision retention walks, built by its first run (retention-kit.ts). The
 * events one is partial on its query's own predicate, so only interactions pay its upkeep.
 */
const DECISION_RETENTION_INDEXES: Record<string, string> = {
  decisions_created_idx: 'on decisions (created_at)',
  events_interactions_received_idx: `on events (received_at) where ${INTERACTION}`,
};

export const ensureDecisionRetentionIndexes = (database: Database, stopping?: AbortSignal) =>
  ensureIndexes(database, DECISION_RETENTION_INDEXES, stopping);

/** Deletes up to `limit` decisions taken before `cutoff`. */
export const pruneDecisions = (database: Database, cutoff: Date, limit: number) =>
  pruneBefore(database, { table: 'decisions', column: 'created_at' }, cutoff, limit);

/** Deletes up to `limit` message interaction events received before `cutoff`. */
export const pruneInteractions = (database: Database, cutoff: Date, limit: number) =>
  pruneBefore(database, { table: 'events', column: 'received_at', where: INTERACTION }, cutoff, limit);
