import type { AppDeps } from '../http/types.ts';
import { deliverDue } from '../services/webhook-delivery.ts';
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
    // Fans out the outbox first, and again while sends are in flight.
    await deliverDue(deps, stopping);
  },
};
