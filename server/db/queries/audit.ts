import { and, eq, type InferInsertModel, type InferSelectModel, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import { auditLog } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type AuditRow = InferSelectModel<typeof auditLog>;

/**
 * Inserts an entry; returns its id and time (`at` to the microsecond, as the list shows it). The
 * time is the clock's when written, not the transaction's start: two entries of one transaction
 * (a workspace and its first owner) list in the order they were written.
 */
export async function insertAuditRow(tx: Tx, row: InferInsertModel<typeof auditLog>) {
  const [saved] = await tx
    .insert(auditLog)
    .values({ createdAt: sql`clock_timestamp()`, ...row })
    .returning({ id: auditLog.id, at: positionAt(auditLog.createdAt) });
  if (!saved) throw new Error('audit entry insert returned no row');
  return saved;
}

export interface AuditFilter {
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  actor?: string | undefined;
  after?: ListPosition | undefined;
  limit: number;
}

export function listAuditRows(tx: Tx, workspaceId: string, filter: AuditFilter) {
  return tx
    .select({ row: auditLog, at: positionAt(auditLog.createdAt) })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
        filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
        filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
        olderThan(auditLog.createdAt, auditLog.id, filter.after),
      ),
    )
    .orderBy(...newestFirst(auditLog.createdAt, auditLog.id))
    .limit(filter.limit);
}

/** When each console user of the workspace last signed in, by user id (from their sign-in entries). */
export async function lastSignIns(tx: Tx, workspaceId: string): Promise<Map<string, Date>> {
  const rows = await tx
    .select({
      userId: auditLog.targetId,
      at: sql<Date>`max(${auditLog.createdAt})`.mapWith(auditLog.createdAt),
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        eq(auditLog.targetType, 'console_user'),
        eq(auditLog.action, 'console_user.signed_in'),
      ),
    )
    .groupBy(auditLog.targetId);
  return new Map(rows.map((r) => [r.userId, r.at]));
}

/** Deletes up to `limit` entries (of any workspace) written before `cutoff`; returns how many. */
export async function pruneAuditBefore(database: Database, cutoff: Date, limit: number): Promise<number> {
  const rows = await database.rows<{ n: number }>(sql`
    with gone as (
      delete from audit_log where (workspace_id, id) in (
        select workspace_id, id from audit_log where created_at < ${cutoff.toISOString()}::timestamptz
        limit ${limit} for update skip locked
      ) returning 1
    )
    select count(*)::int as n from gone`);
  return rows[0]?.n ?? 0;
}
