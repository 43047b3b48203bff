import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCampaignDaily,
  accountDailyPrompts,
  messageStates,
  userDailyPrompts,
} from '../../../server/db/schema/index.ts';
import { createLead } from '../../../server/services/leads.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';

let ctx: TestContext;
let a: WorkspaceCredentials;
let b: WorkspaceCredentials;
const campaignId = randomUUID();

/** One account with two users, ownership, usage, events and serving state, as decide leaves it. */
async function seed(ws: WorkspaceCredentials, account: string) {
  const post = (path: string, items: unknown[]) =>
    call(ctx, 'POST', `/v1/admin/${path}`, { key: ws.secretKey, body: { items } });
  await post('accounts/batch', [{ id: account, name: `${account} Inc` }]);
  await post('users/batch', [
    { id: `${account}_u1`, accountId: account, email: 'one@example.com' },
    { id: `${account}_u2`, accountId: account },
  ]);
  await post('ownership/batch', [{ accountId: account, productKey: 'core', status: 'active' }]);
  await post('usage/batch', [{ accountId: account, metric: 'seats', value: 4, limit: 5 }]);
  for (const sub of [`${account}_u1`, `${account}_u2`]) {
    const token = await signUserToken(ws.identitySecret, { sub, account });
    const res = await call(ctx, 'POST', '/v1/events', {
      key: ws.publishableKey,
      token,
      body: {
        events: [{ id: randomUUID(), name: 'report.created', ts: ctx.clock.now.toISOString(), props: {} }],
      },
    });
    expect(res.status).toBe(202);
  }
  const db = ctx.database.db;
  await db.insert(messageStates).values({
    workspaceId: ws.workspaceId,
    userId: `${account}_u1`,
    campaignId,
    accountId: account,
    impressions: 1,
  });
  await db
    .insert(userDailyPrompts)
    .values({ workspaceId: ws.workspaceId, userId: `${account}_u1`, day: '2026-12-01', count: 1 });
  await db
    .insert(accountDailyPrompts)
    .values({ workspaceId: ws.workspaceId, accountId: account, day: '2026-12-01', count: 1 });
  await db
    .insert(accountCampaignDaily)
    .values({ workspaceId: ws.workspaceId, accountId: account, campaignId, day: '2026-12-01', count: 1 });
  await db.transaction((tx) =>
    createLead(tx, ws.workspaceId, {
      accountId: account,
      campaignId,
      decisionId: randomUUID(),
      productKey: 'core',
      channel: 'sales',
      context: { account: { name: `${account} Inc`, seats: 4 }, firedTriggers: [], affinity: null },
    }),
  );
}

beforeAll(async () => {
  ctx = await createTestApp();
  a = await createWorkspace(ctx, { name: 'Erasing' });
  b = await createWorkspace(ctx, { name: 'Bystander' });
  for (const ws of [a, b]) {
    await call(ctx, 'POST', '/v1/admin/products', { key: ws.secretKey, body: productBody('core') });
    await seed(ws, 'acc_gone');
  }
  await seed(a, 'acc_stays');
});
afterAll(() => ctx.close());

const TABLES = [
  'users',
  'entitlements',
  'usage_metrics',
  'events',
  'event_counters',
  'message_states',
  'account_daily_prompts',
  'account_campaign_daily',
] as const;
const rowsOf = async (table: string, ws: string, account: string) =>
  (
    await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${ws} and account_id = ${account}`,
    )
  )[0]?.n;
const prompts = async (ws: string, user: string) =>
  (
    await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from user_daily_prompts where workspace_id = ${ws} and user_id = ${user}`,
    )
  )[0]?.n;

describe('DELETE /v1/admin/accounts/{id}', () => {
  it('erases the account and everything about it and its people; other accounts and workspaces keep theirs', async () => {
    const res = await call(ctx, 'DELETE', '/v1/admin/accounts/acc_gone', { key: a.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'acc_gone',
      erased: {
        users: 2,
        entitlements: 1,
        usageMetrics: 1,
        events: 2,
        eventCounters: 3,
        messageStates: 1,
        dailyPrompts: 3,
        leadsScrubbed: 1,
      },
    });
    for (const table of TABLES) {
      expect(await rowsOf(table, a.workspaceId, 'acc_gone'), table).toBe(0);
      expect(await rowsOf(table, a.workspaceId, 'acc_stays'), table).toBeGreaterThan(0);
      expect(await rowsOf(table, b.workspaceId, 'acc_gone'), table).toBeGreaterThan(0);
    }
    expect(await prompts(a.workspaceId, 'acc_gone_u1')).toBe(0);
    expect(await prompts(b.workspaceId, 'acc_gone_u1')).toBe(1);
    expect((await call(ctx, 'GET', '/v1/admin/accounts/acc_gone', { key: a.secretKey })).status).toBe(404);
    // The lead stays for the sales record, without the company facts it copied.
    const leads = await call(ctx, 'GET', '/v1/admin/leads?account=acc_gone', { key: a.secretKey });
    expect(leads.body.leads).toHaveLength(1);
    expect(leads.body.leads[0].context.account).toEqual({});
    const kept = await call(ctx, 'GET', '/v1/admin/leads?account=acc_gone', { key: b.secretKey });
    expect(kept.body.leads[0].context.account).toEqual({ name: 'acc_gone Inc', seats: 4 });
  });

  it('answers 404 for an account it does not have (another workspace’s included) and erases nothing', async () => {
    const again = await call(ctx, 'DELETE', '/v1/admin/accounts/acc_gone', { key: a.secretKey });
    expect(again.status).toBe(404);
    const elsewhere = await call(ctx, 'DELETE', '/v1/admin/accounts/acc_stays', { key: b.secretKey });
    expect(elsewhere.status).toBe(404);
    expect(await rowsOf('users', a.workspaceId, 'acc_stays')).toBe(2);
  });
});
