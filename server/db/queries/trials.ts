import { and, asc, eq, gte, type InferSelectModel, inArray, lte } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { events, trials, usageMetrics } from '../schema/index.ts';
import type { ListFilter } from './money-requests.ts';
import { newestFirst, olderThan, positionAt } from './newest-first.ts';

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
    .where(
      and(
        eq(trials.workspaceId, workspaceId),
        eq(trials.id, id),
        // A trial converts even after it lapsed (a late purchase); it expires only while active.
        status === 'converted' ? inArray(trials.status, ['active', 'expired']) : eq(trials.status, 'active'),
      ),
    )
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

/** The first `limit` times each named account event happened in [since, until], ascending. */
export async function eventTimes(
  tx: Tx,
  workspaceId: string,
  accountId: string,
  needed: Record<string, number>,
  since: Date,
  until: Date,
): Promise<Record<string, Date[]>> {
  const out: Record<string, Date[]> = {};
  for (const [name, limit] of Object.entries(needed)) {
    const rows = await tx
      .select({ ts: events.ts })
      .from(events)
      .where(
        and(
          eq(events.workspaceId, workspaceId),
          eq(events.accountId, accountId),
          eq(events.name, name),
          gte(events.ts, since),
          lte(events.ts, until),
        ),
      )
      .orderBy(asc(events.ts))
      .limit(limit);
    out[name] = rows.map((r) => r.ts);
  }
  return out;
}

export async function accountMetrics(tx: Tx, workspaceId: string, accountId: string) {
  const rows = await tx
    .select()
    .from(usageMetrics)
    .where(and(eq(usageMetrics.workspaceId, workspaceId), eq(usageMetrics.accountId, accountId)));
  return Object.fromEntries(rows.map((r) => [r.metric, { value: r.value, updatedAt: r.updatedAt }]));
}

/** The workspace's trials, newest first, optionally of one account and in one status. */
export function listTrialRows(tx: Tx, workspaceId: string, f: ListFilter) {
  return tx
    .select({ row: trials, at: positionAt(trials.createdAt) })
    .from(trials)
    .where(
      and(
        eq(trials.workspaceId, workspaceId),
        f.accountId ? eq(trials.accountId, f.accountId) : undefined,
        f.status ? eq(trials.status, f.status as TrialRow['status']) : undefined,
        olderThan(trials.createdAt, trials.id, f.after),
      ),
    )
    .orderBy(...newestFirst(trials.createdAt, trials.id))
    .limit(f.limit);
}
