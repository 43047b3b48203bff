import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import {
  accessRequests,
  accountCampaignDaily,
  campaignRevisions,
  decisions,
  events,
  leads,
  messageStates,
  purchases,
  trials,
} from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
const sk = () => ws.secretKey;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Deletes' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
});
afterAll(() => ctx.close());

async function draft(name = 'Draft'): Promise<string> {
  const res = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk(), body: campaignInput({ name }) });
  expect(res.status).toBe(201);
  return res.body.id;
}

const remove = (id: string, headers: Record<string, string> = {}, key = sk()) =>
  call(ctx, 'DELETE', `/v1/admin/campaigns/${id}`, { key, headers });

/** One row naming the campaign in each table that records a campaign's life after going live. */
const HISTORY: Record<string, (campaignId: string) => Promise<unknown>> = {
  decisions: (campaignId) =>
    ctx.database.db.insert(decisions).values({
      workspaceId: ws.workspaceId,
      campaignId,
      campaignVersion: 1,
      accountId: 'acc_1',
      userId: 'u_1',
      outcome: 'served',
      channel: 'in_app',
      targetKind: 'product',
      targetKey: 'capacity',
      motion: 'upsell_capacity',
    }),
  events: (campaignId) =>
    ctx.database.db.insert(events).values({
      workspaceId: ws.workspaceId,
      id: crypto.randomUUID(),
      name: 'message.shown',
      ts: new Date(),
      source: 'widget',
      campaignId,
    }),
  message_states: (campaignId) =>
    ctx.database.db
      .insert(messageStates)
      .values({ workspaceId: ws.workspaceId, userId: 'u_1', campaignId, accountId: 'acc_1' }),
  account_campaign_daily: (campaignId) =>
    ctx.database.db
      .insert(accountCampaignDaily)
      .values({ workspaceId: ws.workspaceId, accountId: 'acc_1', campaignId, day: '2026-01-01' }),
  trials: (campaignId) =>
    ctx.database.db.insert(trials).values({
      workspaceId: ws.workspaceId,
      accountId: `acc_${campaignId}`,
      userId: 'u_1',
      productKey: 'capacity',
      entitlementId: crypto.randomUUID(),
      campaignId,
      status: 'active',
      plan: {},
      endsAt: new Date(),
    }),
  purchases: (campaignId) =>
    ctx.database.db.insert(purchases).values({
      workspaceId: ws.workspaceId,
      idempotencyKey: campaignId,
      requestHash: 'h',
      accountId: `acc_${campaignId}`,
      userId: 'u_1',
      productKey: 'capacity',
      campaignId,
      offer: {},
      amount: 100,
      currency: 'USD',
      interval: 'month',
      status: 'failed',
    }),
  access_requests: (campaignId) =>
    ctx.database.db.insert(accessRequests).values({
      workspaceId: ws.workspaceId,
      accountId: 'acc_1',
      userId: `u_${campaignId}`,
      productKey: 'capacity',
      campaignId,
    }),
  leads: (campaignId) =>
    ctx.database.db.insert(leads).values({
      workspaceId: ws.workspaceId,
      accountId: 'acc_1',
      campaignId,
      productKey: 'capacity',
      channel: 'csm',
      context: {},
    }),
};

describe('DELETE /v1/admin/campaigns/{id}', () => {
  it('deletes a never-live draft with its change history (204), bumping the config version', async () => {
    const id = await draft();
    await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Renamed' }),
    });
    const before = (await findWorkspaceById(ctx.database.db, ws.workspaceId))?.configVersion ?? 0;
    const res = await remove(id, { 'if-match': '2' });
    expect(res.status).toBe(204);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(404);
    const revisions = await ctx.database.db
      .select()
      .from(campaignRevisions)
      .where(and(eq(campaignRevisions.workspaceId, ws.workspaceId), eq(campaignRevisions.campaignId, id)));
    expect(revisions).toEqual([]);
    expect((await findWorkspaceById(ctx.database.db, ws.workspaceId))?.configVersion).toBe(before + 1);
    expect((await remove(id)).status).toBe(404);
  });

  it.each([
    'active',
    'paused',
  ] as const)('answers 409 campaign_has_history for a %s campaign, saying to archive it, and keeps it', async (status) => {
    const id = await activeCampaign(ctx, sk(), campaignInput({ name: status }));
    await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status } });
    const res = await remove(id);
    expect([res.status, res.body.error.code]).toEqual([409, 'campaign_has_history']);
    expect(res.body.error.message).toMatch(/archive it instead/);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(200);
  });

  it('answers 409 conflict for an archived campaign: it is kept as the record', async () => {
    const id = await activeCampaign(ctx, sk(), campaignInput({ name: 'Retired' }));
    await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status: 'archived' } });
    const res = await remove(id);
    expect([res.status, res.body.error.code]).toEqual([409, 'conflict']);
    expect(res.body.error.message).toMatch(/only drafts can be deleted/);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(200);
  });

  it.each(
    Object.keys(HISTORY),
  )('answers 409 campaign_has_history for a draft that %s refers to, naming the table', async (table) => {
    const id = await draft(`Referenced by ${table}`);
    await HISTORY[table]?.(id);
    const res = await remove(id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'campaign_has_history',
      details: { status: 'draft', history: [table] },
    });
    const kept = await call(ctx, 'GET', `/v1/admin/campaigns/${id}/revisions`, { key: sk() });
    expect(kept.body.data).toHaveLength(1);
  });

  it('answers 409 conflict with the current version for a stale If-Match, and deletes nothing', async () => {
    const id = await draft();
    await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Moved on' }),
    });
    const res = await remove(id, { 'if-match': '1' });
    expect([res.status, res.body.error.code, res.body.error.details]).toEqual([
      409,
      'conflict',
      { version: 2 },
    ]);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).body.name).toBe('Moved on');
  });

  it('answers 404 to another workspace’s key and leaves the draft in place', async () => {
    const id = await draft();
    const other = await createWorkspace(ctx, { name: 'Other' });
    const res = await remove(id, {}, other.secretKey);
    expect([res.status, res.body.error.code]).toEqual([404, 'campaign_not_found']);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(200);
  });
});
