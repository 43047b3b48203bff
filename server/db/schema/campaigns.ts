import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

export const campaigns = pgTable(
  'campaigns',
  {
    workspaceId: workspaceId(),
    id: id(),
    name: text('name').notNull(),
    status: text('status').$type<'draft' | 'active' | 'paused' | 'archived'>().notNull().default('draft'),
    /** The whole definition as validated by the shared Campaign schema. */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    updatedBy: text('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('campaigns_status_idx').on(t.workspaceId, t.status),
  ],
);

/** Change history: who changed what, when. */
export const campaignRevisions = pgTable(
  'campaign_revisions',
  {
    workspaceId: workspaceId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    version: integer('version').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('campaign_revisions_idx').on(t.workspaceId, t.campaignId),
  ],
);

/** Every decision taken for a (user, campaign): served, held out, or eligible but capped. */
export const decisions = pgTable(
  'decisions',
  {
    workspaceId: workspaceId(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    campaignVersion: integer('campaign_version').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    placement: text('placement'),
    outcome: text('outcome').$type<'served' | 'held_out' | 'capped'>().notNull(),
    holdout: boolean('holdout').notNull().default(false),
    channel: text('channel').$type<'in_app' | 'csm' | 'sales'>().notNull(),
    targetKind: text('target_kind').notNull(),
    targetKey: text('target_key').notNull(),
    motion: text('motion').notNull(),
    /** The copy experiment's variant served (`original` or a variant key); null when held out or
     * when the campaign tested no copy. */
    variant: text('variant'),
    /** The account's plan and segment when decided: campaign reports slice by these, since a
     * purchase the campaign drove may change the plan (null on rows from before they were kept). */
    plan: text('plan'),
    segment: text('segment'),
    /** The server-priced offer as returned to the client, including its version hash. */
    offer: jsonb('offer').$type<Record<string, unknown>>(),
    /** Triggers that fired and the affinity behind the target, for leads and explain. */
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // created_at last: the campaigns list counts a campaign's decisions since its tallies' mark.
    index('decisions_campaign_idx').on(t.workspaceId, t.campaignId, t.outcome, t.createdAt),
    index('decisions_account_idx').on(t.workspaceId, t.accountId),
  ],
);

/**
 * A campaign's counts per account since it was created, the campaigns list's figures: the
 * campaign-tallies job folds decisions and message interactions into them up to the workspace's
 * mark, so the list reads these and the few rows written since instead of the whole history (which
 * campaign history retention may prune meanwhile). Per account, so test accounts are left out when
 * read, whenever they were marked. `account_id` '' holds interactions that named no account.
 */
export const campaignTallies = pgTable(
  'campaign_tallies',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    accountId: text('account_id').notNull(),
    served: integer('served').notNull().default(0),
    heldOut: integer('held_out').notNull().default(0),
    shown: integer('shown').notNull().default(0),
    clicked: integer('clicked').notNull().default(0),
    dismissed: integer('dismissed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId, t.accountId] })],
);

/** A campaign's tallies summed over its accounts (test accounts included), so the list reads one
 * row a campaign and takes off only the few test accounts' tallies. */
export const campaignTallyTotals = pgTable(
  'campaign_tally_totals',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    served: integer('served').notNull().default(0),
    heldOut: integer('held_out').notNull().default(0),
    shown: integer('shown').notNull().default(0),
    clicked: integer('clicked').notNull().default(0),
    dismissed: integer('dismissed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId] })],
);

/** How far each workspace's campaign tallies go: decisions created and interactions received before. */
export const campaignTallyMarks = pgTable('campaign_tally_marks', {
  workspaceId: workspaceId().primaryKey(),
  through: ts('through').notNull(),
});

/** Per user × campaign counters that frequency caps read and conditionally update. */
export const messageStates = pgTable(
  'message_states',
  {
    workspaceId: workspaceId(),
    userId: text('user_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    accountId: text('account_id').notNull(),
    impressions: integer('impressions').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    dismissals: integer('dismissals').notNull().default(0),
    firstShownAt: ts('first_shown_at'),
    lastShownAt: ts('last_shown_at'),
    lastDismissedAt: ts('last_dismissed_at'),
    snoozedUntil: ts('snoozed_until'),
    convertedAt: ts('converted_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId, t.campaignId] }),
    index('message_states_account_idx').on(t.workspaceId, t.accountId, t.campaignId),
  ],
);

/** Prompts served per user per day, for the workspace-wide cap (conditional upsert). */
export const userDailyPrompts = pgTable(
  'user_daily_prompts',
  {
    workspaceId: workspaceId(),
    userId: text('user_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(0),
    /** How many of the attempts of the statement that last wrote the row it granted (see SERVE_SQL). */
    granted: integer('granted').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.day] })],
);

/** Prompts served per account (all its users) per day, for the workspace's optional account-wide
 * cap; the same conditional upsert as user_daily_prompts. */
export const accountDailyPrompts = pgTable(
  'account_daily_prompts',
  {
    workspaceId: workspaceId(),
    accountId: text('account_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(0),
    /** As user_daily_prompts.granted, for the account's attempts in the statement that last wrote it. */
    granted: integer('granted').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.day] })],
);

/** Prompts served per account × campaign per day, for per-account caps. */
export const accountCampaignDaily = pgTable(
  'account_campaign_daily',
  {
    workspaceId: workspaceId(),
    accountId: text('account_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.campaignId, t.day] })],
);

export const affinitySnapshots = pgTable(
  'affinity_snapshots',
  {
    workspaceId: workspaceId(),
    id: id(),
    computedAt: ts('computed_at').notNull().defaultNow(),
    accounts: integer('accounts').notNull(),
    /** Pairs, itemsets and rules, overall and per segment (shape: shared AffinitySnapshot). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('affinity_snapshots_at_idx').on(t.workspaceId, t.computedAt),
  ],
);
