import type { AppDeps } from '../http/types.ts';
import { tallyCampaigns } from '../services/campaign-tallies.ts';
import type { Job } from './index.ts';

/** Folds recent decisions and message interactions into the campaigns list's tallies, every minute. */
export const campaignTallies: Job = {
  name: 'campaign-tallies',
  everyMs: 60_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    await tallyCampaigns(deps, stopping);
  },
};
