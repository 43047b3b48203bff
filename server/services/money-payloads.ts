import type { AdminPurchase, AdminTrial, Entitlement, Lead, LeadContext } from '../../shared/money.ts';
import type { EntitlementRow, LeadRow, PurchaseRow } from '../db/queries/money.ts';
import type { TrialRow } from '../db/queries/trials.ts';

/** The shapes the admin API returns and webhooks carry: one mapping for both. */
export function purchasePayload(row: PurchaseRow): AdminPurchase {
  return {
    id: row.id,
    status: row.status,
    productKey: row.productKey,
    amount: row.amount,
    currency: row.currency,
    interval: row.interval,
    entitlementId: row.entitlementId,
    createdAt: row.createdAt.toISOString(),
    accountId: row.accountId,
    userId: row.userId,
    campaignId: row.campaignId,
    decisionId: row.decisionId,
    offer: row.offer,
    failureReason: row.failureReason,
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
  };
}

export function entitlementPayload(row: EntitlementRow): Entitlement {
  return {
    id: row.id,
    accountId: row.accountId,
    productKey: row.productKey,
    status: row.status,
    source: row.source,
    startedAt: row.startedAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

export function trialPayload(row: TrialRow): AdminTrial {
  return {
    id: row.id,
    accountId: row.accountId,
    userId: row.userId,
    productKey: row.productKey,
    entitlementId: row.entitlementId,
    campaignId: row.campaignId,
    decisionId: row.decisionId,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    convertedAt: row.convertedAt?.toISOString() ?? null,
    expiredAt: row.expiredAt?.toISOString() ?? null,
  };
}

/** The jsonb `context` and text `status` hold what createLead and updateLead wrote: a LeadContext and a LeadStatus. */
export function leadPayload(row: LeadRow): Lead {
  return {
    id: row.id,
    accountId: row.accountId,
    userId: row.userId,
    campaignId: row.campaignId,
    decisionId: row.decisionId,
    productKey: row.productKey,
    channel: row.channel,
    context: row.context as LeadContext,
    status: row.status as Lead['status'],
    createdAt: row.createdAt.toISOString(),
  };
}
