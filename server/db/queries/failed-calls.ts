import { and, eq, gte } from 'drizzle-orm';
import type { Tx } from '../client.ts';
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
