import { z } from 'zod';
import { ListQuery, ProductKey, page } from './catalog.ts';

/**
 * Host data: what the host backend tells Attach about its customers (accounts), their people
 * (users), what they own (ownership) and how close they are to their quotas (usage). Sent in batches
 * of up to 1,000 items; ids are the host's own.
 *
 * Upsert semantics: an item creates the record or updates only the fields it names; `null` clears a
 * nullable field; `attributes` are merged key by key into the stored ones. When one batch names the
 * same record twice, the later item wins field by field.
 *
 * @example
 * POST /v1/admin/accounts/batch
 * { "items": [{ "id": "acc_42", "name": "Globex", "segment": "mid_market", "seats": 80, "mrr": 240000 }] }
 */
export const MAX_BATCH_ITEMS = 1000;

/** The host's own id of an account or user. NUL is refused here: PostgreSQL text cannot hold it. */
export const HostId = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => !id.includes('\u0000'), 'must not contain the NUL character (U+0000)');
const Timestamp = z.iso.datetime({ offset: true });
const Attributes = z.record(z.string().max(100), z.unknown());

export const AccountInput = z
  .object({
    id: HostId,
    name: z.string().max(200).optional(),
    segment: z.string().max(100).nullable().optional(),
    industry: z.string().max(100).nullable().optional(),
    seats: z.number().int().min(0).max(10_000_000).optional(),
    plan: z.string().max(100).nullable().optional(),
    /** Monthly recurring revenue in minor units (cents). */
    mrr: z.number().int().min(0).max(2_000_000_000).optional(),
    healthScore: z.number().int().min(0).max(100).nullable().optional(),
    signupAt: Timestamp.nullable().optional(),
    renewalAt: Timestamp.nullable().optional(),
    attributes: Attributes.optional(),
    /**
     * Your own staff, QA or demo account: its users are never held out (they see what the
     * treatment sees), and it is left out of analytics, lift and affinity. Default false.
     */
    test: z.boolean().optional(),
  })
  .meta({ id: 'AccountInput' });
export type AccountInput = z.infer<typeof AccountInput>;

/** The role of a user nothing named one for: a user synced without `role`, a token without the claim. */
export const DEFAULT_ROLE = 'member';

export const UserInput = z
  .object({
    id: HostId,
    /** The account must exist (upsert it first). Naming another account moves the user. */
    accountId: HostId,
    email: z.email().max(320).nullable().optional(),
    name: z.string().max(200).nullable().optional(),
    /** e.g. admin, billing, member; workspace settings name the roles that may buy. */
    role: z.string().min(1).max(50).optional(),
    locale: z.string().min(2).max(35).nullable().optional(),
    attributes: Attributes.optional(),
  })
  .meta({ id: 'UserInput' });
export type UserInput = z.infer<typeof UserInput>;

export const OwnershipStatus = z.enum(['active', 'trial', 'cancelled']);

export const OwnershipInput = z
  .object({
    accountId: HostId,
    productKey: ProductKey,
    status: OwnershipStatus,
    /** Defaults to now for a new entitlement; kept when omitted on an existing one. */
    startedAt: Timestamp.optional(),
    /** When a trial or a fixed-term entitlement is due to end. */
    endsAt: Timestamp.nullable().optional(),
    /** When a cancelled entitlement ended; defaults to now. Cleared when it becomes active again. */
    endedAt: Timestamp.optional(),
  })
  .meta({ id: 'OwnershipInput' });
export type OwnershipInput = z.infer<typeof OwnershipInput>;

export const UsageInput = z
  .object({
    accountId: HostId,
    metric: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, "_", ".", ":" and "-"'),
    value: z.number().finite().min(0),
    /** The quota; null means unlimited. Kept when omitted. */
    limit: z.number().finite().min(0).nullable().optional(),
  })
  .meta({ id: 'UsageInput' });
export type UsageInput = z.infer<typeof UsageInput>;

const batch = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item).min(1).max(MAX_BATCH_ITEMS) }).meta({ id });
export const AccountBatch = batch(AccountInput, 'AccountBatch');
export const UserBatch = batch(UserInput, 'UserBatch');
export const OwnershipBatch = batch(OwnershipInput, 'OwnershipBatch');
export const UsageBatch = batch(UsageInput, 'UsageBatch');

export const BatchResult = z
  .object({
    /** Items received (duplicates of one record count once in created/updated). */
    received: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
  })
  .meta({ id: 'BatchResult' });
export type BatchResult = z.infer<typeof BatchResult>;

/**
 * `DELETE /v1/admin/users/{id}`: what was erased with the user. Records of money and decisions
 * (purchases, trials, access requests, leads, decisions) keep the user's id, the host's opaque
 * identifier, for accounting and attribution; everything that describes the person goes.
 */
export const UserErasure = z
  .object({
    id: z.string(),
    accountId: z.string(),
    erased: z.object({
      /** Their raw events (props included). */
      events: z.number().int(),
      /** Their per-user daily event counts (the account's own totals stay). */
      eventCounters: z.number().int(),
      /** Their impressions, dismissals and snoozes per campaign. */
      messageStates: z.number().int(),
      /** Their daily prompt counts. */
      dailyPrompts: z.number().int(),
    }),
  })
  .meta({ id: 'UserErasure' });
export type UserErasure = z.infer<typeof UserErasure>;

/**
 * What `DELETE /v1/admin/accounts/{id}` erased: the account and everything describing it or its
 * people. Purchases, trials, requests, leads and decisions keep the account id (an opaque
 * identifier) for accounting and attribution; the account facts a lead copied are blanked.
 */
export const AccountErasure = z
  .object({
    id: z.string(),
    erased: z.object({
      users: z.number().int(),
      /** Owned products (host-synced and bought). */
      entitlements: z.number().int(),
      usageMetrics: z.number().int(),
      /** Raw events of every user of the account (props included). */
      events: z.number().int(),
      /** Daily event counts of the account and its users. */
      eventCounters: z.number().int(),
      /** Impressions, dismissals and snoozes per user and campaign. */
      messageStates: z.number().int(),
      /** Daily prompt counts (per user, per account, per account and campaign). */
      dailyPrompts: z.number().int(),
      /** Leads whose copied account facts were blanked. */
      leadsScrubbed: z.number().int(),
    }),
  })
  .meta({ id: 'AccountErasure' });
export type AccountErasure = z.infer<typeof AccountErasure>;

/**
 * What `DELETE /v1/admin/accounts/{id}/frequency` forgot: the serving history the frequency rules
 * read (impressions, dismissals, snoozes, conversions per campaign and the daily prompt counts), so
 * a tester sees the account's prompts again. Events, counters, decisions and purchases stay.
 */
export const FrequencyReset = z
  .object({
    accountId: z.string(),
    /** The one user reset, or null for every user of the account and the account's own counts. */
    userId: z.string().nullable(),
    /** The one campaign reset, or null for all (the daily prompt counts included). */
    campaignId: z.string().nullable(),
    cleared: z.object({
      /** Per user and campaign: impressions, clicks, dismissals, snooze and conversion. */
      messageStates: z.number().int(),
      /** Per user and day, for the workspace's prompts-per-user-per-day cap. */
      userDailyPrompts: z.number().int(),
      /** Per account and day, for the workspace's optional prompts-per-account-per-day cap. */
      accountDailyPrompts: z.number().int(),
      /** Per account, campaign and day, for campaigns' per-account caps. */
      accountCampaignDaily: z.number().int(),
    }),
  })
  .meta({ id: 'FrequencyReset' });
export type FrequencyReset = z.infer<typeof FrequencyReset>;

/** One rejected item of a `batch_item_invalid` error (`details.items`); `path` is inside the item. */
export const BatchItemIssue = z.object({
  index: z.number().int(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type BatchItemIssue = z.infer<typeof BatchItemIssue>;

export const Account = z
  .object({
    id: z.string(),
    name: z.string(),
    segment: z.string().nullable(),
    industry: z.string().nullable(),
    seats: z.number().int(),
    plan: z.string().nullable(),
    mrr: z.number().int(),
    healthScore: z.number().int().nullable(),
    signupAt: z.string().nullable(),
    renewalAt: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    firstPurchaseAt: z.string().nullable(),
    test: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

export const User = z
  .object({
    id: z.string(),
    accountId: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    role: z.string(),
    locale: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const Entitlement = z
  .object({
    id: z.string(),
    productKey: z.string(),
    status: z.enum(['active', 'trial', 'cancelled', 'expired', 'revoked']),
    source: z.enum(['host', 'trial', 'purchase']),
    startedAt: z.string(),
    endsAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'Entitlement' });
export type Entitlement = z.infer<typeof Entitlement>;

export const UsageMetric = z
  .object({ metric: z.string(), value: z.number(), limit: z.number().nullable(), updatedAt: z.string() })
  .meta({ id: 'UsageMetric' });
export type UsageMetric = z.infer<typeof UsageMetric>;

export const AccountDetail = Account.extend({
  /** Keys of the products owned now (active or trial). */
  products: z.array(z.string()),
  entitlements: z.array(Entitlement),
  usage: z.array(UsageMetric),
  userCount: z.number().int(),
}).meta({ id: 'AccountDetail' });
export type AccountDetail = z.infer<typeof AccountDetail>;

/** What Attach itself keeps about an account (the rest is the host's, synced in batches). */
export const AccountPatch = z.object({ test: AccountInput.shape.test.unwrap() }).meta({ id: 'AccountPatch' });
export type AccountPatch = z.infer<typeof AccountPatch>;

export const AccountPage = page(Account).meta({ id: 'AccountPage' });

/** `q`: accounts whose id starts with it or whose name contains it, case-insensitive. */
export const AccountListQuery = ListQuery.extend({ q: z.string().trim().min(1).max(200).optional() });
export const UserPage = page(User).meta({ id: 'UserPage' });
