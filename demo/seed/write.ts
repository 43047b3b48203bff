import { sql } from 'drizzle-orm';
import type { Tx } from '../../server/db/client.ts';
import { bundles, campaignRevisions, campaigns, products } from '../../server/db/schema/index.ts';
import { DEMO_CAMPAIGNS } from './campaigns.ts';
import { DEMO_BUNDLES, DEMO_PRODUCTS, maskOf } from './catalog.ts';
import type { DemoDataset } from './model.ts';

/** Rows per statement: keeps each JSON parameter to a few megabytes. */
const CHUNK = 20_000;

export async function writeCatalog(tx: Tx, workspaceId: string): Promise<void> {
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
      bit: p.bit,
    })),
  );
  await tx.insert(bundles).values(DEMO_BUNDLES.map((b) => ({ workspaceId, ...b })));
}

export async function writeCampaigns(tx: Tx, workspaceId: string): Promise<void> {
  const actor = 'demo-seed';
  await tx.insert(campaigns).values(
    DEMO_CAMPAIGNS.map(({ id, definition }) => ({
      workspaceId,
      id,
      name: definition.name,
      status: 'active' as const,
      definition,
      createdBy: actor,
      updatedBy: actor,
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
    })),
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

/** The host data: accounts, users, ownership, usage and 60 days of event counters. */
export async function writeDataset(tx: Tx, workspaceId: string, data: DemoDataset): Promise<void> {
  await insertJson(
    tx,
    'accounts',
    `workspace_id text, id text, name text, segment text, industry text, seats int, plan text, mrr int,
     health_score int, signup_at timestamptz, renewal_at timestamptz, attributes jsonb, product_mask bigint,
     first_purchase_at timestamptz`,
    data.accounts.map((a) => ({
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
  await insertJson(
    tx,
    'entitlements',
    'workspace_id text, account_id text, product_key text, status text, source text, started_at timestamptz',
    data.entitlements.map((e) => ({
      workspace_id: workspaceId,
      account_id: e.accountId,
      product_key: e.productKey,
      status: 'active',
      source: 'host',
      started_at: e.startedAt,
    })),
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
