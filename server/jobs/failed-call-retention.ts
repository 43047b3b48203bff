import type { AppDeps } from '../http/types.ts';
import { pruneFailedCallLog } from '../services/failed-calls.ts';
import type { Job } from './index.ts';

/** Deletes failed calls past FAILED_CALLS_KEPT_DAYS or a workspace's newest FAILED_CALLS_KEPT_MAX, every ten minutes. */
export const failedCallRetention: Job = {
  name: 'failed-call-retention',
  everyMs: 600_000,
  async run(deps: AppDeps) {
    const pruned = await pruneFailedCallLog(deps);
    if (pruned > 0) deps.log.info('failed_calls_pruned', { calls: pruned });
  },
};
