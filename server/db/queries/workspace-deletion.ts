import { and, eq, getTableName, is, isNotNull, lte, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../client.ts';
import * as schema from '../schema/index.ts';
import {
  apiKeys,
  consoleSessions,
  consoleSsoLogins,
  consoleUsers,
  outbox,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  workspaceSso,
  workspaces,
} from '../schema/index.ts';

/**
 * Every table holding a workspace's rows, found from the schema itself: a table added later is
 * purged without anyone remembering to list it here.
 */
export const WORKSPACE_TABLES: readonly string[] = (Object.values(schema) as unknown[])
  .filter((t): t is PgTable => is(t, PgTable))
  .filter((t) => getTableConfig(t).columns.some((c) => c.name === 'workspace_id'))
  .map((t) => getTableName(t))
  .sort();

/**
 * What lets anyone in or sends anything out, deleted with the mark: console users and their
 * sessions, single sign-on, named keys, webhook endpoints and their pending messages.
 */
const ACCESS_TABLES = [
  consoleSessions,
  consoleSsoLogins,
  workspaceSso,
  consoleUsers,
  apiKeys,
  webhookAttempts,
  webhookDeliveries,
  outbox,
  webhookEndpoints,
];

/**
 * Marks the workspace deleted (its keys stop matching any lookup) and deletes what grants access
 * or sends data out. Marking one already marked keeps its first time. Undefined: no such workspace.
 */
export async function markWorkspaceDeleted(tx: Tx, id: string, now: Date) {
  const [row] = await tx
    .update(workspaces)
    .set({ deletedAt: sql`coalesce(${workspaces.deletedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(workspaces.id, id))
    .returning({ id: workspaces.id, name: workspaces.name, deletedAt: workspaces.deletedAt });
  if (!row) return undefined;
  for (const table of ACCESS_TABLES) await tx.delete(table).where(eq(table.workspaceId, id));
  return row;
}

/** The name of a workspace, marked or not: a repeated deletion is confirmed like the first. */
export async function workspaceName(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, id));
  return row?.name;
}

/** Workspaces marked deleted at or before `before`, oldest first. */
export function markedWorkspaces(tx: Tx, before: Date) {
  return tx
    .select({ id: workspaces.id, deletedAt: workspaces.deletedAt })
    .from(workspaces)
    .where(and(isNotNull(workspaces.deletedAt), lte(workspaces.deletedAt, before)))
    .orderBy(workspaces.deletedAt);
}

/**
 * Deletes up to `batch` of the workspace's rows in one table; returns how many. Small batches keep
 * each statement short (within the statement timeout, without long locks on a busy table).
 */
export async function purgeBatch(database: Database, table: string, workspaceId: string, batch: number) {
  const rows = await database.rows<{ n: number }>(sql`
    with gone as (
      delete from ${sql.identifier(table)} where ctid in (
        select ctid from ${sql.identifier(table)} where workspace_id = ${workspaceId} limit ${batch}
      ) returning 1
    )
    select count(*)::int as n from gone`);
  return rows[0]?.n ?? 0;
}

/** Drops the mark itself, once its rows are gone. */
export async function deleteWorkspaceRow(tx: Tx, id: string) {
  await tx.delete(workspaces).where(and(eq(workspaces.id, id), isNotNull(workspaces.deletedAt)));
}

/** Live workspaces with what they hold, for the operator's list. */
export function listLiveWorkspaces(database: Database) {
  return database.rows<{
    id: string;
    name: string;
    created_at: Date | string;
    allowed_origins: string[];
    accounts: number;
    campaigns: number;
    console_users: number;
  }>(sql`
    select w.id, w.name, w.created_at, w.allowed_origins,
      (select count(*)::int from accounts a where a.workspace_id = w.id) as accounts,
      (select count(*)::int from campaigns c where c.workspace_id = w.id) as campaigns,
      (select count(*)::int from console_users u where u.workspace_id = w.id) as console_users
    from workspaces w where w.deleted_at is null
    order by w.created_at, w.id`);
}
