import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import { failedCalls } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type FailedCallInsert = Omit<typeof failedCalls.$inferInsert, 'id'>;

export async function insertFailedCall(tx: Tx, row: FailedCallInsert): Promise<void> {
  await tx.insert(failedCalls).values(row);
}

export function listFailedCallRows(
  tx: Tx,
  workspaceId: string,
  filter: {
    limit: number;
    after?: ListPosition | undefined;
    actor?: string | undefined;
    status?: number | undefined;
    since?: Date | undefined;
  },
) {
  return tx
    .select({ row: failedCalls, at: positionAt(failedCalls.createdAt) })
    .from(failedCalls)
    .where(
      and(
        eq(failedCalls.workspaceId, workspaceId),
        filter.actor === undefined ? undefined : eq(failedCalls.actor, filter.actor),
        filter.status === undefined ? undefined : eq(failedCalls.status, filter.status),
        filter.since === undefined ? undefined : gte(failedCalls.createdAt, filter.since),
        olderThan(failedCalls.createdAt, failedCalls.id, filter.after),
      ),
    )
    .orderBy(...newestFirst(failedCalls.createdAt, failedCalls.id))
    .limit(filter.limit);
}

/**
 * Deletes up to `limit` failed calls (of any workspace) recorded before `cutoff` or past a
 * workspace's newest `keep`; returns how many.
 */
export async function pruneFailedCalls(
  database: Database,
  cutoff: Date,
  keep: number,
  limit: number,
): Promise<number> {
  const rows = await database.rows<{ n: number }>(sql`
    with doomed as (
      select workspace_id, id from (
        select workspace_id, id, created_at,
          row_number() over (partition by workspace_id order by created_at desc, id desc) as newer
        from failed_calls
      ) ranked
      where created_at < ${cutoff.toISOString()}::timestamptz or newer > ${keep}
      limit ${limit}
    ), gone as (
      delete from failed_calls f using doomed d
      where f.workspace_id = d.workspace_id and f.id = d.id
      returning 1
    )
    select count(*)::int as n from gone`);
  return rows[0]?.n ?? 0;
}
