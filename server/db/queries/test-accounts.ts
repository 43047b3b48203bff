import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

/** The workspace's test accounts (a handful, through a partial index). */
export async function testAccountIds(database: Database, workspaceId: string): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(
    sql`select id from accounts where workspace_id = ${workspaceId} and test`,
  );
  return rows.map((r) => r.id);
}

/**
 * `and <column> is not one of ids` (a null column passes), or nothing when there are none: the usual
 * workspace, with no test account, keeps the plain statement (an index-only count stays one).
 */
export function andNotAmong(ids: readonly string[], column: SQL): SQL {
  if (ids.length === 0) return sql``;
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`and (${column} is null or ${column} not in (${list}))`;
}
