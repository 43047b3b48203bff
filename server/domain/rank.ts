/**
 * The order in which eligible campaigns compete for a placement: priority desc, then expected value
 * (score) desc, then campaign id asc. The decide service walks each placement's candidates in this
 * order and serves the first that wins its caps. The campaign id tie-break makes the choice stable
 * across calls and instances.
 */
import type { Verdict } from './types.ts';

export function compareVerdicts(a: Verdict, b: Verdict): number {
  const byPriority = (b.priority ?? 0) - (a.priority ?? 0);
  if (byPriority !== 0) return byPriority;
  if (b.score !== a.score) return b.score > a.score ? 1 : -1;
  return a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0;
}
