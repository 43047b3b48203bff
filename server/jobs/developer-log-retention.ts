import type { AppDeps } from '../http/types.ts';
import { pruneDeveloperLogs } from '../services/developer-logs.ts';
import type { Job } from './index.ts';

/** Deletes failed calls and skipped Segment messages past their days or a workspace's newest kept, every ten minutes. */
export const developerLogRetention: Job = {
  name: 'developer-log-retention',
  everyMs: 600_000,
  async run(deps: AppDeps) {
    const { failed_calls: calls, segment_skips: skips } = await pruneDeveloperLogs(deps);
    if (calls + skips > 0) deps.log.info('developer_logs_pruned', { calls, skips });
  },
};
