import { MAX_ACTIVATION_DAYS } from '../../shared/analytics.ts';
import { MAX_WINDOW_DAYS } from '../../shared/campaign.ts';
import { EVENT_TS_MAX_AGE_MS } from '../../shared/event-names.ts';
import {
  ensureRetentionIndexes,
  foldOldCounters,
  pruneDailyTallies,
  pruneRawEvents,
  settleFirstUses,
} from '../db/queries/event-retention.ts';
import { DAY_MS, utcDay } from '../domain/time.ts';
import type { AppDeps } from '../http/types.ts';
import { inBatches } from './batches.ts';

/**
 * The shortest retention allowed: longer than the longest trial (90 days, whose checklist reads raw
 * events while it runs) with a month to spare, and far longer than an event may be sent late (30
 * days), so a retry always finds its first copy and is not counted twice.
 */
export const MIN_EVENT_RETENTION_DAYS = 120;
/** Rows per statement: short transactions, so pruning never holds locks for long. */
const SETTLE_BATCH = 200;
const PRUNE_BATCH = 5_000;
/**
 * Daily counters are kept as days while a trigger window may read them, plus a month: a late event
 * (up to 30 days) lands on its own day, which must not have been folded yet.
 */
export const COUNTER_DAYS_KEPT = MAX_WINDOW_DAYS + 30;
/** Daily cap tallies are read for today only; a week is kept to answer "why was it not shown?". */
const TALLY_DAYS_KEPT = 7;

export interface EventRetentionRun {
  settled: number;
  pruned: number;
  countersFolded: number;
  talliesPruned: number;
}

/**
 * Keeps raw events from growing without end when `eventRetentionDays` is set: page views and product
 * events received longer ago than the retention go, once what reads them raw has kept its result.
 * Message interactions stay (funnels); activation is settled into each purchase first. The daily
 * counters that triggers and lifecycle read stay for as long as a window can reach; older days fold
 * into one all-time row per account and name. The daily cap tallies of past days go. Stops between
 * batches once `stopping` is aborted.
 */
export async function pruneEvents(deps: AppDeps, stopping?: AbortSignal): Promise<EventRetentionRun> {
  const run: EventRetentionRun = { settled: 0, pruned: 0, countersFolded: 0, talliesPruned: 0 };
  const days = deps.config.eventRetentionDays;
  if (!days) return run;
  // The first run builds the indexes retention walks; while another instance builds them, it waits.
  if (!(await ensureRetentionIndexes(deps.database, stopping))) return run;
  const db = deps.database;
  const now = deps.now().getTime();
  const cutoff = new Date(now - days * DAY_MS);
  const lateDays = EVENT_TS_MAX_AGE_MS / DAY_MS;
  const countersBefore = utcDay(new Date(now - COUNTER_DAYS_KEPT * DAY_MS));
  const talliesBefore = utcDay(new Date(now - TALLY_DAYS_KEPT * DAY_MS));
  const steps: Array<[keyof EventRetentionRun, number, (limit: number) => Promise<number>]> = [
    // Settled before the events it reads go.
    ['settled', SETTLE_BATCH, (n) => settleFirstUses(db, cutoff, MAX_ACTIVATION_DAYS, lateDays, n)],
    ['pruned', PRUNE_BATCH, (n) => pruneRawEvents(db, cutoff, n)],
    ['countersFolded', PRUNE_BATCH, (n) => foldOldCounters(db, countersBefore, n)],
    ['talliesPruned', PRUNE_BATCH, (n) => pruneDailyTallies(db, talliesBefore, n)],
  ];
  for (const [key, limit, step] of steps) {
    if (!(await inBatches(run, key, limit, step, stopping))) break;
  }
  return run;
}
