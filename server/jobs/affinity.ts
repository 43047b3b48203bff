import { selectWorkspacesWithAccounts } from '../db/queries/affinity.ts';
import { errorFields } from '../http/logger.ts';
import { recomputeIfChanged } from '../services/affinity.ts';
import type { Job } from './index.ts';

/**
 * Hourly affinity recompute for every workspace with accounts, skipped where the ownership data did
 * not change since the latest snapshot (its source fingerprint). One workspace failing does not stop
 * the others.
 */
export const affinityJob: Job = {
  name: 'affinity',
  everyMs: 60 * 60 * 1000,
  async run(deps) {
    for (const workspaceId of await selectWorkspacesWithAccounts(deps.database)) {
      try {
        if (await recomputeIfChanged(deps, workspaceId))
          deps.log.info('affinity_recomputed', { workspaceId });
      } catch (err) {
        deps.log.error('affinity_failed', { workspaceId, ...errorFields(err) });
      }
    }
  },
};
