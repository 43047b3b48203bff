import { and, asc, eq, type InferSelectModel, lte } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { trials } from '../schema/index.ts';

export type TrialRow = InferSelectModel<typeof trials>;

/** Inserts unless the account already trialled the product (unique index); null means it did. */
export async function insertTrial(tx: Tx, row: typeof trials.$inferInsert): Promise<TrialRow | null> {
  const [inserted] = await tx
    .insert(trials)
    .values(row)
    .onConflictDoNothing({ target: [trials.workspaceId, trials.accountId, trials.productKey] })
    .returning();
  return inserted ?? null;
}

export async function findTrialOf(tx: Tx, workspaceId: string, accountId: string, productKey: string) {
  const [row] = await tx
    .select()
    .from(trials)
    .where(
      and(
        eq(trials.workspaceId, workspaceId),
        eq(trials.accountId, accountId),
        eq(trials.productKey, productKey),
      ),
    );
  return row ?? null;
}

export function accountTrials(tx: Tx, workspaceId: string, accountId: string): Promise<TrialRow[]> {
  return tx
    .select()
    .from(trials)
    .where(and(eq(trials.workspaceId, workspaceId), eq(trials.accountId, accountId)))
    .orderBy(asc(trials.startedAt));
}

/** Moves a trial out of `active`, only if it still is (a conditional write, safe against races). */
export async function closeTrial(
  tx: Tx,
  workspaceId: string,
  id: string,
  status: 'converted' | 'expired',
  now: Date,
): Promise<TrialRow | null> {
  const [row] = await tx
    .update(trials)
    .set(
      status === 'converted'
        ? { status, convertedAt: now, updatedAt: now }
        : { status, expiredAt: now, updatedAt: now },
    )
    .where(and(eq(trials.workspaceId, workspaceId), eq(trials.id, id), eq(trials.status, 'active')))
    .returning();
  return row ?? null;
}

export async function saveTrialProgress(
  tx: Tx,
  workspaceId: string,
  id: string,
  progress: Record<string, string>,
  now: Date,
) {
  await tx
    .update(trials)
    .set({ progress, updatedAt: now })
    .where(and(eq(trials.workspaceId, workspaceId), eq(trials.id, id)));
}

/** Active trials past their end, oldest first, locked so that two expiry runs never both act. */
export function lockExpiredTrials(tx: Tx, now: Date, limit: number): Promise<TrialRow[]> {
  return tx
    .select()
    .from(trials)
    .where(and(eq(trials.status, 'active'), lte(trials.endsAt, now)))
    .orderBy(asc(trials.endsAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}
