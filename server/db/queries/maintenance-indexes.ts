import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

/**
 * Indexes that only an opt-in job needs (retention), built by its first run rather than by a
 * migration: an installation that never turns the job on never pays their upkeep on its writes, and
 * an upgrade never blocks writes to a large table while one builds.
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
