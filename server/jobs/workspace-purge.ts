import type { AppDeps } from '../http/types.ts';
import { purgeDeletedWorkspaces } from '../services/workspace-deletion.ts';
import type { Job } from './index.ts';

/** Purges the data of workspaces the operator deleted, a minute after (workspace-deletion.ts). */
export const workspacePurge: Job = {
  name: 'workspace-purge',
  everyMs: 60_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    const run = await purgeDeletedWorkspaces(deps, stopping);
    if (run.rows > 0) deps.log.info('deleted_workspaces_purged', { ...run });
  },
};
