import type { Purchase, PurchaseRequest } from '../../shared/money.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import {
  accountEntitlements,
  type EntitlementRow,
  findLivePurchase,
  findPurchaseByKey,
  insertPurchase,
  lockAccountPlan,
  lockIdempotencyKey,
  markConverted,
  markFirstPurchase,
  type PurchaseRow,
  refreshProductMask,
  updatePurchase,
  upsertEntitlement,
} from '../db/queries/money.ts';
import { closeTrial, findTrialOf } from '../db/queries/trials.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { entitlementPayload, purchasePayload, trialPayload } from './money-payloads.ts';
import { grantedProducts, type OfferedDecision, offeredDecision, repriceOffer } from './offer-check.ts';
import { enqueue } from './outbox.ts';
import { applyPlanSwitch, planSwitchFor } from './plan-switch.ts';

/** The stored first response: replayed byte for byte for a retry with the same key and body. */
export interface PurchaseResponse {
  status: number;
  body: string;
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Who may buy is workspace policy; refusals happen before anything is read or written. */
export function assertMayPurchase(settings: WorkspaceContext['settings'], user: EndUser): void {
  if (!user.verified) {
    throw new ApiError(403, 'purchase_requires_verified_identity', 'Purchases need a signed user token');
  }
  if (!settings.buyerRoles.includes(user.role)) {
    throw new ApiError(403, 'purchase_not_allowed', `Role ${user.role} cannot buy; ask an admin`, {
      buyerRoles: settings.buyerRoles,
    });
  }
}

function requestHash(user: EndUser, input: PurchaseRequest): string {
  return sha256(
    JSON.stringify([
      user.accountId,
      user.userId,
      input.decisionId,
      input.productKey,
      input.offerVersion,
      input.billing,
    ]),
  );
}

function replay(row: PurchaseRow, hash: string): PurchaseResponse {
  if (row.requestHash !== hash) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request',
    );
  }
  if (row.responseStatus === null || row.responseBody === null) {
    throw new ApiError(
      409,
      'idempotency_request_in_flight',
      'A request with this Idempotency-Key is in progress',
    );
  }
  return { status: row.responseStatus, body: row.responseBody, replayed: true };
}

function isLockTimeout(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '55P03' || e.cause?.code === '55P03';
}

/**
 * One-click purchase (Stripe's idempotency model). The purchase, its entitlement(s) and the outbox
 * rows commit together or not at all; the database enforces one result per key (advisory lock +
 * unique index) and one live purchase per account × product (partial unique index).
 */
export async function purchase(
  deps: AppDeps,
  workspace: WorkspaceContext,
  user: EndUser,
  key: string | undefined,
  input: PurchaseRequest,
): Promise<PurchaseResponse> {
  assertMayPurchase(workspace.settings, user);
  if (!key)
    throw new ApiError(400, 'idempotency_key_required', 'Send an Idempotency-Key header (a UUID is fine)');
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(
      400,
      'idempotency_key_required',
      'Idempotency-Key must be 1–255 visible ASCII characters',
    );
  }
  const workspaceId = workspace.row.id;
  const hash = requestHash(user, input);
  try {
    return await deps.database.db.transaction(async (tx) => {
      await lockIdempotencyKey(deps.database, tx, workspaceId, key);
      const existing = await findPurchaseByKey(tx, workspaceId, key);
      if (existing) return replay(existing, hash);
      return await buy(deps, tx, workspaceId, user, { key, hash, input });
    });
  } catch (err) {
    if (isLockTimeout(err)) {
      throw new ApiError(
        409,
        'idempotency_request_in_flight',
        'A request with this Idempotency-Key is in progress',
      );
    }
    throw err;
  }
}

interface BuyRequest {
  key: string;
  hash: string;
  input: PurchaseRequest;
}

async function buy(deps: AppDeps, tx: Tx, workspaceId: string, user: EndUser, req: BuyRequest) {
  const now = deps.now();
  const { input } = req;
  const offered = await offeredDecision(tx, workspaceId, user, input.decisionId, input.productKey);
  const plan = (await lockAccountPlan(tx, workspaceId, user.accountId)) ?? null;
  const offer = await repriceOffer(tx, workspaceId, user.userId, offered, input.offerVersion, now, plan);
  const charge = chargeFor(offer, input.billing);
  const live = await findLivePurchase(tx, workspaceId, user.accountId, input.productKey);
  if (live) throw purchaseInProgress();
  const owned = await accountEntitlements(tx, workspaceId, user.accountId);
  const products = grantedProducts(offered);
  assertBuyable(offered, owned, products);
  const replaces = planSwitchFor(offered, offer, owned);
  const row = await insertPurchase(tx, {
    workspaceId,
    idempotencyKey: req.key,
    requestHash: req.hash,
    accountId: user.accountId,
    userId: user.userId,
    productKey: input.productKey,
    decisionId: offered.decision.id,
    campaignId: offered.decision.campaignId,
    // `grants` records which products the purchase entitles (a bundle grants several).
    offer: { ...offer, grants: products, ...(replaces ? { replaces } : {}) },
    amount: charge.amount,
    currency: offer.currency,
    interval: charge.interval,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  // A concurrent purchase with another key won the live-purchase index while we were checking.
  if (!row) throw purchaseInProgress();
  const granted: EntitlementRow[] = [];
  for (const productKey of products) {
    granted.push(await grantPurchased(deps, tx, { workspaceId, accountId: user.accountId, productKey }, now));
  }
  const account = { workspaceId, accountId: user.accountId };
  const ended = replaces ? await applyPlanSwitch(tx, account, replaces, now) : [];
  const body: Purchase = {
    id: row.id,
    status: row.status,
    productKey: row.productKey,
    amount: row.amount,
    currency: row.currency,
    interval: row.interval,
    entitlementId: granted[0]?.id ?? null,
    createdAt: row.createdAt.toISOString(),
  };
  const text = JSON.stringify(body);
  const saved = await updatePurchase(tx, workspaceId, row.id, {
    entitlementId: body.entitlementId,
    responseStatus: 201,
    responseBody: text,
  });
  await refreshProductMask(deps.database, tx, workspaceId, user.accountId);
  await markFirstPurchase(tx, workspaceId, user.accountId, now);
  const campaignId = offered.decision.campaignId;
  await markConverted(tx, { workspaceId, accountId: user.accountId, userId: user.userId, campaignId }, now);
  await enqueue(
    tx,
    workspaceId,
    'purchase.created',
    {
      purchase: purchasePayload(saved),
      entitlements: granted.map(entitlementPayload),
      ...(ended.length > 0 ? { ended: ended.map(entitlementPayload) } : {}),
    },
    now,
  );
  return { status: 201, body: text, replayed: false };
}

function purchaseInProgress() {
  return new ApiError(
    409,
    'purchase_in_progress',
    'A purchase of this product is already pending or completed',
  );
}

function chargeFor(offer: PricedOffer, billing: PurchaseRequest['billing']) {
  if (billing === 'interval' || offer.interval === 'year')
    return { amount: offer.amount, interval: offer.interval };
  if (!offer.annual) throw new ApiError(409, 'not_offered', 'This offer has no annual option');
  return { amount: offer.annual.amount, interval: 'year' as const };
}

function assertBuyable(offered: OfferedDecision, owned: EntitlementRow[], products: string[]) {
  const active = new Set(owned.filter((e) => e.status === 'active').map((e) => e.productKey));
  if (products.length === 0 || products.every((p) => active.has(p))) {
    throw new ApiError(409, 'already_owned', `The account already owns ${offered.target.key}`);
  }
  const live = new Set(
    owned.filter((e) => e.status === 'active' || e.status === 'trial').map((e) => e.productKey),
  );
  const missing = products
    .flatMap((p) => offered.catalog.products.get(p)?.prerequisites ?? [])
    .filter((p) => !live.has(p) && !products.includes(p));
  if (missing.length > 0) {
    throw new ApiError(409, 'prerequisites_missing', `Requires ${[...new Set(missing)].join(', ')} first`, {
      missing: [...new Set(missing)],
    });
  }
}

/** Grants one purchased product; an active trial of it converts on the same entitlement row. */
async function grantPurchased(
  deps: AppDeps,
  tx: Tx,
  key: { workspaceId: string; accountId: string; productKey: string },
  now: Date,
): Promise<EntitlementRow> {
  const entitlement = await upsertEntitlement(tx, {
    ...key,
    status: 'active',
    source: 'purchase',
    startedAt: now,
    endsAt: null,
  });
  const trial = await findTrialOf(tx, key.workspaceId, key.accountId, key.productKey);
  if (trial && (trial.status === 'active' || trial.status === 'expired')) {
    const converted = await closeTrial(tx, key.workspaceId, trial.id, 'converted', now);
    if (converted) {
      await enqueue(
        tx,
        key.workspaceId,
        'trial.converted',
        { trial: trialPayload(converted), entitlement: entitlementPayload(entitlement) },
        now,
      );
    }
  }
  deps.log.debug('entitlement_granted', { ...key, entitlementId: entitlement.id });
  return entitlement;
}
