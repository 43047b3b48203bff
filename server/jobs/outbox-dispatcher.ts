import type { AppDeps } from '../http/types.ts';
import { deliverDue, fanOut } from '../services/webhook-delivery.ts';
import type { Job } from './index.ts';

/**
 * Outbox → signed webhooks. Safe to run in several instances at once: outbox rows and deliveries
 * are claimed with FOR UPDATE SKIP LOCKED, deliveries also with a lease, and no transaction stays
 * open during an HTTP call.
 */
export const outboxDispatcher: Job = {
  name: 'outbox-dispatcher',
  everyMs: 1_000,
  async run(deps: AppDeps, stopping?: AbortSignal) {
    // Drain the outbox first; each pass is its own short transaction.
    let handled = 0;
    do handled = await fanOut(deps);
    while (handled > 0 && !stopping?.aborted);
    if (!stopping?.aborted) await deliverDue(deps, stopping);
  },
};
