import { and, eq, type InferSelectModel } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { accessRequests, leads } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type AccessRequestRow = InferSelectModel<typeof accessRequests>;

/** Opens a request unless this user already has one open for the product (partial unique index). */
export async function insertAccessRequest(
  tx: Tx,
  row: typeof accessRequests.$inferInsert,
): Promise<AccessRequestRow | null> {
  const [inserted] = await tx.insert(accessRequests).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function findOpenRequest(tx: Tx, workspaceId: string, userId: string, productKey: string) {
  const [row] = await tx
    .select()
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.workspaceId, workspaceId),
        eq(accessRequests.userId, userId),
        eq(accessRequests.productKey, productKey),
        eq(accessRequests.status, 'open'),
      ),
    );
  return row ?? null;
}

export interface ListFilter {
  accountId?: string | undefined;
  status?: string | undefined;
  after?: ListPosition | undefined;
  limit: number;
}

export function listAccessRequests(tx: Tx, workspaceId: string, f: ListFilter) {
  return tx
    .select({ row: accessRequests, at: positionAt(accessRequests.createdAt) })
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.workspaceId, workspaceId),
        f.accountId ? eq(accessRequests.accountId, f.accountId) : undefined,
        f.status ? eq(accessRequests.status, f.status as AccessRequestRow['status']) : undefined,
        olderThan(accessRequests.createdAt, accessRequests.id, f.after),
      ),
    )
    .orderBy(...newestFirst(accessRequests.createdAt, accessRequests.id))
    .limit(f.limit);
}

/** Closes an open request; null when it does not exist or is no longer open. */
export async function closeAccessRequest(
  tx: Tx,
  workspaceId: string,
  id: string,
  status: 'approved' | 'declined',
  now: Date,
): Promise<AccessRequestRow | null> {
  const [row] = await tx
    .update(accessRequests)
    .set({ status, updatedAt: now })
    .where(
      and(
        eq(accessRequests.workspaceId, workspaceId),
        eq(accessRequests.id, id),
        eq(accessRequests.status, 'open'),
      ),
    )
    .returning();
  return row ?? null;
}

export async function findAccessRequest(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(accessRequests)
    .where(and(eq(accessRequests.workspaceId, workspaceId), eq(accessRequests.id, id)));
  return row ?? null;
}

export function listLeads(tx: Tx, workspaceId: string, f: ListFilter) {
  return tx
    .select({ row: leads, at: positionAt(leads.createdAt) })
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        f.accountId ? eq(leads.accountId, f.accountId) : undefined,
        f.status ? eq(leads.status, f.status) : undefined,
        olderThan(leads.createdAt, leads.id, f.after),
      ),
    )
    .orderBy(...newestFirst(leads.createdAt, leads.id))
    .limit(f.limit);
}

/** Sets a lead's status; with the status it had, read under the row lock (for the audit log). */
export async function setLeadStatus(tx: Tx, workspaceId: string, id: string, status: string) {
  const where = and(eq(leads.workspaceId, workspaceId), eq(leads.id, id));
  const [before] = await tx.select({ status: leads.status }).from(leads).where(where).for('update');
  if (!before) return null;
  const [row] = await tx.update(leads).set({ status }).where(where).returning();
  return row ? { row, previous: before.status } : null;
}
