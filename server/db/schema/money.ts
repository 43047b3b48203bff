import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

export const trials = pgTable(
  'trials',
  {
    workspaceId: workspaceId(),
    id: id(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    productKey: text('product_key').notNull(),
    entitlementId: uuid('entitlement_id').notNull(),
    decisionId: uuid('decision_id'),
    campaignId: uuid('campaign_id'),
    status: text('status').$type<'active' | 'converted' | 'expired' | 'cancelled'>().notNull(),
    /** Week-by-week steps and success criteria (shared TrialPlan). */
    plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
    /** Completion per step / criterion id: ISO timestamp when completed. */
    progress: jsonb('progress').$type<Record<string, string>>().notNull().default({}),
    startedAt: ts('started_at').notNull().defaultNow(),
    endsAt: ts('ends_at').notNull(),
    convertedAt: ts('converted_at'),
    expiredAt: ts('expired_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // One trial per account and product, ever: "already trialled" is enforced here.
    uniqueIndex('trials_account_product_uq').on(t.workspaceId, t.accountId, t.productKey),
    index('trials_status_ends_idx').on(t.workspaceId, t.status, t.endsAt),
  ],
);

export const purchases = pgTable(
  'purchases',
  {
    workspaceId: workspaceId(),
    id: id(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 of the canonical request body; same key + other hash ⇒ 422. */
    requestHash: text('request_hash').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    productKey: text('product_key').notNull(),
    decisionId: uuid('decision_id'),
    campaignId: uuid('campaign_id'),
    offer: jsonb('offer').$type<Record<string, unknown>>().notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    interval: text('interval').$type<'month' | 'year'>().notNull(),
    status: text('status').$type<'pending' | 'completed' | 'failed'>().notNull(),
    entitlementId: uuid('entitlement_id'),
    /** The first response, replayed byte for byte for retries with the same key. */
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    failureReason: text('failure_reason'),
    fulfilledAt: ts('fulfilled_at'),
    failedAt: ts('failed_at'),
    /**
     * Event retention keeps activation once raw events go: the earliest use of the product (within
     * MAX_ACTIVATION_DAYS of buying) among the events received before `use_settled_until`; events
     * received since are still raw. Null in both until retention first runs.
     */
    firstUsedAt: ts('first_used_at'),
    useSettledUntil: ts('use_settled_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('purchases_idempotency_uq').on(t.workspaceId, t.idempotencyKey),
    // Two tabs with two keys cannot both buy: one live purchase per account and product.
    uniqueIndex('purchases_live_uq')
      .on(t.workspaceId, t.accountId, t.productKey)
      .where(sql`status in ('pending', 'completed')`),
  ],
);

/** A non-buyer asking their admin for a product. */
export const accessRequests = pgTable(
  'access_requests',
  {
    workspaceId: workspaceId(),
    id: id(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    productKey: text('product_key').notNull(),
    campaignId: uuid('campaign_id'),
    decisionId: uuid('decision_id'),
    note: text('note'),
    status: text('status').$type<'open' | 'approved' | 'declined'>().notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('access_requests_open_uq')
      .on(t.workspaceId, t.userId, t.productKey)
      .where(sql`status = 'open'`),
  ],
);

/** CSM / sales-routed expansion opportunities. */
export const leads = pgTable(
  'leads',
  {
    workspaceId: workspaceId(),
    id: id(),
    accountId: text('account_id').notNull(),
    userId: text('user_id'),
    campaignId: uuid('campaign_id'),
    decisionId: uuid('decision_id'),
    productKey: text('product_key').notNull(),
    channel: text('channel').$type<'csm' | 'sales'>().notNull(),
    context: jsonb('context').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('leads_account_idx').on(t.workspaceId, t.accountId),
    // One lead per account and campaign: repeated decisions for the same opportunity do not spam the CRM.
    uniqueIndex('leads_account_campaign_uq').on(t.workspaceId, t.accountId, t.campaignId),
  ],
);
