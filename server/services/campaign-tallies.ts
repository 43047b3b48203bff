import { foldCampaignTallies, workspacesWithCampaigns } from '../db/queries/campaign-tallies.ts';
import type { AppDeps } from '../http/types.ts';

/**
 * How far behind the clock the tallies stop. A decision or an interaction carries the time its
 * request was taken and is written within moments of it; one written later than this after would
 * be behind the mark and never counted, so the lag is far longer than any request lives. What is
 * newer is counted live, from index ranges.
 */
export const TALLY_LAG_MS = 10 * 60_000;

export interface TallyRun {
  workspaces: number;
  tallies: number;
}

/**
 * Keeps the campaigns list's counts since created from reading whole histories: folds each
 * workspace's decisions and message interactions up to the lag into per-account tallies. Stops
 * between workspaces once `stopping` is aborted.
 */
export async function tallyCampaigns(deps: AppDeps, stopping?: AbortSignal): Promise<TallyRun> {
  const through = new Date(deps.now().getTime() - TALLY_LAG_MS);
  const run: TallyRun = { workspaces: 0, tallies: 0 };
  for (const ws of await workspacesWithCampaigns(deps.database)) {
    if (stopping?.aborted) break;
    run.tallies += await foldCampaignTallies(deps.database, ws, through);
    run.workspaces += 1;
  }
  return run;
}
