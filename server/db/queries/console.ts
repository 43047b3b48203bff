import { and, asc, desc, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import {
  consoleAddressFailures,
  consoleLoginFailures,
  consoleSessions,
  consoleUsers,
  workspaces,
} from '../schema/index.ts';

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
  await deleteSessionsOfUser(tx, workspaceId, id);
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

/** When a session was last used, as far as we know: its last noted call, else its sign-in. */
const lastUsed = sql`coalesce(${consoleSessions.lastSeenAt}, ${consoleSessions.createdAt})`;

/**
 * A session is live: before its end, and, where the workspace's sign-in policy sets an idle limit,
 * used within it (`last_seen_at` is noted every fifteenth of the limit at most: see resumeSession).
 */
const liveAt = (now: Date) =>
  and(
    gt(consoleSessions.expiresAt, now),
    sql`not exists (select 1 from ${workspaces} w where w.id = ${consoleSessions.workspaceId}
      and w.console_idle_minutes is not null
      and ${lastUsed} <= ${now.toISOString()}::timestamptz - make_interval(mins => w.console_idle_minutes))`,
  );

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
    .where(and(eq(consoleSessions.tokenHash, tokenHash), liveAt(now)))
    .limit(1);
  return row;
}

export async function deleteConsoleSession(tx: Tx, tokenHash: string) {
  await tx.delete(consoleSessions).where(eq(consoleSessions.tokenHash, tokenHash));
}

export async function setConsoleUserPassword(tx: Tx, workspaceId: string, id: string, passwordHash: string) {
  await tx
    .update(consoleUsers)
    .set({ passwordHash })
    .where(and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.id, id)));
}

/**
 * Every session of the user (removed, or given a new password by an owner), or every one but
 * `keepTokenHash` (they changed their own password in that session).
 */
export async function deleteSessionsOfUser(
  tx: Tx,
  workspaceId: string,
  userId: string,
  keepTokenHash?: string,
): Promise<number> {
  const gone = await tx
    .delete(consoleSessions)
    .where(
      and(
        eq(consoleSessions.workspaceId, workspaceId),
        eq(consoleSessions.userId, userId),
        keepTokenHash === undefined ? undefined : ne(consoleSessions.tokenHash, keepTokenHash),
      ),
    )
    .returning({ tokenHash: consoleSessions.tokenHash });
  return gone.length;
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

/**
 * What a failed sign-in is counted against: the email tried (guessing one account's password), and
 * the client's address (one address trying many emails). Each has its own table of counts.
 */
export type FailureSubject = { kind: 'email' | 'address'; value: string };

const FAILURE_TABLES = {
  email: { table: consoleLoginFailures, key: 'email' },
  address: { table: consoleAddressFailures, key: 'address' },
} as const;

function failureTable(subject: FailureSubject) {
  const { table, key } = FAILURE_TABLES[subject.kind];
  return { table, key: sql.identifier(key) };
}

// Timestamps cross as ISO text with a cast: the shared client's date conversion is switched off.
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** When the subject's sign-in lockout ends, if it is locked at `now`. */
export async function loginLockedUntil(
  database: Database,
  subject: FailureSubject,
  now: Date,
): Promise<Date | null> {
  const { table, key } = failureTable(subject);
  const [row] = await database.rows<{ locked_until: string | Date }>(sql`
    select locked_until from ${table} where ${key} = ${subject.value} and locked_until > ${at(now)}`);
  return row ? new Date(row.locked_until) : null;
}

/**
 * Counts a failed sign-in in one statement: failures older than the window start a new count, and
 * the failure that reaches `max` locks the subject until `now + lockMs`. Returns until when the
 * subject is locked (null: not locked), which may be an earlier lockout's that has ended.
 */
export async function recordLoginFailure(
  database: Database,
  subject: FailureSubject,
  now: Date,
  limits: { max: number; windowMs: number; lockMs: number },
): Promise<Date | null> {
  const { table, key } = failureTable(subject);
  const windowStart = new Date(now.getTime() - limits.windowMs);
  const lockEnd = new Date(now.getTime() + limits.lockMs);
  const stale = sql`${table}.window_started_at <= ${at(windowStart)}`;
  const count = sql`case when ${stale} then 1 else ${table}.failures + 1 end`;
  const [row] = await database.rows<{ locked_until: Date | string | null }>(sql`
    insert into ${table} (${key}, failures, window_started_at, locked_until)
    values (${subject.value}, 1, ${at(now)}, ${limits.max <= 1 ? at(lockEnd) : null})
    on conflict (${key}) do update set
      failures = ${count},
      window_started_at = case when ${stale} then ${at(now)} else ${table}.window_started_at end,
      locked_until = case when ${count} >= ${limits.max} then ${at(lockEnd)} else ${table}.locked_until end
    returning locked_until`);
  return row?.locked_until ? new Date(row.locked_until) : null;
}

export async function clearLoginFailures(database: Database, subject: FailureSubject): Promise<void> {
  const { table, key } = failureTable(subject);
  await database.rows(sql`delete from ${table} where ${key} = ${subject.value}`);
}

/**
 * Deletes what sign-in no longer needs: sessions expired at `now` (a user who never signs in again
 * leaves them, as sign-in clears only its own user's), and failure counts whose window began at or
 * before `windowStart` and whose lockout, if any, has ended (a spray of made-up emails leaves one
 * each). Returns the rows deleted.
 */
export async function deleteStaleSignInState(
  database: Database,
  now: Date,
  windowStart: Date,
): Promise<number> {
  const stale = (table: typeof consoleLoginFailures | typeof consoleAddressFailures) => sql`
    delete from ${table} where window_started_at <= ${at(windowStart)}
      and (locked_until is null or locked_until <= ${at(now)}) returning 1`;
  const [row] = await database.rows<{ n: number }>(sql`
    with sessions as (delete from console_sessions where expires_at <= ${at(now)} returning 1),
      sso_logins as (delete from console_sso_logins where expires_at <= ${at(now)} returning 1),
      emails as (${stale(consoleLoginFailures)}),
      addresses as (${stale(consoleAddressFailures)})
    select ((select count(*) from sessions) + (select count(*) from sso_logins)
      + (select count(*) from emails) + (select count(*) from addresses))::int as n`);
  return row?.n ?? 0;
}

/** Whose sessions, less the one asking. */
type OthersOf = { workspaceId: string; userId: string; exceptTokenHash: string };

const othersOf = (who: OthersOf) =>
  and(
    eq(consoleSessions.workspaceId, who.workspaceId),
    eq(consoleSessions.userId, who.userId),
    ne(consoleSessions.tokenHash, who.exceptTokenHash),
  );

/** A user's live sessions but `exceptTokenHash`'s, the last used first. */
export async function listOtherSessions(tx: Tx, who: OthersOf, now: Date) {
  return tx
    .select({
      id: consoleSessions.id,
      createdAt: consoleSessions.createdAt,
      lastSeenAt: sql<Date>`${lastUsed}`.mapWith(consoleSessions.createdAt),
      address: consoleSessions.address,
      userAgent: consoleSessions.userAgent,
      viaSso: consoleSessions.viaSso,
    })
    .from(consoleSessions)
    .where(and(othersOf(who), liveAt(now)))
    .orderBy(desc(lastUsed))
    .limit(100);
}

/** Ends one of a user's sessions, never the one asking; false when there is no such session. */
export async function deleteOtherSession(tx: Tx, who: OthersOf, id: string): Promise<boolean> {
  const gone = await tx
    .delete(consoleSessions)
    .where(and(othersOf(who), eq(consoleSessions.id, id)))
    .returning({ id: consoleSessions.id });
  return gone.length > 0;
}

/** Notes a session's latest call; the caller decides how often (a write per call would be waste). */
export async function touchSession(tx: Tx, workspaceId: string, tokenHash: string, now: Date) {
  await tx
    .update(consoleSessions)
    .set({ lastSeenAt: now })
    .where(and(eq(consoleSessions.workspaceId, workspaceId), eq(consoleSessions.tokenHash, tokenHash)));
}
