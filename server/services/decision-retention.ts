import {
  ensureDecisionRetentionIndexes,
  pruneDecisions,
  pruneInteractions,
} from '../db/queries/decision-retention.ts';
import { DAY_MS } from '../domain/time.ts';
import type { AppDeps } from '../http/types.ts';
import { inBatches } from './batches.ts';

/**
 * The shortest retention allowed: a year of reports (the console's longest period) and a month to
 * spare, and longer than any offer lives (365 days at most), so a purchase from a prompt always finds
 * the decision that priced it.
 */
export const MIN_DECISION_RETENTION_DAYS = 400;
const PRUNE_BATCH = 5_000;

export interface DecisionRetentionRun {
  decisions: number;
  interactions: number;
}

/**
 * Keeps campaign history from growing without end when `decisionRetentionDays` is set: decisions
 * and the widget's message interactions older than it go. What outlives them is kept elsewhere: the
 * frequency caps' state (message_states), purchases, trials, leads and requests with the facts they
 * need, and the campaigns list's "since created" counts in their tallies (campaign-tallies.ts).
 * Reports over periods past the retention cover what is left. Stops between batches once `stopping` is aborted.
 */
export async function pruneCampaignHistory(
  deps: AppDeps,
  stopping?: AbortSignal,
): Promise<DecisionRetentionRun> {
  const run: DecisionRetentionRun = { decisions: 0, interactions: 0 };
  const days = deps.config.decisionRetentionDays;
  if (!days) return run;
  if (!(await ensureDecisionRetentionIndexes(deps.database, stopping))) return run;
  const db = deps.database;
  const cutoff = new Date(deps.now().getTime() - days * DAY_MS);
  const steps: Array<[keyof DecisionRetentionRun, (limit: number) => Promise<number>]> = [
    ['decisions', (n) => pruneDecisions(db, cutoff, n)],
    ['interactions', (n) => pruneInteractions(db, cutoff, n)],
  ];
  for (const [key, step] of steps) {
    if (!(await inBatches(run, key, PRUNE_BATCH, step, stopping))) break;
  }
  return run;
}
