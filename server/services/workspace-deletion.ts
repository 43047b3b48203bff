import type { DeletedWorkspace, WorkspaceSummary } from '../../shared/workspace-lifecycle.ts';
import {
  deleteWorkspaceRow,
  listLiveWorkspaces,
  markedWorkspaces,
  markWorkspaceDeleted,
  purgeBatch,
  WORKSPACE_TABLES,
  workspaceName,
} from '../db/queries/workspace-deletion.ts';
import { notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';

/**
 * How long after the deletion its rows are first purged: longer than any instance caches a
 * publishable key (public-auth.ts) and than a request or an ingest batch takes, so what a widget
 * call still writes in that time is purged with the rest.
 */
export const PURGE_AFTER_MS = 60_000;
/** The mark is kept, and its workspace swept again at every run, this long: late writes go too. */
export const MARK_KEPT_MS = 10 * 60_000;
const BATCH = 5_000;

export async function listWorkspaces(deps: Pick<AppDeps, 'database'>): Promise<WorkspaceSummary[]> {
  return (await listLiveWorkspaces(deps.database)).map((w) => ({
    id: w.id,
    name: w.name,
    createdAt: new Date(w.created_at).toISOString(),
    allowedOrigins: w.allowed_origins,
    accounts: w.accounts,
    campaigns: w.campaigns,
    consoleUsers: w.console_users,
  }));
}

/**
 * Deletes a workspace for its operator (a tenant leaving, or asking for erasure): at once, nothing
 * of it answers — its keys match no lookup, its console users, sessions, named keys and webhook
 * endpoints are gone — and its data is purged by `purgeDeletedWorkspaces`. `confirm` must be its
 * name. Repeating it answers the first deletion's time.
 */
export async function deleteWorkspace(
  deps: Pick<AppDeps, 'database' | 'now'>,
  id: string,
  confirm: string,
): Promise<DeletedWorkspace> {
  const row = await deps.database.db.transaction(async (tx) => {
    const name = await workspaceName(tx, id);
    if (name === undefined) throw notFound('Workspace');
    if (confirm !== name) {
      throw validationFailed([
        { path: ['confirm'], message: 'Type the workspace’s name exactly, to confirm', code: 'custom' },
      ]);
    }
    return markWorkspaceDeleted(tx, id, deps.now());
  });
  if (!row?.deletedAt) throw notFound('Workspace');
  return { workspaceId: row.id, name: row.name, deletedAt: row.deletedAt.toISOString() };
}

export interface PurgeRun {
  workspaces: number;
  rows: number;
}

/** Deletes a marked workspace's rows, table by table, a batch at a time; false once `stopping`. */
async function purgeRows(
  database: AppDeps['database'],
  workspaceId: string,
  run: PurgeRun,
  stopping?: AbortSignal,
): Promise<boolean> {
  for (const table of WORKSPACE_TABLES) {
    for (;;) {
      if (stopping?.aborted) return false;
      const deleted = await purgeBatch(database, table, workspaceId, BATCH);
      run.rows += deleted;
      if (deleted < BATCH) break;
    }
  }
  return true;
}

/**
 * Deletes the rows of workspaces deleted at least PURGE_AFTER_MS ago; a mark older than
 * MARK_KEPT_MS goes last. Stops between batches once `stopping` is aborted, and the next run goes on.
 */
export async function purgeDeletedWorkspaces(
  deps: Pick<AppDeps, 'database' | 'now'>,
  stopping?: AbortSignal,
): Promise<PurgeRun> {
  const now = deps.now().getTime();
  const run: PurgeRun = { workspaces: 0, rows: 0 };
  for (const marked of await markedWorkspaces(deps.database.db, new Date(now - PURGE_AFTER_MS))) {
    if (!(await purgeRows(deps.database, marked.id, run, stopping))) break;
    run.workspaces += 1;
    if (marked.deletedAt && marked.deletedAt.getTime() <= now - MARK_KEPT_MS) {
      await deleteWorkspaceRow(deps.database.db, marked.id);
    }
  }
  return run;
}

/**
 * Purges one deleted workspace now, its mark too, where no other process can still be writing to
 * it: the CLI on the embedded database, or a start-up re-creating the demo the operator deleted.
 */
export async function purgeWorkspaceNow(
  deps: Pick<AppDeps, 'database'>,
  workspaceId: string,
): Promise<number> {
  const run: PurgeRun = { workspaces: 1, rows: 0 };
  await purgeRows(deps.database, workspaceId, run);
  await deleteWorkspaceRow(deps.database.db, workspaceId);
  return run.rows;
}
