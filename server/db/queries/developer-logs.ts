import { sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

/** The short histories kept for the host's developers, each pruned by age and by count per workspace. */
export type DeveloperLogTable = 'failed_calls' | 'segment_skips';

/**
 * Deletes up to `limit` rows of `table` (of any workspace) recorded before `cutoff` or past a
 * workspace's newest `keep`; returns how many.
 */
export async function pruneDeveloperLog(
  database: Database,
  table: DeveloperLogTable,
  cutoff: Date,
  keep: number,
  limit: number,
): Promise<number> {
  const rows = await database.rows<{ n: number }>(sql`
    with doomed as (
      select workspace_id, id from (
        select workspace_id, id, created_at,
          row_number() over (partition by workspace_id order by created_at desc, id desc) as newer
        from ${sql.identifier(table)}
      ) ranked
      where created_at < ${cutoff.toISOString()}::timestamptz or newer > ${keep}
      limit ${limit}
    ), gone as (
      delete from ${sql.identifier(table)} f using doomed d
      where f.workspace_id = d.workspace_id and f.id = d.id
      returning 1
    )
    select count(*)::int as n from gone`);
  return rows[0]?.n ?? 0;
}
