import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlements, leads, outbox, purchases as purchases_ } from '../../../server/db/schema/index.ts';
import { createLead } from '../../../server/services/leads.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';

let ctx: TestContext;
let creds: WorkspaceCredentials;
let ws: string;
let campaignId: string;
let n = 0;

beforeAll(async () => {
  ctx = await createTestApp();
  creds = await createWorkspace(ctx);
  ws = creds.workspaceId;
  await seedProducts(ctx, ws, [{ key: 'reports', amount: 4_900 }]);
  campaignId = await seedCampaign(ctx, ws, 'reports');
});
afterAll(() => ctx.close());

async function bought() {
  const accountId = `acc_${++n}`;
  const userId = `${accountId}_u`;
  await seedAccount(ctx, ws, accountId, {}, [{ id: userId, role: 'billing' }]);
  const { decisionId, offer } = await seedDecision(ctx, ws, {
    campaignId,
    accountId,
    userId,
    productKey: 'reports',
  });
  const token = await signUserToken(creds.identitySecret, {
    sub: userId,
    account: accountId,
    role: 'billing',
  });
  const body = { decisionId, productKey: 'reports', offerVersion: offer.version };
  const res = await call(ctx, 'POST', '/v1/purchases', {
    key: creds.publishableKey,
    token,
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(res.status).toBe(201);
  return { accountId, userId, token, body, purchase: res.body };
}

const types = async () =>
  (await ctx.database.db.select().from(outbox).where(eq(outbox.workspaceId, ws))).map((r) => r.eventType);

describe('admin purchases', () => {
  it('POST /v1/admin/purchases/{id}/fulfil completes the purchase once and emits purchase.fulfilled', async () => {
    const b = await bought();
    const first = await call(ctx, 'POST', `/v1/admin/purchases/${b.purchase.id}/fulfil`, {
      key: creds.secretKey,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'completed', accountId: b.accountId });
    const again = await call(ctx, 'POST', `/v1/admin/purchases/${b.purchase.id}/fulfil`, {
      key: creds.secretKey,
    });
    expect(again.body.fulfilledAt).toBe(first.body.fulfilledAt);
    expect((await types()).filter((t) => t === 'purchase.fulfilled')).toHaveLength(1);
    const fail = await call(ctx, 'POST', `/v1/admin/purchases/${b.purchase.id}/fail`, {
      key: creds.secretKey,
      body: { reason: 'card declined' },
    });
    expect(fail.status).toBe(409);
  });

  it('GET /v1/admin/entitlements pages through every entitlement by account and product', async () => {
    const ids = ['page-a', 'page-b', 'page-c'];
    const core = await call(ctx, 'POST', '/v1/admin/products', {
      key: creds.secretKey,
      body: {
        key: 'core',
        name: 'Core',
        role: 'anchor',
        price: { amount: 9_900, currency: 'USD', interval: 'month' },
      },
    });
    expect(core.status).toBe(201);
    await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: creds.secretKey,
      body: { items: ids.map((id) => ({ id })) },
    });
    const synced = await call(ctx, 'POST', '/v1/admin/ownership/batch', {
      key: creds.secretKey,
      body: {
        items: ids.flatMap((accountId) => [
          { accountId, productKey: 'core', status: 'active' },
          { accountId, productKey: 'reports', status: 'active' },
        ]),
      },
    });
    expect(synced.body).toMatchObject({ received: 6 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(
        ctx,
        'GET',
        `/v1/admin/entitlements?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key: creds.secretKey },
      );
      expect(res.status).toBe(200);
      expect(res.body.entitlements.length).toBeLessThanOrEqual(4);
      for (const e of res.body.entitlements) seen.push(`${e.accountId}/${e.productKey}`);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const mine = seen.filter((k) => k.startsWith('page-'));
    expect(mine).toEqual(ids.flatMap((a) => [`${a}/core`, `${a}/reports`]));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await call(ctx, 'GET', '/v1/admin/entitlements?cursor=nonsense', { key: creds.secretKey });
    expect(bad.status).toBe(400);
    expect(
      (await call(ctx, 'GET', '/v1/admin/entitlements?limit=201', { key: creds.secretKey })).status,
    ).toBe(400);
  });

  it('GET /v1/admin/purchases/{id} reads one purchase as it is now; another workspace gets 404', async () => {
    const b = await bought();
    const one = await call(ctx, 'GET', `/v1/admin/purchases/${b.purchase.id}`, { key: creds.secretKey });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: b.purchase.id, status: 'pending', accountId: b.accountId });
    await call(ctx, 'POST', `/v1/admin/purchases/${b.purchase.id}/fulfil`, { key: creds.secretKey });
    const after = await call(ctx, 'GET', `/v1/admin/purchases/${b.purchase.id}`, { key: creds.secretKey });
    expect(after.body.status).toBe('completed');
    const other = await createWorkspace(ctx, { name: 'Someone else' });
    const foreign = await call(ctx, 'GET', `/v1/admin/purchases/${b.purchase.id}`, { key: other.secretKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
  });

  it('POST /v1/admin/purchases/{id}/fail revokes the entitlement and lets the account buy again', async () => {
    const b = await bought();
    const res = await call(ctx, 'POST', `/v1/admin/purchases/${b.purchase.id}/fail`, {
      key: creds.secretKey,
      body: { reason: 'card declined' },
    });
    expect(res.body).toMatchObject({ status: 'failed', failureReason: 'card declined' });
    const ents = await call(ctx, 'GET', `/v1/admin/entitlements?account=${b.accountId}`, {
      key: creds.secretKey,
    });
    expect(ents.body.entitlements).toEqual([
      expect.objectContaining({ id: b.purchase.entitlementId, status: 'revoked' }),
    ]);
    ctx.clock.advance(60_000);
    const retry = await call(ctx, 'POST', '/v1/purchases', {
      key: creds.publishableKey,
      token: b.token,
      body: b.body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(retry.status).toBe(201);
    expect(retry.body.entitlementId).toBe(b.purchase.entitlementId);
    const [ent] = await ctx.database.db
      .select()
      .from(entitlements)
      .where(and(eq(entitlements.workspaceId, ws), eq(entitlements.accountId, b.accountId)));
    expect(ent?.status).toBe('active');
    const list = await call(ctx, 'GET', `/v1/admin/purchases?account=${b.accountId}`, {
      key: creds.secretKey,
    });
    expect(list.body.purchases.map((p: { status: string }) => p.status)).toEqual(['pending', 'failed']);
  });
});

describe('access requests and leads', () => {
  it('POST /v1/requests opens one request per user and product and notifies by request.created', async () => {
    const accountId = `acc_${++n}`;
    await seedAccount(ctx, ws, accountId, {}, [{ id: 'm1', role: 'member' }]);
    const token = await signUserToken(creds.identitySecret, {
      sub: 'm1',
      account: accountId,
      role: 'member',
    });
    const ask = () =>
      call(ctx, 'POST', '/v1/requests', {
        key: creds.publishableKey,
        token,
        body: { productKey: 'reports', note: 'for Q3 reporting' },
      });
    const first = await ask();
    expect(first.status).toBe(201);
    const second = await ask();
    expect([second.status, second.body.id]).toEqual([200, first.body.id]);
    expect((await types()).filter((t) => t === 'request.created')).toHaveLength(1);
    const unknown = await call(ctx, 'POST', '/v1/requests', {
      key: creds.publishableKey,
      token,
      body: { productKey: 'nope' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_product']);
    const list = await call(ctx, 'GET', `/v1/admin/requests?status=open&account=${accountId}`, {
      key: creds.secretKey,
    });
    expect(list.body.requests).toEqual([
      expect.objectContaining({ id: first.body.id, userId: 'm1', note: 'for Q3 reporting' }),
    ]);
    const approved = await call(ctx, 'PATCH', `/v1/admin/requests/${first.body.id}`, {
      key: creds.secretKey,
      body: { status: 'approved' },
    });
    expect(approved.body.status).toBe('approved');
    expect((await ask()).status).toBe(201);
  });

  it('GET /v1/admin/leads lists routed leads with their context; PATCH moves them along', async () => {
    await ctx.database.db.transaction((tx) =>
      createLead(tx, ws, {
        accountId: 'big_co',
        campaignId,
        decisionId: randomUUID(),
        productKey: 'reports',
        channel: 'csm',
        context: { account: { seats: 400 }, firedTriggers: ['usage.limit'], affinity: null },
      }),
    );
    const list = await call(ctx, 'GET', '/v1/admin/leads?account=big_co', { key: creds.secretKey });
    expect(list.body.leads).toEqual([
      expect.objectContaining({
        channel: 'csm',
        status: 'open',
        context: expect.objectContaining({ firedTriggers: ['usage.limit'] }),
      }),
    ]);
    const moved = await call(ctx, 'PATCH', `/v1/admin/leads/${list.body.leads[0].id}`, {
      key: creds.secretKey,
      body: { status: 'contacted' },
    });
    expect(moved.body.status).toBe('contacted');
  });
});

describe('audit log of settling purchases, requests and leads by hand', () => {
  const entriesOf = async (type: string, id: string) => {
    const res = await call(ctx, 'GET', `/v1/admin/audit-log?targetType=${type}&targetId=${id}`, {
      key: creds.secretKey,
    });
    expect(res.status).toBe(200);
    return res.body.data as Array<{ action: string; actor: string; changes: unknown[]; details: unknown }>;
  };

  it('records a fulfilment or failure once, however often it is repeated, and a refused one not at all', async () => {
    const kept = await bought();
    const lost = await bought();
    for (let i = 0; i < 2; i++) {
      await call(ctx, 'POST', `/v1/admin/purchases/${kept.purchase.id}/fulfil`, { key: creds.secretKey });
      await call(ctx, 'POST', `/v1/admin/purchases/${lost.purchase.id}/fail`, {
        key: creds.secretKey,
        body: { reason: 'card declined' },
      });
    }
    const refused = await call(ctx, 'POST', `/v1/admin/purchases/${kept.purchase.id}/fail`, {
      key: creds.secretKey,
      body: { reason: 'too late' },
    });
    expect(refused.status).toBe(409);

    expect(await entriesOf('purchase', kept.purchase.id)).toEqual([
      expect.objectContaining({
        action: 'purchase.fulfilled',
        actor: 'api',
        details: { accountId: kept.accountId },
      }),
    ]);
    expect(await entriesOf('purchase', lost.purchase.id)).toEqual([
      expect.objectContaining({
        action: 'purchase.failed',
        details: { accountId: lost.accountId, reason: 'card declined', revoked: ['reports'] },
      }),
    ]);
  });

  it('records a request’s decision and each move of a lead, not a move to where it already is', async () => {
    const accountId = `acc_${++n}`;
    await seedAccount(ctx, ws, accountId, {}, [{ id: `${accountId}_m`, role: 'member' }]);
    const token = await signUserToken(creds.identitySecret, {
      sub: `${accountId}_m`,
      account: accountId,
      role: 'member',
    });
    const asked = await call(ctx, 'POST', '/v1/requests', {
      key: creds.publishableKey,
      token,
      body: { productKey: 'reports' },
    });
    expect(asked.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      await call(ctx, 'PATCH', `/v1/admin/requests/${asked.body.id}`, {
        key: creds.secretKey,
        body: { status: 'declined' },
      });
    }
    expect(await entriesOf('access_request', asked.body.id)).toEqual([
      expect.objectContaining({
        action: 'access_request.declined',
        details: { accountId, userId: `${accountId}_m` },
      }),
    ]);

    const { lead } = await ctx.database.db.transaction((tx) =>
      createLead(tx, ws, {
        accountId,
        campaignId,
        decisionId: randomUUID(),
        productKey: 'reports',
        channel: 'sales',
        context: { account: {}, firedTriggers: [], affinity: null },
      }),
    );
    const id = lead?.id ?? '';
    for (const status of ['contacted', 'contacted', 'won']) {
      const moved = await call(ctx, 'PATCH', `/v1/admin/leads/${id}`, {
        key: creds.secretKey,
        body: { status },
      });
      expect(moved.status).toBe(200);
    }
    const moves = await entriesOf('lead', id);
    expect(moves.map((e) => [e.action, e.changes])).toEqual([
      ['lead.status_changed', [{ field: 'status', from: 'contacted', to: 'won' }]],
      ['lead.status_changed', [{ field: 'status', from: 'open', to: 'contacted' }]],
    ]);
  });
});

describe('newest-first lists page through rows created in the same millisecond', () => {
  // PostgreSQL keeps microseconds; a page boundary inside one millisecond must not skip or repeat rows.
  const sameMillisecond = ['00.123400', '00.123400', '00.123450', '00.123999'];
  const squeeze = (table: 'purchases' | 'leads', ids: string[]) =>
    Promise.all(
      ids.map((id, i) =>
        ctx.database.db.execute(
          sql`update ${sql.identifier(table)} set created_at = ${`2026-01-01T00:00:${sameMillisecond[i]}Z`}::timestamptz
              where workspace_id = ${ws} and id = ${id}::uuid`,
        ),
      ),
    );

  async function pageThrough(path: string, field: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await call(ctx, 'GET', `${path}?limit=1${query}`, { key: creds.secretKey });
      expect(res.status).toBe(200);
      for (const row of res.body[field]) seen.push(row.id);
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 500);
    return seen;
  }

  it('GET /v1/admin/purchases and /v1/admin/leads', async () => {
    const purchases = await Promise.all([bought(), bought(), bought(), bought()]);
    await squeeze(
      'purchases',
      purchases.map((p) => p.purchase.id),
    );
    const leadIds: string[] = [];
    for (const _ of sameMillisecond) {
      const { lead } = await ctx.database.db.transaction((tx) =>
        createLead(tx, ws, {
          accountId: 'tie_co',
          campaignId,
          decisionId: randomUUID(),
          productKey: 'reports',
          channel: 'sales',
          context: { account: {}, firedTriggers: [], affinity: null },
        }),
      );
      if (lead) leadIds.push(lead.id);
    }
    await squeeze('leads', leadIds);

    for (const [table, path, field] of [
      [purchases_, '/v1/admin/purchases', 'purchases'],
      [leads, '/v1/admin/leads', 'leads'],
    ] as const) {
      const all = (
        await ctx.database.db.select({ id: table.id }).from(table).where(eq(table.workspaceId, ws))
      ).map((r) => r.id);
      const seen = await pageThrough(path, field);
      expect(seen.length).toBe(all.length);
      expect(new Set(seen)).toEqual(new Set(all));
    }
    const tail = (await pageThrough('/v1/admin/purchases', 'purchases')).slice(-4);
    // The squeezed rows are the oldest (2026-01-01), so they close the list.
    expect(new Set(tail)).toEqual(new Set(purchases.map((p) => p.purchase.id)));
  });

  it('a cursor that is not one the list returned is a 400', async () => {
    for (const cursor of [
      '2026-01-01T00:00:00.000Z',
      'nonsense',
      Buffer.from('t:2026|x').toString('base64url'),
    ]) {
      const res = await call(ctx, 'GET', `/v1/admin/purchases?cursor=${encodeURIComponent(cursor)}`, {
        key: creds.secretKey,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it("a cursor from another list is a 400, not a page of this one from the other's position", async () => {
    await Promise.all([bought(), bought()]);
    const first = await call(ctx, 'GET', '/v1/admin/purchases?limit=1', { key: creds.secretKey });
    const cursor = encodeURIComponent(first.body.nextCursor);
    expect(
      (await call(ctx, 'GET', `/v1/admin/purchases?cursor=${cursor}`, { key: creds.secretKey })).status,
    ).toBe(200);
    for (const path of [
      '/v1/admin/leads',
      '/v1/admin/trials',
      '/v1/admin/requests',
      '/v1/admin/webhooks/deliveries',
    ]) {
      const res = await call(ctx, 'GET', `${path}?cursor=${cursor}`, { key: creds.secretKey });
      expect(res.status, path).toBe(400);
      expect(res.body.error.message).toBe('query.cursor: not a cursor returned by this endpoint');
    }
  });
});
