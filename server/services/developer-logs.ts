import {
  FAILED_CALLS_KEPT_DAYS,
  FAILED_CALLS_KEPT_MAX,
  FAILED_CALLS_PER_MINUTE,
} from '../../shared/failed-calls.ts';
import {
  SEGMENT_SKIPS_KEPT_DAYS,
  SEGMENT_SKIPS_KEPT_MAX,
  SEGMENT_SKIPS_PER_MINUTE,
} from '../../shared/segment.ts';
import type { Database } from '../db/client.ts';
import { type DeveloperLogTable, pruneDeveloperLog } from '../db/queries/developer-logs.ts';
import { DAY_MS } from '../domain/time.ts';
import { TokenBuckets } from '../http/token-buckets.ts';
import type { AppDeps } from '../http/types.ts';

/**
 * The short histories kept for the host's developers (failed admin calls, skipped Segment
 * messages): how long, how many per workspace, and how many one server writes a minute per
 * workspace, since a caller failing in a loop would otherwise turn each failure into a write.
 */
const LOGS: Record<DeveloperLogTable, { keptDays: number; keptMax: number; perMinute: number }> = {
  failed_calls: {
    keptDays: FAILED_CALLS_KEPT_DAYS,
    keptMax: FAILED_CALLS_KEPT_MAX,
    perMinute: FAILED_CALLS_PER_MINUTE,
  },
  segment_skips: {
    keptDays: SEGMENT_SKIPS_KEPT_DAYS,
    keptMax: SEGMENT_SKIPS_KEPT_MAX,
    perMinute: SEGMENT_SKIPS_PER_MINUTE,
  },
};

/** Per database (tests run several in one process): each log's recording budget per workspace. */
const budgets = new WeakMap<Database, Map<DeveloperLogTable, TokenBuckets>>();

/**
 * How many of `wanted` rows the log may write for the workspace now (taking that many from its
 * budget); the rest are not kept.
 */
export function writable(
  deps: AppDeps,
  table: DeveloperLogTable,
  workspaceId: string,
  wanted: number,
): number {
  let logs = budgets.get(deps.database);
  if (!logs) {
    logs = new Map();
    budgets.set(deps.database, logs);
  }
  let budget = logs.get(table);
  if (!budget) {
    const { perMinute } = LOGS[table];
    budget = new TokenBuckets({ perMinute, burst: perMinute }, 10_000);
    logs.set(table, budget);
  }
  const nowMs = deps.now().getTime();
  let granted = 0;
  while (granted < wanted && budget.take(workspaceId, nowMs) === 0) granted += 1;
  return granted;
}

/** Text PostgreSQL can store (no NUL), cut to `max` characters. */
export const storable = (text: string, max: number) => text.replaceAll('\u0000', '').slice(0, max);

/** Rows deleted per statement: short transactions. */
const BATCH = 1_000;

/** Deletes each log's rows past its days or past a workspace's newest it keeps; returns how many per log. */
export async function pruneDeveloperLogs(deps: AppDeps): Promise<Record<DeveloperLogTable, number>> {
  const pruned = { failed_calls: 0, segment_skips: 0 };
  for (const table of Object.keys(LOGS) as DeveloperLogTable[]) {
    const { keptDays, keptMax } = LOGS[table];
    const cutoff = new Date(deps.now().getTime() - keptDays * DAY_MS);
    for (;;) {
      const n = await pruneDeveloperLog(deps.database, table, cutoff, keptMax, BATCH);
      pruned[table] += n;
      if (n < BATCH) break;
    }
  }
  return pruned;
}
