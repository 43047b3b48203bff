import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DEFAULT_ROLE } from '../../../shared/host-data.ts';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

/** The host's customers. Ids are the host's own. */
export const accounts = pgTable(
  'accounts',
  {
    workspaceId: workspaceId(),
    id: text('id').notNull(),
    name: text('name').notNull().default(''),
    segment: text('segment'),
    industry: text('industry'),
    seats: integer('seats').notNull().default(1),
    plan: text('plan'),
    mrr: integer('mrr').notNull().default(0),
    healthScore: integer('health_score'),
    signupAt: ts('signup_at'),
    renewalAt: ts('renewal_at'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /** Bit i set ⇔ the account owns (active or trial) the product whose `bit` is i; kept by ownership writes. */
    productMask: bigint('product_mask', { mode: 'number' }).notNull().default(0),
    firstPurchaseAt: ts('first_purchase_at'),
    /** The host's own staff, QA or demo account: never held out, left out of analytics and affinity. */
    test: boolean('test').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('accounts_segment_idx').on(t.workspaceId, t.segment),
    // Few per workspace: the statistics that leave them out read their ids through this.
    index('accounts_test_idx')
      .on(t.workspaceId, t.id)
      .where(sql`${t.test}`),
  ],
);

export const users = pgTable(
  'users',
  {
    workspaceId: workspaceId(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    email: text('email'),
    name: text('name'),
    role: text('role').notNull().default(DEFAULT_ROLE),
    locale: text('locale'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('users_account_idx').on(t.workspaceId, t.accountId),
  ],
);

/**
 * Ownership: one row per account × product for its whole life. A trial that converts keeps the same
 * row (and id); status moves trial → active, or to cancelled/expired/revoked.
 */
export const entitlements = pgTable(
  'entitlements',
  {
    workspaceId: workspaceId(),
    id: id(),
    accountId: text('account_id').notNull(),
    productKey: text('product_key').notNull(),
    status: text('status').$type<'active' | 'trial' | 'cancelled' | 'expired' | 'revoked'>().notNull(),
    source: text('source').$type<'host' | 'trial' | 'purchase'>().notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    endsAt: ts('ends_at'),
    endedAt: ts('ended_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('entitlements_account_product_uq').on(t.workspaceId, t.accountId, t.productKey),
  ],
);

export const usageMetrics = pgTable(
  'usage_metrics',
  {
    workspaceId: workspaceId(),
    accountId: text('account_id').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    limit: doublePrecision('limit'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.metric] })],
);
