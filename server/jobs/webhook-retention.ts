import type { AppDeps } from '../http/types.ts';
import { pruneWebhookHistory } from '../services/webhook-retention.ts';
import type { Job } from './index.ts';

/** Prunes finished webhook history past its retention and retired signing secrets, hourly. */
export const webhookRetention: Job = {
  name: 'webhook-retention',
  everyMs: 3_600_000,
  async run(deps: AppDeps) {
    const pruned = await pruneWebhookHistory(deps);
    if (pruned > 0) deps.log.info('webhook_history_pruned', { messages: pruned });
  },
};
