import type { AdminPurchase } from '../../shared/money.ts';
import {
  accountEntitlements,
  endEntitlement,
  findPurchase,
  listEntitlements,
  listPurchases,
  type PurchaseFilter,
  refreshProductMask,
  updatePurchase,
} from '../db/queries/money.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { recordAudit } from './audit.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';
import { entitlementPayload, purchasePayload } from './money-payloads.ts';
import { enqueue } from './outbox.ts';
import { storedPlanSwitch, undoPlanSwitch } from './plan-switch.ts';
import { atRow, toPositionPage } from './position-cursor.ts';

/**
 * The host confirms it provisioned (and billed) a purchase. Idempotent: confirming a completed
 * purchase again returns it unchanged; a failed purchase cannot be fulfilled.
 */
export async function fulfilPurchase(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<AdminPurchase> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const row = await findPurchase(tx, workspaceId, id, true);
    if (!row) throw new ApiError(404, 'not_found', `No purchase ${id}`);
    if (row.status === 'completed') return purchasePayload(row);
    if (row.status === 'failed')
      throw new ApiError(409, 'conflict', 'This purchase failed; it cannot be fulfilled');
    const saved = await updatePurchase(tx, workspaceId, id, {
      status: 'completed',
      fulfilledAt: now,
      updatedAt: now,
    });
    await enqueue(tx, workspaceId, 'purchase.fulfilled', { purchase: purchasePayload(saved) }, now);
    await recordAudit(tx, workspaceId, actor, {
      action: 'purchase.fulfilled',
      target: { type: 'purchase', id, name: row.productKey },
      details: { accountId: row.accountId },
    });
    return purchasePayload(saved);
  });
}

/**
 * The host could not provision or charge: the purchase fails and its entitlements are revoked, in
 * one transaction with the `purchase.failed` event; a tier upgrade's replaced plan comes back
 * (`restored`). The account may then buy again.
 */
export async function failPurchase(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  reason: string,
  actor: string,
) {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const row = await findPurchase(tx, workspaceId, id, true);
    if (!row) throw new ApiError(404, 'not_found', `No purchase ${id}`);
    if (row.status === 'failed') return purchasePayload(row);
    if (row.status === 'completed') {
      throw new ApiError(
        409,
        'conflict',
        'This purchase was fulfilled; cancel the entitlement through ownership instead',
      );
    }
    const saved = await updatePurchase(tx, workspaceId, id, {
      status: 'failed',
      failureReason: reason,
      failedAt: now,
      updatedAt: now,
    });
    const products = purchasedProducts(row.offer, row.productKey);
    const owned = await accountEntitlements(tx, workspaceId, row.accountId);
    const revoked = [];
    for (const e of owned) {
      if (!products.includes(e.productKey) || e.status !== 'active' || e.source !== 'purchase') continue;
      const ended = await endEntitlement(tx, workspaceId, e.id, 'revoked', now);
      if (ended) revoked.push(entitlementPayload(ended));
    }
    const replaced = storedPlanSwitch(row.offer);
    const account = { workspaceId, accountId: row.accountId };
    const restored = replaced ? await undoPlanSwitch(tx, account, replaced, now) : [];
    await refreshProductMask(deps.database, tx, workspaceId, row.accountId);
    await enqueue(
      tx,
      workspaceId,
      'purchase.failed',
      {
        purchase: purchasePayload(saved),
        entitlements: revoked,
        ...(restored.length > 0 ? { restored: restored.map(entitlementPayload) } : {}),
      },
      now,
    );
    await recordAudit(tx, workspaceId, actor, {
      action: 'purchase.failed',
      target: { type: 'purchase', id, name: row.productKey },
      details: { accountId: row.accountId, reason, revoked: revoked.map((e) => e.productKey) },
    });
    return purchasePayload(saved);
  });
}

/** A bundle purchase granted each of its products; the stored offer remembers which. */
function purchasedProducts(offer: Record<string, unknown>, productKey: string): string[] {
  const parts = offer.grants;
  return Array.isArray(parts) && parts.every((p) => typeof p === 'string') ? parts : [productKey];
}

export async function adminPurchases(deps: AppDeps, workspaceId: string, filter: PurchaseFilter) {
  const rows = await listPurchases(deps.database.db, workspaceId, { ...filter, limit: filter.limit + 1 });
  const { data, nextCursor } = toPositionPage('purchases', rows, filter.limit, atRow, (r) =>
    purchasePayload(r.row),
  );
  return { purchases: data, nextCursor };
}

/** One purchase, as the list and the webhooks show it (a webhook handler re-reads it here). */
export async function adminPurchase(deps: AppDeps, workspaceId: string, id: string) {
  const row = await findPurchase(deps.database.db, workspaceId, id);
  if (!row) throw notFound('Purchase');
  return purchasePayload(row);
}

/** Entitlements a page at a time; the cursor is the last (account, product) pair of the page. */
export async function adminEntitlements(
  deps: AppDeps,
  workspaceId: string,
  q: { account?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const after = decodeKeyCursor('entitlements', q.cursor)?.split(PAIR);
  const rows = await listEntitlements(deps.database.db, workspaceId, {
    accountId: q.account,
    after: after?.length === 2 ? [after[0] ?? '', after[1] ?? ''] : undefined,
    limit: q.limit + 1,
  });
  const { data, nextCursor } = toPage(
    'entitlements',
    rows,
    q.limit,
    (r) => `${r.accountId}${PAIR}${r.productKey}`,
    entitlementPayload,
  );
  return { entitlements: data, nextCursor };
}

/** Joins the cursor's pair: NUL cannot occur in stored text. */
const PAIR = '\u0000';
