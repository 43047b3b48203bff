import { clearExpiredSecrets, pruneFinishedMessages } from '../db/queries/webhooks.ts';
import { DAY_MS } from '../domain/time.ts';
import type { AppDeps } from '../http/types.ts';

/** Days a dispatched webhook message, its deliveries and attempt log are kept once all are finished. */
export const DEFAULT_WEBHOOK_RETENTION_DAYS = 30;

/** Messages pruned per statement: short transactions, so pruning never holds locks for long. */
const BATCH = 1_000;

/**
 * Keeps the outbox and delivery log from growing without end: messages dispatched longer ago than
 * the retention whose deliveries all finished (succeeded, failed or dead — never pending, which are
 * still owed to a receiver) go, with their deliveries and attempts. Also forgets previous signing
 * secrets whose rotation overlap has ended. Returns the messages pruned.
 */
export async function pruneWebhookHistory(deps: AppDeps): Promise<number> {
  const now = deps.now();
  await clearExpiredSecrets(deps.database.db, now);
  const days = deps.config.webhookRetentionDays ?? DEFAULT_WEBHOOK_RETENTION_DAYS;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  let pruned = 0;
  for (;;) {
    const n = await pruneFinishedMessages(deps.database, cutoff, BATCH);
    pruned += n;
    if (n < BATCH) return pruned;
  }
}
