import type { AppDeps } from '../http/types.ts';
import { pruneCampaignHistory } from '../services/decision-retention.ts';
import type { Job } from './index.ts';

/** With ATTACH_DECISION_RETENTION_DAYS set: prunes decisions and message interactions past it, hourly. */
export const decisionRetention: Job = {
  name: 'decision-retention',
  everyMs: 3_600_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    const run = await pruneCampaignHistory(deps, stopping);
    if (run.decisions > 0 || run.interactions > 0) deps.log.info('campaign_history_pruned', { ...run });
  },
};
