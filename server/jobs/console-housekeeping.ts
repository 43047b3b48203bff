import type { AppDeps } from '../http/types.ts';
import { pruneSignInState } from '../services/console-auth.ts';
import type { Job } from './index.ts';

/** Deletes expired console sessions, abandoned single sign-ons and finished sign-in failure counts, hourly. */
export const consoleHousekeeping: Job = {
  name: 'console-housekeeping',
  everyMs: 3_600_000,
  async run(deps: AppDeps) {
    const deleted = await pruneSignInState(deps);
    if (deleted > 0) deps.log.info('sign_in_state_pruned', { rows: deleted });
  },
};
