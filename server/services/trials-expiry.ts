import { and, eq } from 'drizzle-orm';
import { endEntitlement, refreshProductMask } from '../db/queries/money.ts';
import { closeTrial, lockExpiredTrials } from '../db/queries/trials.ts';
import { entitlements } from '../db/schema/index.ts';
import type { AppDeps } from '../http/types.ts';
import { entitlementPayload, trialPayload } from './money-payloads.ts';
import { enqueue } from './outbox.ts';

const BATCH = 100;

/**
 * Expires one batch of lapsed trials in one transaction; returns how many. Rows are locked with
 * SKIP LOCKED so several instances share the work, and every write is conditional on the trial
 * still being active and the entitlement still being a trial (a purchase may have converted it).
 */
export async function expireDueTrials(deps: AppDeps): Promise<number> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const due = await lockExpiredTrials(tx, now, BATCH);
    for (const trial of due) {
      const closed = await closeTrial(tx, trial.workspaceId, trial.id, 'expired', now);
      if (!closed) continue;
      const [current] = await tx
        .select()
        .from(entitlements)
        .where(
          and(eq(entitlements.workspaceId, trial.workspaceId), eq(entitlements.id, trial.entitlementId)),
        );
      const ended =
        current?.status === 'trial'
          ? await endEntitlement(tx, trial.workspaceId, trial.entitlementId, 'expired', now)
          : current;
      await refreshProductMask(deps.database, tx, trial.workspaceId, trial.accountId);
      await enqueue(
        tx,
        trial.workspaceId,
        'trial.expired',
        { trial: trialPayload(closed), entitlement: ended ? entitlementPayload(ended) : null },
        now,
      );
    }
    return due.length;
  });
}
