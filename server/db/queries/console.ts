import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { consoleLoginFailures, consoleSessions, consoleUsers, workspaces } from '../schema/index.ts';

export type ConsoleUserRow = typeof consoleUsers.$inferSelect;
export type NewConsoleUser = typeof consoleUsers.$inferInsert;
export type ConsoleRoleValue = ConsoleUserRow['role'];

export async function insertConsoleUser(tx: Tx, row: NewConsoleUser) {
  const [created] = await tx.insert(consoleUsers).values(row).onConflictDoNothing().returning();
  return created;
}

/** Users with this email in every workspace (or one), oldest first; capped so a login stays cheap. */
export async function findConsoleUsersByEmail(tx: Tx, email: string, workspaceId?: string, limit = 5) {
  const where = workspaceId
    ? and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.email, email))
    : eq(consoleUsers.email, email);
  return tx.select().from(consoleUsers).where(where).orderBy(asc(consoleUsers.createdAt)).limit(limit);
}

export async function findConsoleUser(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(consoleUsers)
    .where(and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.id, id)))
    .limit(1);
  return row;
}

export async function listConsoleUsers(tx: Tx, workspaceId: string) {
  return tx
    .select()
    .from(consoleUsers)
    .where(eq(consoleUsers.workspaceId, workspaceId))
    .orderBy(asc(consoleUsers.createdAt), asc(consoleUsers.email))
    .limit(500);
}

export async function updateConsoleUserRole(tx: Tx, workspaceId: string, id: string, role: ConsoleRoleValue) {
  const [row] = await tx
    .update(consoleUsers)
    .set({ role })
    .where(and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.id, id)))
    .returning();
  return row;
}

export async function deleteConsoleUser(tx: Tx, workspaceId: string, id: string) {
  await tx
    .delete(consoleSessions)
    .where(and(eq(consoleSessions.workspaceId, workspaceId), eq(consoleSessions.userId, id)));
  const [row] = await tx
    .delete(consoleUsers)
    .where(and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.id, id)))
    .returning();
  return row;
}

/** Owners of the workspace, locked so two concurrent demotions cannot leave it without one. */
export async function lockOwners(tx: Tx, workspaceId: string) {
  return tx
    .select({ id: consoleUsers.id })
    .from(consoleUsers)
    .where(and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.role, 'owner')))
    .for('update');
}

export async function insertConsoleSession(tx: Tx, row: typeof consoleSessions.$inferInsert) {
  await tx.insert(consoleSessions).values(row);
}

/** The live session behind a cookie, with its user and workspace; expired sessions do not match. */
export async function findLiveSession(tx: Tx, tokenHash: string, now: Date) {
  const [row] = await tx
    .select({ session: consoleSessions, user: consoleUsers, workspace: workspaces })
    .from(consoleSessions)
    .innerJoin(
      consoleUsers,
      and(
        eq(consoleUsers.workspaceId, consoleSessions.workspaceId),
        eq(consoleUsers.id, sql`${consoleSessions.userId}::uuid`),
      ),
    )
    .innerJoin(workspaces, eq(workspaces.id, consoleSessions.workspaceId))
    .where(and(eq(consoleSessions.tokenHash, tokenHash), gt(consoleSessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function deleteConsoleSession(tx: Tx, tokenHash: string) {
  await tx.delete(consoleSessions).where(eq(consoleSessions.tokenHash, tokenHash));
}

/** Housekeeping at sign-in: a user's expired sessions are of no further use. */
export async function deleteExpiredSessionsOfUser(tx: Tx, workspaceId: string, userId: string, now: Date) {
  await tx
    .delete(consoleSessions)
    .where(
      and(
        eq(consoleSessions.workspaceId, workspaceId),
        eq(consoleSessions.userId, userId),
        lte(consoleSessions.expiresAt, now),
      ),
    );
}

/** When the email's sign-in lockout ends, if it is locked at `now`. */
export async function loginLockedUntil(tx: Tx, email: string, now: Date): Promise<Date | null> {
  const [row] = await tx
    .select({ lockedUntil: consoleLoginFailures.lockedUntil })
    .from(consoleLoginFailures)
    .where(and(eq(consoleLoginFailures.email, email), gt(consoleLoginFailures.lockedUntil, now)));
  return row?.lockedUntil ?? null;
}

/**
 * Counts a failed sign-in in one statement: failures older than the window start a new count, and
 * the failure that reaches `max` locks the email until `now + lockMs`.
 */
export async function recordLoginFailure(
  tx: Tx,
  email: string,
  now: Date,
  limits: { max: number; windowMs: number; lockMs: number },
): Promise<void> {
  const t = consoleLoginFailures;
  // Timestamps cross as ISO text with a cast: the shared client's date conversion is switched off.
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const windowStart = new Date(now.getTime() - limits.windowMs);
  const lockEnd = new Date(now.getTime() + limits.lockMs);
  const stale = sql`${t.windowStartedAt} <= ${at(windowStart)}`;
  const count = sql`case when ${stale} then 1 else ${t.failures} + 1 end`;
  await tx
    .insert(t)
    .values({ email, failures: 1, windowStartedAt: now, lockedUntil: limits.max <= 1 ? lockEnd : null })
    .onConflictDoUpdate({
      target: t.email,
      set: {
        failures: count,
        windowStartedAt: sql`case when ${stale} then ${at(now)} else ${t.windowStartedAt} end`,
        lockedUntil: sql`case when ${count} >= ${limits.max} then ${at(lockEnd)} else ${t.lockedUntil} end`,
      },
    });
}

export async function clearLoginFailures(tx: Tx, email: string): Promise<void> {
  await tx.delete(consoleLoginFailures).where(eq(consoleLoginFailures.email, email));
}
