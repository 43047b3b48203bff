/**
 * Choosing what to show: one message per placement.
 *
 *   compareVerdicts(a, b)        → sort order: priority desc, score desc, campaign id asc
 *   selectMessages(verdicts)     → { winners, heldOut }
 *
 * Only eligible verdicts compete. Per placement the best non-held-out verdict wins. Held-out
 * verdicts that ranked above the winner (they would have been shown) come back in `heldOut`, so the
 * caller records them as exposures of the control group; held-out verdicts ranked below the winner
 * would not have been seen anyway and are not exposures. The campaign id tie-break makes the choice
 * stable across calls and instances.
 */
import type { Verdict } from './types.ts';

export function compareVerdicts(a: Verdict, b: Verdict): number {
  const byPriority = (b.priority ?? 0) - (a.priority ?? 0);
  if (byPriority !== 0) return byPriority;
  if (b.score !== a.score) return b.score > a.score ? 1 : -1;
  return a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0;
}

export interface Selection {
  /** At most one per placement, in placement order of first appearance. */
  winners: Verdict[];
  /** Held-out verdicts that would have been shown: record them as exposures, do not show. */
  heldOut: Verdict[];
}

export function selectMessages(verdicts: readonly Verdict[]): Selection {
  const byPlacement = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    if (!v.eligible) continue;
    const key = v.placement ?? 'global';
    const list = byPlacement.get(key);
    if (list) list.push(v);
    else byPlacement.set(key, [v]);
  }
  const selection: Selection = { winners: [], heldOut: [] };
  for (const list of byPlacement.values()) {
    list.sort(compareVerdicts);
    for (const v of list) {
      if (v.holdout) {
        selection.heldOut.push(v);
        continue;
      }
      selection.winners.push(v);
      break;
    }
  }
  return selection;
}
