import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, events } from '../../../server/db/schema/index.ts';
import { EnvSchema, loadEnv } from '../../../server/env.ts';
import { tallyCampaigns } from '../../../server/services/campaign-tallies.ts';
import { pruneCampaignHistory } from '../../../server/services/decision-retention.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedProducts } from '../../support/money-builders.ts';

/**
 * Campaign history retention: with ATTACH_DECISION_RETENTION_DAYS set, decisions and message
 * interactions older than it go; recent ones, other events and what outlives a decision stay.
 */
const DAY = 86_400_000;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
const ago = (days: number) => new Date(ctx.clock.now.getTime() - days * DAY);

async function decided(accountId: string, daysAgo: number) {
  const id = randomUUID();
  await ctx.database.db.insert(decisions).values({
    workspaceId: ws.workspaceId,
    id,
    campaignId,
    campaignVersion: 1,
    accountId,
    userId: `${accountId}_u`,
    outcome: 'served',
    channel: 'in_app',
    targetKind: 'product',
    targetKey: 'reports',
    motion: 'upsell_addon',
    createdAt: ago(daysAgo),
  });
  return id;
}

async function happened(name: string, accountId: string, daysAgo: number, decisionId?: string) {
  await ctx.database.db.insert(events).values({
    workspaceId: ws.workspaceId,
    id: randomUUID(),
    name,
    accountId,
    userId: `${accountId}_u`,
    ts: ago(daysAgo),
    receivedAt: ago(daysAgo),
    source: 'widget',
    ...(decisionId ? { decisionId, campaignId } : {}),
  });
}

const left = async () => {
  const [row] = await ctx.database.rows<{ decisions: number; interactions: number; other: number }>(sql`
    select (select count(*)::int from decisions where workspace_id = ${ws.workspaceId}) as decisions,
      (select count(*)::int from events where workspace_id = ${ws.workspaceId} and name like 'message.%') as interactions,
      (select count(*)::int from events where workspace_id = ${ws.workspaceId} and name not like 'message.%') as other`);
  return row;
};
const indexes = async () =>
  (
    await ctx.database.rows<{ name: string; valid: boolean }>(sql`
      select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname in ('decisions_created_idx', 'events_interactions_received_idx') order by 1`)
  ).map((r) => `${r.name} ${r.valid ? 'valid' : 'invalid'}`);

beforeAll(async () => {
  ctx = await createTestApp({ decisionRetentionDays: 400 });
  ws = await createWorkspace(ctx, { name: 'Campaign history' });
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws.workspaceId, 'reports', { motion: 'upsell_addon' });
  // Two accounts decided and shown 500 days ago (past the retention), three 10 days ago; one old
  // product event, which only event retention may prune.
  for (const [accountId, daysAgo] of [
    ['old1', 500],
    ['old2', 401],
    ['new1', 10],
    ['new2', 10],
    ['new3', 399],
  ] as const) {
    await seedAccount(ctx, ws.workspaceId, accountId);
    const decisionId = await decided(accountId, daysAgo);
    await happened('message.shown', accountId, daysAgo, decisionId);
    await happened('message.clicked', accountId, daysAgo, decisionId);
  }
  await happened('report.exported', 'old1', 500);
});
afterAll(() => ctx.close());

describe('campaign history retention', () => {
  it('is off unless configured, and refuses a retention shorter than a year of reports and a month', async () => {
    expect(loadEnv({}).ATTACH_DECISION_RETENTION_DAYS).toBeUndefined();
    expect(loadEnv({ ATTACH_DECISION_RETENTION_DAYS: '730' }).ATTACH_DECISION_RETENTION_DAYS).toBe(730);
    expect(EnvSchema.safeParse({ ATTACH_DECISION_RETENTION_DAYS: '365' }).success).toBe(false);
    const unset = { ...ctx.deps, config: { ...ctx.deps.config, decisionRetentionDays: undefined } };
    expect(await pruneCampaignHistory(unset)).toEqual({ decisions: 0, interactions: 0 });
    expect(await left()).toEqual({ decisions: 5, interactions: 10, other: 1 });
    // Nor do decide and ingestion pay for the indexes it walks until it is turned on.
    expect(await indexes()).toEqual([]);
  });

  it('stops before the first batch once the server is stopping', async () => {
    expect(await pruneCampaignHistory(ctx.deps, AbortSignal.abort())).toEqual({
      decisions: 0,
      interactions: 0,
    });
    expect(await left()).toEqual({ decisions: 5, interactions: 10, other: 1 });
  });

  it('prunes decisions and interactions past the retention; reports over the kept period read the same', async () => {
    const funnel = async () =>
      (
        await call(
          ctx,
          'GET',
          `/v1/admin/analytics/campaigns/${campaignId}/funnel?from=${ago(30).toISOString()}&to=${ctx.clock.now.toISOString()}`,
          { key: ws.secretKey },
        )
      ).body;
    const before = await funnel();
    expect(before).toMatchObject({ eligible: 2, shown: 2, clicked: 2 });

    // The campaign-tallies job has folded every row by then (its lag is minutes, the retention a year).
    await tallyCampaigns(ctx.deps);
    expect(await pruneCampaignHistory(ctx.deps)).toEqual({ decisions: 2, interactions: 4 });
    expect(await left()).toEqual({ decisions: 3, interactions: 6, other: 1 });
    expect(await indexes()).toEqual([
      'decisions_created_idx valid',
      'events_interactions_received_idx valid',
    ]);
    expect(await funnel()).toEqual(before);
    // The campaigns list's counts since created stay whole.
    const list = await call(ctx, 'GET', '/v1/admin/campaigns', { key: ws.secretKey });
    expect(list.body.data[0].stats).toMatchObject({ served: 5, shown: 5, clicked: 5 });
    // A second run finds nothing more.
    expect(await pruneCampaignHistory(ctx.deps)).toEqual({ decisions: 0, interactions: 0 });
  });

  it('tells the console how long campaign history is kept', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/settings/retention', { key: ws.secretKey });
    expect(res.body).toMatchObject({ campaignHistoryDays: 400, rawEventDays: null });
  });
});
