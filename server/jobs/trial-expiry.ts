import type { AppDeps } from '../http/types.ts';
import { expireDueTrials } from '../services/trials-expiry.ts';
import type { Job } from './index.ts';

/** Ends trials past their end date: entitlement expired, `trial.expired` webhook. */
export const trialExpiry: Job = {
  name: 'trial-expiry',
  everyMs: 60_000,
  async run(deps: AppDeps) {
    let handled = 0;
    do handled = await expireDueTrials(deps);
    while (handled > 0);
  },
};
