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

  it('deletes a campaign archived without ever going live (an abandoned draft tidied away)', async () => {
    const id = await draft('Abandoned');
    await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status: 'archived' } });
    const res = await remove(id, { 'if-match': '2' });
    expect(res.status).toBe(204);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(404);
    const revisions = await ctx.database.db
      .select()
      .from(campaignRevisions)
      .where(and(eq(campaignRevisions.workspaceId, ws.workspaceId), eq(campaignRevisions.campaignId, id)));
    expect(revisions).toEqual([]);
  });

  it.each([
    ['activated then archived', ['active', 'archived']],
    ['activated, paused, then archived', ['active', 'paused', 'archived']],
  ] as const)('answers 409 campaign_has_history for a campaign %s, though nothing else refers to it, and keeps it', async (_, steps) => {
    const id = await draft('Retired');
    for (const status of steps) {
      await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status } });
    }
    const res = await remove(id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'campaign_has_history',
      details: { status: 'archived', wentLive: true, history: [] },
    });
    expect(res.body.error.message).toMatch(/kept as the record/);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).status).toBe(200);
  });

  it('answers 409 campaign_has_history for a campaign created active and archived', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({ name: 'Live from the start', status: 'active' }),
    });
    const id = created.body.id as string;
    await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status: 'archived' } });
    const res = await remove(id);
    expect([res.status, res.body.error.code, res.body.error.details.wentLive]).toEqual([
      409,
      'campaign_has_history',
      true,
    ]);
  });

  it('answers 409 campaign_has_history for a never-live archived campaign something refers to', async () => {
    const id = await draft('Archived, referenced');
    await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status: 'archived' } });
    await HISTORY.events?.(id);
    const res = await remove(id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'campaign_has_history',
      details: { status: 'archived', wentLive: false, history: ['events'] },
    });
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

describe('deletable on the admin campaign object', () => {
  it('GET /v1/admin/campaigns and /campaigns/{id} › say deletable for exactly the campaigns DELETE removes', async () => {
    const other = await createWorkspace(ctx, { name: 'Deletable' });
    await seedProduct(ctx, other.workspaceId, { key: 'capacity' });
    const key = other.secretKey;
    const create = async (name: string, steps: Array<'active' | 'paused' | 'archived'> = []) => {
      const res = await call(ctx, 'POST', '/v1/admin/campaigns', { key, body: campaignInput({ name }) });
      for (const status of steps) {
        await call(ctx, 'POST', `/v1/admin/campaigns/${res.body.id}/status`, { key, body: { status } });
      }
      return res.body.id as string;
    };
    const referenced = async (name: string, insert: (id: string) => Promise<unknown>) => {
      const id = await create(name);
      await insert(id);
      return id;
    };
    const decided = (campaignId: string) =>
      ctx.database.db.insert(decisions).values({
        workspaceId: other.workspaceId,
        campaignId,
        campaignVersion: 1,
        accountId: 'acc_1',
        userId: 'u_1',
        outcome: 'served',
        channel: 'in_app',
        targetKind: 'product',
        targetKey: 'capacity',
        motion: 'upsell_capacity',
      });
    const shown = (campaignId: string) =>
      ctx.database.db.insert(events).values({
        workspaceId: other.workspaceId,
        id: crypto.randomUUID(),
        name: 'message.shown',
        ts: new Date(),
        source: 'widget',
        campaignId,
      });
    const expected: Record<string, boolean> = {
      [await create('Draft')]: true,
      [await create('Archived draft', ['archived'])]: true,
      [await create('Active', ['active'])]: false,
      [await create('Paused', ['active', 'paused'])]: false,
      [await create('Archived after live', ['active', 'archived'])]: false,
      [await referenced('Draft with a decision', decided)]: false,
      [await referenced('Draft with an event', shown)]: false,
    };
    const list = await call(ctx, 'GET', '/v1/admin/campaigns?limit=50', { key });
    expect(list.status).toBe(200);
    expect(
      Object.fromEntries(list.body.data.map((c: { id: string; deletable: boolean }) => [c.id, c.deletable])),
    ).toEqual(expected);
    for (const [id, deletable] of Object.entries(expected)) {
      const detail = await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key });
      expect([id, detail.body.deletable]).toEqual([id, deletable]);
      const res = await remove(id, {}, key);
      expect([id, res.status]).toEqual([id, deletable ? 204 : 409]);
    }
  });

  it('create, edit, status change and duplicate › answer with deletable as it now is', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk(), body: campaignInput() });
    expect(created.body.deletable).toBe(true);
    const id = created.body.id as string;
    const edited = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Edited' }),
    });
    expect(edited.body.deletable).toBe(true);
    const status = (to: string) =>
      call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status: to } });
    expect((await status('active')).body.deletable).toBe(false);
    expect((await status('archived')).body.deletable).toBe(false);
    const copy = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/duplicate`, { key: sk() });
    expect([copy.status, copy.body.status, copy.body.deletable]).toEqual([201, 'draft', true]);
    const abandoned = await draft('Abandoned');
    const archived = await call(ctx, 'POST', `/v1/admin/campaigns/${abandoned}/status`, {
      key: sk(),
      body: { status: 'archived' },
    });
    expect([archived.body.status, archived.body.deletable]).toEqual(['archived', true]);
  });
});
