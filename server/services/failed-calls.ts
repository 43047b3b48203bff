import {
  FAILED_CALLS_KEPT_DAYS,
  FAILED_CALLS_KEPT_MAX,
  FAILED_CALLS_PER_MINUTE,
  type FailedCallPage,
  type FailedCallQuery,
} from '../../shared/failed-calls.ts';
import type { Database } from '../db/client.ts';
import {
  type FailedCallInsert,
  insertFailedCall,
  listFailedCallRows,
  pruneFailedCalls,
} from '../db/queries/failed-calls.ts';
import { DAY_MS } from '../domain/time.ts';
import { TokenBuckets } from '../http/token-buckets.ts';
import type { AppDeps } from '../http/types.ts';
import { decodePositionCursor, toPositionPage } from './position-cursor.ts';

/** Per database (tests run several in one process): each workspace's recording budget. */
const budgets = new WeakMap<Database, TokenBuckets>();

/** Text PostgreSQL can store (no NUL), cut to `max` characters. */
const storable = (text: string, max: number) => text.replaceAll('\u0000', '').slice(0, max);

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
  let budget = budgets.get(deps.database);
  if (!budget) {
    budget = new TokenBuckets({ perMinute: FAILED_CALLS_PER_MINUTE, burst: FAILED_CALLS_PER_MINUTE }, 10_000);
    budgets.set(deps.database, budget);
  }
  const now = deps.now();
  if (budget.take(call.workspaceId, now.getTime()) > 0) return;
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

/** Rows deleted per statement: short transactions. */
const BATCH = 1_000;

/** Deletes failed calls older than FAILED_CALLS_KEPT_DAYS or past a workspace's newest FAILED_CALLS_KEPT_MAX. */
export async function pruneFailedCallLog(deps: AppDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - FAILED_CALLS_KEPT_DAYS * DAY_MS);
  let pruned = 0;
  for (;;) {
    const n = await pruneFailedCalls(deps.database, cutoff, FAILED_CALLS_KEPT_MAX, BATCH);
    pruned += n;
    if (n < BATCH) return pruned;
  }
}
