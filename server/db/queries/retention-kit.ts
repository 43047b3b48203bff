import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

/**
 * What retention jobs share. Indexes only an opt-in job needs are built by its first run rather
 * than by a migration: an installation that never turns the job on never pays their upkeep on its
 * writes, and an upgrade never blocks writes to a large table while one builds. Pruning walks them
 * in short batches.
 */

/** The advisory lock of the session building them, so instances never build them twice at once. */
const INDEX_BUILD_LOCK = 7_240_914;

const stateOf = (names: readonly string[]) => `select c.relname as name, i.indisvalid as valid from pg_index i
  join pg_class c on c.oid = i.indexrelid
  where c.relname in (${names.map((n) => `'${n}'`)}) and pg_table_is_visible(c.oid)`;

const validOnes = (rows: Array<Record<string, unknown>>) =>
  new Set(rows.filter((r) => r.valid === true).map((r) => String(r.name)));

/**
 * Makes sure each index of `indexes` (name → `on table (…) where …`, constant text) exists. Built
 * concurrently, so writes go on meanwhile; a build cut short (a restart) leaves an invalid index,
 * which is dropped and built again. False while another instance builds.
 */
export async function ensureIndexes(
  database: Database,
  indexes: Readonly<Record<string, string>>,
  stopping?: AbortSignal,
): Promise<boolean> {
  const names = Object.keys(indexes);
  const state = stateOf(names);
  if (validOnes(await database.rows(sql.raw(state))).size === names.length) return true;
  const built = await database.maintenance(
    INDEX_BUILD_LOCK,
    async (run) => {
      const valid = validOnes(await run(state));
      for (const [name, definition] of Object.entries(indexes)) {
        if (valid.has(name)) continue;
        await run(`drop index concurrently if exists ${name}`);
        await run(`create index concurrently ${name} ${definition}`);
      }
      return true;
    },
    stopping,
  );
  return built === true;
}

/**
 * Deletes up to `limit` rows of `table` (keyed by workspace and id) whose `column` is before
 * `cutoff` and that match `where` (constant SQL text: the predicate of the index the walk uses, so
 * the planner matches it). Rows another transaction holds are skipped, for the next batch.
 */
export async function pruneBefore(
  database: Database,
  prune: { table: 'events' | 'decisions'; column: 'received_at' | 'created_at'; where?: string },
  cutoff: Date,
  limit: number,
): Promise<number> {
  const table = sql.identifier(prune.table);
  const rows = await database.rows(sql`
    with old as (
      select workspace_id, id from ${table}
      where ${sql.identifier(prune.column)} < ${cutoff.toISOString()}::timestamptz and ${sql.raw(prune.where ?? 'true')}
      limit ${limit}
      for update skip locked
    )
    delete from ${table} t using old where t.workspace_id = old.workspace_id and t.id = old.id
    returning 1`);
  return rows.length;
}
