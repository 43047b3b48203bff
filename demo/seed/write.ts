import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../server/db/client.ts';
import { upsertVocabulary } from '../../server/db/queries/vocabulary.ts';
import { auditLog, bundles, campaignRevisions, campaigns, products } from '../../server/db/schema/index.ts';
import type { AuditAction, AuditTargetType } from '../../shared/audit.ts';
import { isHostEventName, type NameKind } from '../../shared/vocabulary.ts';
import { DEMO_CAMPAIGNS } from './campaigns.ts';
import { DEMO_BUNDLES, DEMO_PRODUCTS, maskOf } from './catalog.ts';
import type { DemoHistory } from './history.ts';
import type { DemoDataset } from './model.ts';
import type { DemoLead, DemoRequest } from './pipeline.ts';

/** Rows per statement: keeps each JSON parameter to a few megabytes. */
const CHUNK = 20_000;

/** The seed is the author of the demo's configuration, and the audit log says so. */
const SEED_ACTOR = 'demo-seed';

/**
 * The audit entries of what the seed created, as if made through the API one second apart from
 * `at`, in the order listed (a campaign is created, then launched).
 */
function seedAudit(
  workspaceId: string,
  at: Date,
  entries: Array<{ action: AuditAction; type: AuditTargetType; id: string; name: string }>,
) {
  return entries.map((e, i) => ({
    workspaceId,
    actor: SEED_ACTOR,
    action: e.action,
    targetType: e.type,
    targetId: e.id,
    targetName: e.name,
    changes: [],
    createdAt: new Date(at.getTime() + i * 1000),
  }));
}

/**
 * The catalogue, created `since` (before anything was bought). The workspace's own audit entry
 * moves there too: the demo's story starts before the day it was seeded.
 */
export async function writeCatalog(tx: Tx, workspaceId: string, since: Date): Promise<void> {
  await tx
    .update(auditLog)
    .set({ createdAt: new Date(since.getTime() - 60_000) })
    .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, 'workspace.created')));
  await tx.insert(products).values(
    DEMO_PRODUCTS.map((p) => ({
      workspaceId,
      key: p.key,
      name: p.name,
      description: p.description,
      role: p.role,
      priceAmount: p.price.amount,
      priceCurrency: p.price.currency,
      priceInterval: p.price.interval,
      prerequisites: p.prerequisites,
      trialDays: p.trialDays,
      plan: p.plan,
      bit: p.bit,
      createdAt: since,
      updatedAt: since,
    })),
  );
  await tx
    .insert(bundles)
    .values(DEMO_BUNDLES.map((b) => ({ workspaceId, ...b, createdAt: since, updatedAt: since })));
  await tx.insert(auditLog).values(
    seedAudit(workspaceId, since, [
      ...DEMO_PRODUCTS.map((p) => ({
        action: 'product.created' as const,
        type: 'product' as const,
        id: p.key,
        name: p.name,
      })),
      ...DEMO_BUNDLES.map((b) => ({
        action: 'bundle.created' as const,
        type: 'bundle' as const,
        id: b.key,
        name: b.name,
      })),
    ]),
  );
}

/** The campaigns, created `since` (before their history starts). */
export async function writeCampaigns(tx: Tx, workspaceId: string, since: Date): Promise<void> {
  const actor = SEED_ACTOR;
  await tx.insert(campaigns).values(
    DEMO_CAMPAIGNS.map(({ id, definition }) => ({
      workspaceId,
      id,
      name: definition.name,
      status: 'active' as const,
      definition,
      createdBy: actor,
      updatedBy: actor,
      createdAt: since,
      updatedAt: since,
    })),
  );
  await tx.insert(campaignRevisions).values(
    DEMO_CAMPAIGNS.map(({ id, definition }) => ({
      workspaceId,
      campaignId: id,
      version: 1,
      actor,
      action: 'created' as const,
      definition,
      status: 'active',
      createdAt: since,
    })),
  );
  await tx.insert(auditLog).values(
    seedAudit(
      workspaceId,
      since,
      DEMO_CAMPAIGNS.flatMap(({ id, definition }) =>
        (['campaign.created', 'campaign.activated'] as const).map((action) => ({
          action,
          type: 'campaign' as const,
          id,
          name: definition.name,
        })),
      ),
    ),
  );
}

/**
 * Bulk rows go in as one JSON parameter expanded by `jsonb_to_recordset`: a handful of statements
 * instead of one bind parameter per value keeps ~200k rows to a few seconds on PGlite.
 */
async function insertJson(tx: Tx, table: string, columns: string, rows: object[]): Promise<void> {
  const names = columns
    .split(',')
    .map((c) => c.trim().split(' ')[0])
    .join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${sql.raw(names)})
          select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(columns)})`,
    );
  }
}

/**
 * The names the dataset uses, as ingestion and the host-data batches would have noted them, so the
 * console suggests them (the seed writes its rows directly, past those paths).
 */
export async function writeVocabulary(tx: Tx, workspaceId: string, data: DemoDataset, now: Date) {
  const names: Record<NameKind, string[]> = {
    event: data.counters.map((c) => c.name).filter(isHostEventName),
    metric: data.usage.map((u) => u.metric),
    segment: data.accounts.flatMap((a) => (a.segment ? [a.segment] : [])),
    plan: data.accounts.map((a) => a.plan),
    role: data.users.map((u) => u.role),
  };
  for (const [kind, list] of Object.entries(names) as Array<[NameKind, string[]]>) {
    await upsertVocabulary(tx, workspaceId, kind, [...new Set(list)], now);
  }
}

/** The host data: accounts, users, ownership, usage and 60 days of event counters. */
export async function writeDataset(
  tx: Tx,
  workspaceId: string,
  data: DemoDataset,
  history: DemoHistory,
): Promise<void> {
  await insertJson(
    tx,
    'accounts',
    `workspace_id text, id text, name text, segment text, industry text, seats int, plan text, mrr int,
     health_score int, signup_at timestamptz, renewal_at timestamptz, attributes jsonb, product_mask bigint,
     first_purchase_at timestamptz`,
    [...data.accounts, ...data.former].map((a) => ({
      workspace_id: workspaceId,
      id: a.id,
      name: a.name,
      segment: a.segment,
      industry: a.industry,
      seats: a.seats,
      plan: a.plan,
      mrr: a.mrr,
      health_score: a.healthScore,
      signup_at: a.signupAt,
      renewal_at: a.renewalAt,
      attributes: a.attributes,
      product_mask: maskOf(a.owned),
      first_purchase_at: a.signupAt,
    })),
  );
  await insertJson(
    tx,
    'users',
    'workspace_id text, id text, account_id text, email text, name text, role text, locale text',
    data.users.map((u) => ({ workspace_id: workspaceId, ...u, account_id: u.accountId })),
  );
  // Products bought through a campaign (history.ts) are the purchase's entitlements; the ones only
  // the prompts sold (history.ownership) are ownership beyond the dataset's.
  await insertJson(
    tx,
    'entitlements',
    `workspace_id text, id uuid, account_id text, product_key text, status text, source text,
     started_at timestamptz, ended_at timestamptz`,
    [...data.entitlements, ...history.ownership].map((e) => {
      const bought = history.entitlementIds.get(`${e.accountId} ${e.productKey}`);
      return {
        workspace_id: workspaceId,
        id: bought ?? randomUUID(),
        account_id: e.accountId,
        product_key: e.productKey,
        status: e.endedAt ? 'cancelled' : 'active',
        source: bought ? 'purchase' : 'host',
        started_at: e.startedAt,
        ended_at: e.endedAt ?? null,
      };
    }),
  );
  await insertJson(
    tx,
    'usage_metrics',
    'workspace_id text, account_id text, metric text, value float8, "limit" float8',
    data.usage.map((u) => ({ workspace_id: workspaceId, account_id: u.accountId, ...u })),
  );
  await insertJson(
    tx,
    'event_counters',
    `workspace_id text, account_id text, user_id text, name text, day date, count int, first_at timestamptz,
     last_at timestamptz`,
    data.counters.map((c) => ({
      workspace_id: workspaceId,
      account_id: c.accountId,
      user_id: c.userId,
      name: c.name,
      day: c.day,
      count: c.count,
      first_at: c.firstAt,
      last_at: c.lastAt,
    })),
  );
}

/** The campaigns' history (history.ts): decisions, interactions, trials, purchases, frequency state. */
export async function writeHistory(tx: Tx, workspaceId: string, history: DemoHistory): Promise<void> {
  const ws = { workspace_id: workspaceId };
  await insertJson(
    tx,
    'decisions',
    `workspace_id text, id uuid, campaign_id uuid, campaign_version int, account_id text, user_id text,
     placement text, outcome text, holdout bool, channel text, target_kind text, target_key text, motion text,
     variant text, created_at timestamptz`,
    history.decisions.map((d) => ({
      ...ws,
      id: d.id,
      campaign_id: d.campaignId,
      campaign_version: 1,
      account_id: d.accountId,
      user_id: d.userId,
      placement: d.placement,
      outcome: d.outcome,
      holdout: d.outcome === 'held_out',
      channel: 'in_app',
      target_kind: 'product',
      target_key: d.targetKey,
      motion: d.motion,
      variant: d.variant,
      created_at: d.at,
    })),
  );
  // The widget's message interactions, and the buyers' first uses as the host's backend reports them.
  const event = (e: { id: string; name: string; accountId: string; userId: string; at: Date }) => ({
    ...ws,
    id: e.id,
    name: e.name,
    account_id: e.accountId,
    user_id: e.userId,
    ts: e.at,
    received_at: e.at,
  });
  await insertJson(
    tx,
    'events',
    `workspace_id text, id uuid, name text, account_id text, user_id text, ts timestamptz, received_at timestamptz,
     source text, decision_id uuid, campaign_id uuid, props jsonb`,
    [
      ...history.interactions.map((e) => ({
        ...event(e),
        source: 'widget',
        decision_id: e.decisionId,
        campaign_id: e.campaignId,
        props: {},
      })),
      ...history.firstUses.map((e) => ({ ...event(e), source: 'server', props: { product: e.productKey } })),
    ],
  );
  const expired = history.trials.filter((t) => t.convertedAt === null);
  await insertJson(
    tx,
    'entitlements',
    `workspace_id text, id uuid, account_id text, product_key text, status text, source text,
     started_at timestamptz, ends_at timestamptz, ended_at timestamptz`,
    expired.map((t) => ({
      ...ws,
      id: t.entitlementId,
      account_id: t.accountId,
      product_key: t.productKey,
      status: 'expired',
      source: 'trial',
      started_at: t.startedAt,
      ends_at: t.endsAt,
      ended_at: t.endsAt,
    })),
  );
  const plans = new Map(DEMO_CAMPAIGNS.map((c) => [c.id, c.definition.trial?.plan ?? {}]));
  await insertJson(
    tx,
    'trials',
    `workspace_id text, id uuid, account_id text, user_id text, product_key text, entitlement_id uuid,
     decision_id uuid, campaign_id uuid, status text, plan jsonb, started_at timestamptz, ends_at timestamptz,
     converted_at timestamptz, expired_at timestamptz, created_at timestamptz`,
    history.trials.map((t) => ({
      ...ws,
      id: t.id,
      account_id: t.accountId,
      user_id: t.userId,
      product_key: t.productKey,
      entitlement_id: t.entitlementId,
      decision_id: t.decisionId,
      campaign_id: t.campaignId,
      status: t.convertedAt ? 'converted' : 'expired',
      plan: plans.get(t.campaignId),
      started_at: t.startedAt,
      ends_at: t.endsAt,
      converted_at: t.convertedAt,
      expired_at: t.convertedAt ? null : t.endsAt,
      created_at: t.startedAt,
    })),
  );
  await insertJson(
    tx,
    'purchases',
    `workspace_id text, id uuid, idempotency_key text, request_hash text, account_id text, user_id text,
     product_key text, decision_id uuid, campaign_id uuid, offer jsonb, amount int, currency text, interval text,
     status text, entitlement_id uuid, response_status int, fulfilled_at timestamptz, created_at timestamptz`,
    history.purchases.map((p) => ({
      ...ws,
      id: p.id,
      idempotency_key: `demo-history-${p.id}`,
      request_hash: 'demo-history',
      account_id: p.accountId,
      user_id: p.userId,
      product_key: p.productKey,
      decision_id: p.decisionId,
      campaign_id: p.campaignId,
      offer: {
        kind: 'product',
        key: p.productKey,
        currency: 'USD',
        interval: 'month',
        amount: p.amount,
        grants: [p.productKey],
      },
      amount: p.amount,
      currency: 'USD',
      interval: 'month',
      status: 'completed',
      entitlement_id: history.entitlementIds.get(`${p.accountId} ${p.productKey}`),
      response_status: 201,
      fulfilled_at: p.at,
      created_at: p.at,
    })),
  );
  await insertJson(
    tx,
    'message_states',
    `workspace_id text, user_id text, campaign_id uuid, account_id text, impressions int, clicks int,
     dismissals int, first_shown_at timestamptz, last_shown_at timestamptz, last_dismissed_at timestamptz,
     converted_at timestamptz, updated_at timestamptz`,
    history.states.map((m) => ({
      ...ws,
      user_id: m.userId,
      campaign_id: m.campaignId,
      account_id: m.accountId,
      impressions: m.impressions,
      clicks: m.clicks,
      dismissals: m.dismissals,
      first_shown_at: m.firstShownAt,
      last_shown_at: m.lastShownAt,
      last_dismissed_at: m.lastDismissedAt,
      converted_at: m.convertedAt,
      updated_at: m.convertedAt ?? m.lastDismissedAt ?? m.lastShownAt,
    })),
  );
}

/** The pipeline (pipeline.ts): leads routed to sales and members' open access requests. */
export async function writePipeline(
  tx: Tx,
  workspaceId: string,
  pipeline: { leads: DemoLead[]; requests: DemoRequest[] },
): Promise<void> {
  await insertJson(
    tx,
    'leads',
    `workspace_id text, account_id text, campaign_id uuid, product_key text, channel text, context jsonb,
     status text, created_at timestamptz`,
    pipeline.leads.map((l) => ({
      workspace_id: workspaceId,
      account_id: l.accountId,
      campaign_id: l.campaignId,
      product_key: l.productKey,
      channel: 'sales',
      context: l.context,
      status: l.status,
      created_at: l.createdAt,
    })),
  );
  await insertJson(
    tx,
    'access_requests',
    `workspace_id text, account_id text, user_id text, product_key text, campaign_id uuid, note text,
     created_at timestamptz, updated_at timestamptz`,
    pipeline.requests.map((r) => ({
      workspace_id: workspaceId,
      account_id: r.accountId,
      user_id: r.userId,
      product_key: r.productKey,
      campaign_id: r.campaignId,
      note: r.note,
      created_at: r.createdAt,
      updated_at: r.createdAt,
    })),
  );
}
