import type { FailedCallPage, FailedCallQuery } from '../../shared/failed-calls.ts';
import { type FailedCallInsert, insertFailedCall, listFailedCallRows } from '../db/queries/failed-calls.ts';
import type { AppDeps } from '../http/types.ts';
import { storable, writable } from './developer-logs.ts';
import { decodePositionCursor, toPositionPage } from './position-cursor.ts';

/**
 * Keeps a failed call for the workspace's developers to read. A caller failing in a loop would
 * otherwise turn every refusal into a write: past FAILED_CALLS_PER_MINUTE a minute per workspace,
 * this server keeps no more until the budget refills. Never raises: the response it describes has
 * been decided, and a call it could not keep is only logged.
 */
export async function recordFailedCall(
  deps: AppDeps,
  call: Omit<FailedCallInsert, 'createdAt'>,
): Promise<void> {
  if (writable(deps, 'failed_calls', call.workspaceId, 1) === 0) return;
  const now = deps.now();
  try {
    await insertFailedCall(deps.database.db, {
      ...call,
      path: storable(call.path, 500),
      code: storable(call.code, 100),
      message: storable(call.message, 1_000),
      createdAt: now,
    });
  } catch (err) {
    deps.log.warn('failed_call_not_kept', { workspaceId: call.workspaceId, error: String(err) });
  }
}

export async function failedCallsPage(
  deps: AppDeps,
  workspaceId: string,
  query: FailedCallQuery,
): Promise<FailedCallPage> {
  const rows = await listFailedCallRows(deps.database.db, workspaceId, {
    actor: query.actor,
    status: query.status,
    since: query.since === undefined ? undefined : new Date(query.since),
    after: decodePositionCursor('failed_calls', query.cursor),
    limit: query.limit + 1,
  });
  return toPositionPage(
    'failed_calls',
    rows,
    query.limit,
    (r) => ({ at: r.at, id: r.row.id }),
    ({ row, at }) => ({
      id: row.id,
      at,
      actor: row.actor,
      method: row.method,
      path: row.path,
      status: row.status,
      code: row.code,
      message: row.message,
      requestId: row.requestId,
    }),
  );
}
