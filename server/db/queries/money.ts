import { and, eq, type InferSelectModel, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import { accounts, decisions, entitlements, leads, messageStates, purchases } from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';

export type LeadRow = InferSelectModel<typeof leads>;

/** Inserts unless the account already has a lead for this campaign; returns the new row or null. */
export async function insertLead(
  tx: Tx,
  row: {
    workspaceId: string;
    accountId: string;
    userId?: string | undefined;
    campaignId: string;
    decisionId: string;
    productKey: string;
    channel: 'csm' | 'sales';
    context: Record<string, unknown>;
    createdAt?: Date | undefined;
  },
): Promise<LeadRow | null> {
  const [inserted] = await tx
    .insert(leads)
    .values({ ...row, userId: row.userId ?? null })
    .onConflictDoNothing({ target: [leads.workspaceId, leads.accountId, leads.campaignId] })
    .returning();
  return inserted ?? null;
}

export type PurchaseRow = InferSelectModel<typeof purchases>;
export type EntitlementRow = InferSelectModel<typeof entitlements>;
export type DecisionRow = InferSelectModel<typeof decisions>;

/**
 * Serialises every request carrying one Idempotency-Key (transaction-scoped advisory lock): the
 * second waits for the first to commit and then finds its stored response. `lock_timeout` bounds
 * the wait; a timeout means the first is still in flight.
 */
export async function lockIdempotencyKey(database: Database, tx: Tx, workspaceId: string, key: string) {
  await database.rows(sql`select set_config('lock_timeout', '10s', true)`, tx);
  await database.rows(
    sql`select pg_advisory_xact_lock(hashtextextended(${`purchase:${workspaceId}:${key}`}, 0))`,
    tx,
  );
}

export async function findPurchaseByKey(
  tx: Tx,
  workspaceId: string,
  key: string,
): Promise<PurchaseRow | null> {
  const [row] = await tx
    .select()
    .from(purchases)
    .where(and(eq(purchases.workspaceId, workspaceId), eq(purchases.idempotencyKey, key)));
  return row ?? null;
}

export async function findPurchase(tx: Tx, workspaceId: string, id: string, forUpdate = false) {
  const query = tx
    .select()
    .from(purchases)
    .where(and(eq(purchases.workspaceId, workspaceId), eq(purchases.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findLivePurchase(tx: Tx, workspaceId: string, accountId: string, productKey: string) {
  const [row] = await tx
    .select({ id: purchases.id, status: purchases.status })
    .from(purchases)
    .where(
      and(
        eq(purchases.workspaceId, workspaceId),
        eq(purchases.accountId, accountId),
        eq(purchases.productKey, productKey),
        inArray(purchases.status, ['pending', 'completed']),
      ),
    );
  return row ?? null;
}

/** Inserts unless another live purchase (or the same key) already holds the unique indexes. */
export async function insertPurchase(
  tx: Tx,
  row: typeof purchases.$inferInsert,
): Promise<PurchaseRow | null> {
  const [inserted] = await tx.insert(purchases).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function updatePurchase(
  tx: Tx,
  workspaceId: string,
  id: string,
  patch: Partial<typeof purchases.$inferInsert>,
): Promise<PurchaseRow> {
  const [row] = await tx
    .update(purchases)
    .set(patch)
    .where(and(eq(purchases.workspaceId, workspaceId), eq(purchases.id, id)))
    .returning();
  if (!row) throw new Error(`purchase ${id} vanished inside its transaction`);
  return row;
}

export interface PurchaseFilter {
  accountId?: string | undefined;
  status?: PurchaseRow['status'] | undefined;
  after?: ListPosition | undefined;
  limit: number;
}

export function listPurchases(tx: Tx, workspaceId: string, f: PurchaseFilter) {
  return tx
    .select({ row: purchases, at: positionAt(purchases.createdAt) })
    .from(purchases)
    .where(
      and(
        eq(purchases.workspaceId, workspaceId),
        f.accountId ? eq(purchases.accountId, f.accountId) : undefined,
        f.status ? eq(purchases.status, f.status) : undefined,
        olderThan(purchases.createdAt, purchases.id, f.after),
      ),
    )
    .orderBy(...newestFirst(purchases.createdAt, purchases.id))
    .limit(f.limit);
}

export async function findDecision(tx: Tx, workspaceId: string, id: string): Promise<DecisionRow | null> {
  const [row] = await tx
    .select()
    .from(decisions)
    .where(and(eq(decisions.workspaceId, workspaceId), eq(decisions.id, id)));
  return row ?? null;
}

export function accountEntitlements(
  tx: Tx,
  workspaceId: string,
  accountId: string,
): Promise<EntitlementRow[]> {
  return tx
    .select()
    .from(entitlements)
    .where(and(eq(entitlements.workspaceId, workspaceId), eq(entitlements.accountId, accountId)))
    .orderBy(entitlements.productKey);
}

/** A page of entitlements in (account, product) order, after the given pair (keyset pagination). */
export function listEntitlements(
  tx: Tx,
  workspaceId: string,
  f: { accountId?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
): Promise<EntitlementRow[]> {
  return tx
    .select()
    .from(entitlements)
    .where(
      and(
        eq(entitlements.workspaceId, workspaceId),
        f.accountId ? eq(entitlements.accountId, f.accountId) : undefined,
        f.after
          ? sql`(${entitlements.accountId}, ${entitlements.productKey}) > (${f.after[0]}, ${f.after[1]})`
          : undefined,
      ),
    )
    .orderBy(entitlements.accountId, entitlements.productKey)
    .limit(f.limit);
}

/**
 * Grants ownership on the account × product row, creating it or reviving the same row (a trial that
 * converts keeps its id: no data loss, no reconfiguration on the host side).
 */
export async function upsertEntitlement(
  tx: Tx,
  row: {
    workspaceId: string;
    accountId: string;
    productKey: string;
    status: 'active' | 'trial';
    source: 'trial' | 'purchase';
    startedAt: Date;
    endsAt: Date | null;
  },
): Promise<EntitlementRow> {
  const [saved] = await tx
    .insert(entitlements)
    .values({ ...row, endedAt: null, createdAt: row.startedAt, updatedAt: row.startedAt })
    .onConflictDoUpdate({
      target: [entitlements.workspaceId, entitlements.accountId, entitlements.productKey],
      set: {
        status: row.status,
        source: row.source,
        endsAt: row.endsAt,
        endedAt: null,
        updatedAt: row.startedAt,
        // A converting trial keeps its start; a revived ended row starts again.
        startedAt: sql`case when ${entitlements.status} = 'trial' then ${entitlements.startedAt} else excluded.started_at end`,
      },
    })
    .returning();
  if (!saved) throw new Error('entitlement upsert returned nothing');
  return saved;
}

export async function endEntitlement(
  tx: Tx,
  workspaceId: string,
  id: string,
  status: 'expired' | 'revoked' | 'cancelled',
  now: Date,
): Promise<EntitlementRow | null> {
  const [row] = await tx
    .update(entitlements)
    .set({ status, endedAt: now, updatedAt: now })
    .where(and(eq(entitlements.workspaceId, workspaceId), eq(entitlements.id, id)))
    .returning();
  return row ?? null;
}

/** Brings back an entitlement a failed purchase had ended (the plan a tier upgrade replaced). */
export async function reviveEntitlement(tx: Tx, workspaceId: string, id: string, now: Date) {
  const [row] = await tx
    .update(entitlements)
    .set({ status: 'active', endedAt: null, updatedAt: now })
    .where(
      and(
        eq(entitlements.workspaceId, workspaceId),
        eq(entitlements.id, id),
        eq(entitlements.status, 'cancelled'),
      ),
    )
    .returning();
  return row ?? null;
}

/** The account's plan, with its row locked until commit: purchases of one account that switch its
 * plan run one after the other. Undefined for an account the host never synced. */
export async function lockAccountPlan(tx: Tx, workspaceId: string, accountId: string) {
  const [row] = await tx
    .select({ plan: accounts.plan })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId)))
    .for('update');
  return row ? row.plan : undefined;
}

/** Sets the account's plan when it is still `from` (a host sync in between wins). */
export async function switchAccountPlan(
  tx: Tx,
  key: { workspaceId: string; accountId: string },
  from: string,
  to: string,
  now: Date,
) {
  await tx
    .update(accounts)
    .set({ plan: to, updatedAt: now })
    .where(
      and(eq(accounts.workspaceId, key.workspaceId), eq(accounts.id, key.accountId), eq(accounts.plan, from)),
    );
}

/** Recomputes the account's ownership bitmask from its live entitlements (active or trial). */
export async function refreshProductMask(database: Database, tx: Tx, workspaceId: string, accountId: string) {
  await database.rows(
    sql`update accounts set product_mask = coalesce((
        select bit_or(1::bigint << p.bit) from entitlements e
        join products p on p.workspace_id = e.workspace_id and p.key = e.product_key
        where e.workspace_id = ${workspaceId} and e.account_id = ${accountId} and e.status in ('active', 'trial')
      ), 0)
      where workspace_id = ${workspaceId} and id = ${accountId}`,
    tx,
  );
}

export async function markFirstPurchase(tx: Tx, workspaceId: string, accountId: string, at: Date) {
  await tx
    .update(accounts)
    .set({ firstPurchaseAt: sql`coalesce(${accounts.firstPurchaseAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId)));
}

/** The account converted on this campaign: its prompts stop for every user of the account. */
export async function markConverted(
  tx: Tx,
  key: { workspaceId: string; accountId: string; userId: string; campaignId: string },
  at: Date,
) {
  await tx
    .insert(messageStates)
    .values({ ...key, convertedAt: at, updatedAt: at })
    .onConflictDoNothing();
  await tx
    .update(messageStates)
    .set({
      convertedAt: sql`coalesce(${messageStates.convertedAt}, ${at.toISOString()}::timestamptz)`,
      updatedAt: at,
    })
    .where(
      and(
        eq(messageStates.workspaceId, key.workspaceId),
        eq(messageStates.accountId, key.accountId),
        eq(messageStates.campaignId, key.campaignId),
      ),
    );
}

export async function firstShownAt(tx: Tx, workspaceId: string, userId: string, campaignId: string) {
  const [row] = await tx
    .select({ at: messageStates.firstShownAt })
    .from(messageStates)
    .where(
      and(
        eq(messageStates.workspaceId, workspaceId),
        eq(messageStates.userId, userId),
        eq(messageStates.campaignId, campaignId),
      ),
    );
  return row?.at ?? null;
}
