import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, events } from '../../../server/db/schema/index.ts';
import { TALLY_LAG_MS, tallyCampaigns } from '../../../server/services/campaign-tallies.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedProducts } from '../../support/money-builders.ts';

/**
 * The campaigns list's counts since created: the campaign-tallies job folds decisions and message
 * interactions older than its lag into per-account tallies, and the list adds what came since. The
 * list reads the same whether rows are tallied or not, however often the job runs, and at once.
 */
const MINUTE = 60_000;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
const ago = (minutes: number) => new Date(ctx.clock.now.getTime() - minutes * MINUTE);

async function decided(accountId: string, outcome: 'served' | 'held_out' | 'capped', minutesAgo: number) {
  await ctx.database.db.insert(decisions).values({
    workspaceId: ws.workspaceId,
    id: randomUUID(),
    campaignId,
    campaignVersion: 1,
    accountId,
    userId: `${accountId}_u`,
    outcome,
    holdout: outcome === 'held_out',
    channel: 'in_app',
    targetKind: 'product',
    targetKey: 'reports',
    motion: 'upsell_addon',
    createdAt: ago(minutesAgo),
  });
}

async function interacted(name: string, accountId: string | null, minutesAgo: number) {
  await ctx.database.db.insert(events).values({
    workspaceId: ws.workspaceId,
    id: randomUUID(),
    name,
    accountId,
    userId: accountId ? `${accountId}_u` : null,
    ts: ago(minutesAgo),
    receivedAt: ago(minutesAgo),
    source: 'widget',
    campaignId,
  });
}

async function listStats() {
  const res = await call(ctx, 'GET', '/v1/admin/campaigns', { key: ws.secretKey });
  expect(res.status).toBe(200);
  const {
    conversionRate: _,
    conversions: __,
    ...counts
  } = res.body.data.find((c: { id: string }) => c.id === campaignId).stats;
  return counts;
}

const tallied = async () =>
  ctx.database.rows<{ account: string; served: number; shown: number }>(sql`
    select account_id as account, served, shown from campaign_tallies
    where workspace_id = ${ws.workspaceId} order by account_id`);

/**
 * Two runs at once. On PostgreSQL both start while a transaction holds the workspace's mark, and
 * are let go together, so each would fold the same rows were they not to wait for each other.
 */
async function atOnce<T>(run: () => Promise<T>): Promise<T[]> {
  if (ctx.database.kind !== 'postgres') return Promise.all([run(), run()]);
  const { both } = await ctx.database.db.transaction(async (tx) => {
    await ctx.database.rows(
      sql`select 1 from campaign_tally_marks where workspace_id = ${ws.workspaceId} for update`,
      tx,
    );
    const started = Promise.all([run(), run()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { both: started };
  });
  return both;
}

const markTest = (account: string, test: boolean) =>
  call(ctx, 'PATCH', `/v1/admin/accounts/${account}`, { key: ws.secretKey, body: { test } });

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Campaign tallies' });
  await seedProducts(ctx, ws.workspaceId, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws.workspaceId, 'reports', { motion: 'upsell_addon' });
  for (const id of ['a1', 'a2', 'a3', 'qa']) await seedAccount(ctx, ws.workspaceId, id);
  // Weeks, days and minutes old; a capped decision (never counted); an interaction naming no
  // account; and the team's own test account, left out of every count.
  await decided('a1', 'served', 20 * 24 * 60);
  await interacted('message.shown', 'a1', 20 * 24 * 60);
  await interacted('message.clicked', 'a1', 20 * 24 * 60);
  await decided('a2', 'held_out', 5 * 24 * 60);
  await decided('a2', 'capped', 5 * 24 * 60);
  await interacted('message.shown', null, 24 * 60);
  await decided('qa', 'served', 3 * 24 * 60);
  await interacted('message.shown', 'qa', 3 * 24 * 60);
  await decided('a3', 'served', 1);
  await interacted('message.shown', 'a3', 1);
  await interacted('message.dismissed', 'a3', 1);
  expect((await markTest('qa', true)).status).toBe(200);
});
afterAll(() => ctx.close());

const EXPECTED = { served: 2, heldOut: 1, shown: 3, clicked: 1, dismissed: 1 };

describe('campaign tallies', () => {
  it('reads the same counts once the history is folded, leaving the last minutes to count live', async () => {
    expect(await listStats()).toEqual(EXPECTED);

    expect(await tallyCampaigns(ctx.deps)).toEqual({ workspaces: 1, tallies: 4 });
    expect(await tallied()).toEqual([
      { account: '', served: 0, shown: 1 },
      { account: 'a1', served: 1, shown: 1 },
      { account: 'a2', served: 0, shown: 0 },
      { account: 'qa', served: 1, shown: 1 },
    ]);
    const [mark] = await ctx.database.rows<{ through: Date }>(sql`
      select through from campaign_tally_marks where workspace_id = ${ws.workspaceId}`);
    expect(new Date(String(mark?.through)).getTime()).toBe(ctx.clock.now.getTime() - TALLY_LAG_MS);
    expect(await listStats()).toEqual(EXPECTED);
  });

  it('folds each row once, however often it runs', async () => {
    expect(await tallyCampaigns(ctx.deps)).toEqual({ workspaces: 1, tallies: 0 });
    ctx.clock.advance(TALLY_LAG_MS);
    expect(await tallyCampaigns(ctx.deps)).toEqual({ workspaces: 1, tallies: 1 });
    expect((await tallied()).find((t) => t.account === 'a3')).toEqual({ account: 'a3', served: 1, shown: 1 });
    expect(await listStats()).toEqual(EXPECTED);
    await decided('a3', 'served', 0);
    expect(await listStats()).toEqual({ ...EXPECTED, served: 3 });
  });

  it('folds each row once when instances run it at the same moment', async () => {
    ctx.clock.advance(2 * TALLY_LAG_MS);
    await interacted('message.clicked', 'a3', TALLY_LAG_MS / MINUTE + 1);
    const runs = await atOnce(() => tallyCampaigns(ctx.deps));
    expect(runs.map((r) => r.tallies).sort()).toEqual([0, 1]);
    expect((await tallied()).find((t) => t.account === 'a3')).toEqual({ account: 'a3', served: 2, shown: 1 });
    expect(await listStats()).toEqual({ ...EXPECTED, served: 3, clicked: 2 });
  });

  it('leaves a test account out of tallied counts for as long as it is marked', async () => {
    expect((await markTest('qa', false)).status).toBe(200);
    expect(await listStats()).toEqual({ ...EXPECTED, served: 4, shown: 4, clicked: 2 });
    expect((await markTest('qa', true)).status).toBe(200);
    expect(await listStats()).toEqual({ ...EXPECTED, served: 3, clicked: 2 });
  });
});
