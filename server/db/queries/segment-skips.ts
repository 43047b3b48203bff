import { and, eq, gte } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { segmentSkips } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type SegmentSkipInsert = Omit<typeof segmentSkips.$inferInsert, 'id'>;

export async function insertSegmentSkips(tx: Tx, rows: SegmentSkipInsert[]): Promise<void> {
  await tx.insert(segmentSkips).values(rows);
}

export function listSegmentSkipRows(
  tx: Tx,
  workspaceId: string,
  filter: {
    limit: number;
    after?: ListPosition | undefined;
    reason?: string | undefined;
    since?: Date | undefined;
  },
) {
  return tx
    .select({ row: segmentSkips, at: positionAt(segmentSkips.createdAt) })
    .from(segmentSkips)
    .where(
      and(
        eq(segmentSkips.workspaceId, workspaceId),
        filter.reason === undefined ? undefined : eq(segmentSkips.reason, filter.reason),
        filter.since === undefined ? undefined : gte(segmentSkips.createdAt, filter.since),
        olderThan(segmentSkips.createdAt, segmentSkips.id, filter.after),
      ),
    )
    .orderBy(...newestFirst(segmentSkips.createdAt, segmentSkips.id))
    .limit(filter.limit);
}
