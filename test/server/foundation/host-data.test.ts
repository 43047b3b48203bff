import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, users } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';

let ctx: TestContext;
let sk: string;
let ws: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const creds = await createWorkspace(ctx, { name: 'Host data' });
  sk = creds.secretKey;
  ws = creds.workspaceId;
  for (const key of ['core', 'reports', 'alerts']) {
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) });
  }
});
afterAll(() => ctx.close());

const batch = (kind: string, items: unknown[]) =>
  call(ctx, 'POST', `/v1/admin/${kind}/batch`, { key: sk, body: { items } });
const account = async (id: string) => (await call(ctx, 'GET', `/v1/admin/accounts/${id}`, { key: sk })).body;
const countAccounts = async (prefix: string) =>
  (await ctx.database.db.select().from(accounts).where(eq(accounts.workspaceId, ws))).filter((a) =>
    a.id.startsWith(prefix),
  ).length;

describe('POST /v1/admin/accounts/batch', () => {
  it('creates accounts, then updates only the named fields, merges attributes and clears nulls', async () => {
    const first = await batch('accounts', [
      {
        id: 'acc_1',
        name: 'Globex',
        segment: 'smb',
        seats: 12,
        mrr: 9900,
        attributes: { region: 'eu', tier: 1 },
      },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 1, created: 1, updated: 0 });
    const second = await batch('accounts', [
      { id: 'acc_1', seats: 40, segment: null, attributes: { tier: 2 } },
    ]);
    expect(second.body).toEqual({ received: 1, created: 0, updated: 1 });
    expect(await account('acc_1')).toMatchObject({
      name: 'Globex',
      seats: 40,
      mrr: 9900,
      segment: null,
      attributes: { region: 'eu', tier: 2 },
    });
  });

  it('one record named twice in a batch: later fields win', async () => {
    const res = await batch('accounts', [
      { id: 'dup', name: 'First', seats: 3 },
      { id: 'dup', name: 'Second' },
    ]);
    expect(res.body).toEqual({ received: 2, created: 1, updated: 0 });
    expect(await account('dup')).toMatchObject({ name: 'Second', seats: 3 });
  });

  it('accepts 1,000 items in one call', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      id: `bulk_${String(i).padStart(4, '0')}`,
      seats: i,
    }));
    const res = await batch('accounts', items);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1000);
    expect(await countAccounts('bulk_')).toBe(1000);
  });

  it('refuses 1,001 items with validation_failed', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ id: `over_${i}` }));
    const res = await batch('accounts', items);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(await countAccounts('over_')).toBe(0);
  });

  it('one invalid item writes nothing and names its index and field', async () => {
    const items = [
      { id: 'ok_1' },
      { id: 'ok_2' },
      { id: 'bad_3', seats: 'many' },
      { id: 'ok_4', healthScore: 101 },
    ];
    const res = await batch('accounts', items);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('batch_item_invalid');
    expect(res.body.error.details.items).toEqual([
      expect.objectContaining({ index: 2, path: ['seats'] }),
      expect.objectContaining({ index: 3, path: ['healthScore'] }),
    ]);
    expect(res.body.error.message).toContain('items[2].seats');
    expect(await countAccounts('ok_')).toBe(0);
  });
});

describe('POST /v1/admin/users/batch', () => {
  it('upserts users of existing accounts', async () => {
    await batch('accounts', [{ id: 'acc_u' }]);
    const res = await batch('users', [
      { id: 'u_1', accountId: 'acc_u', role: 'admin', email: 'a@example.com' },
      { id: 'u_2', accountId: 'acc_u' },
    ]);
    expect(res.body).toEqual({ received: 2, created: 2, updated: 0 });
    const [row] = await ctx.database.db
      .select()
      .from(users)
      .where(and(eq(users.workspaceId, ws), eq(users.id, 'u_2')));
    expect(row?.role).toBe('member');
    const list = await call(ctx, 'GET', '/v1/admin/users?account=acc_u', { key: sk });
    expect(list.body.data.map((u: { id: string }) => u.id)).toEqual(['u_1', 'u_2']);
  });

  it('an unknown account fails the whole batch with the item index', async () => {
    const res = await batch('users', [
      { id: 'u_ok', accountId: 'acc_u' },
      { id: 'u_orphan', accountId: 'acc_missing' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.items).toEqual([
      expect.objectContaining({ index: 1, path: ['accountId'] }),
    ]);
    const list = await call(ctx, 'GET', '/v1/admin/users?account=acc_u', { key: sk });
    expect(list.body.data.map((u: { id: string }) => u.id)).not.toContain('u_ok');
  });
});

describe('POST /v1/admin/ownership/batch', () => {
  const maskOf = async (id: string) => {
    const [row] = await ctx.database.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, id)));
    return row;
  };

  it('keeps product_mask and first_purchase_at in step with active/trial/cancelled ownership', async () => {
    await batch('accounts', [{ id: 'own_1' }]);
    const res = await batch('ownership', [
      { accountId: 'own_1', productKey: 'core', status: 'active', startedAt: '2025-03-01T00:00:00Z' },
      { accountId: 'own_1', productKey: 'alerts', status: 'trial' },
    ]);
    expect(res.status).toBe(200);
    let row = await maskOf('own_1');
    expect(row?.productMask).toBe(0b101);
    expect(row?.firstPurchaseAt?.toISOString()).toBe('2025-03-01T00:00:00.000Z');

    await batch('ownership', [{ accountId: 'own_1', productKey: 'core', status: 'cancelled' }]);
    row = await maskOf('own_1');
    expect(row?.productMask).toBe(0b100);
    expect(row?.firstPurchaseAt?.toISOString()).toBe('2025-03-01T00:00:00.000Z');

    const detail = await account('own_1');
    expect(detail.products).toEqual(['alerts']);
    const core = detail.entitlements.find((e: { productKey: string }) => e.productKey === 'core');
    expect(core).toMatchObject({
      status: 'cancelled',
      source: 'host',
      startedAt: '2025-03-01T00:00:00.000Z',
    });
    expect(core.endedAt).not.toBeNull();
  });

  it('an unknown product key fails the batch; nothing is owned', async () => {
    await batch('accounts', [{ id: 'own_2' }]);
    const res = await batch('ownership', [
      { accountId: 'own_2', productKey: 'core', status: 'active' },
      { accountId: 'own_2', productKey: 'ghost', status: 'active' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('batch_item_invalid');
    expect(res.body.error.details.items).toEqual([
      expect.objectContaining({ index: 1, path: ['productKey'] }),
    ]);
    expect((await account('own_2')).entitlements).toEqual([]);
    expect((await maskOf('own_2'))?.productMask).toBe(0);
  });
});

describe('POST /v1/admin/usage/batch', () => {
  it('keeps the quota when a later item omits it', async () => {
    await batch('accounts', [{ id: 'use_1' }]);
    await batch('usage', [{ accountId: 'use_1', metric: 'reports', value: 40, limit: 50 }]);
    const res = await batch('usage', [{ accountId: 'use_1', metric: 'reports', value: 45 }]);
    expect(res.body).toEqual({ received: 1, created: 0, updated: 1 });
    expect((await account('use_1')).usage).toEqual([
      expect.objectContaining({ metric: 'reports', value: 45, limit: 50 }),
    ]);
  });
});

describe('GET /v1/admin/accounts', () => {
  it('pages through accounts in id order with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${cursor}` : '';
      const res = await call(ctx, 'GET', `/v1/admin/accounts?limit=200${suffix}`, { key: sk });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((a: { id: string }) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith('bulk_'))).toHaveLength(1000);
  });

  it('refuses a cursor another list handed out (an account id is no position among users or products)', async () => {
    const page = await call(ctx, 'GET', '/v1/admin/accounts?limit=1', { key: sk });
    const cursor = page.body.nextCursor;
    expect((await call(ctx, 'GET', `/v1/admin/accounts?limit=1&cursor=${cursor}`, { key: sk })).status).toBe(
      200,
    );
    for (const path of [
      '/v1/admin/users',
      '/v1/admin/products',
      '/v1/admin/bundles',
      '/v1/admin/entitlements',
    ]) {
      const res = await call(ctx, 'GET', `${path}?cursor=${cursor}`, { key: sk });
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('?q= › finds accounts by the start of their id or a part of their name, case-insensitively, in this workspace only', async () => {
    expect(
      (
        await batch('accounts', [
          { id: 'find_1', name: 'Bramble Studio' },
          { id: 'find_2', name: 'Copper 100% Retail' },
          { id: 'studio_9', name: 'Other' },
        ])
      ).status,
    ).toBe(200);
    const other = await createWorkspace(ctx, { name: 'Elsewhere' });
    await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: other.secretKey,
      body: { items: [{ id: 'find_3', name: 'Bramble Studio' }] },
    });
    const ids = async (q: string) => {
      const res = await call(ctx, 'GET', `/v1/admin/accounts?q=${encodeURIComponent(q)}`, { key: sk });
      expect(res.status).toBe(200);
      return res.body.data.map((a: { id: string }) => a.id);
    };
    expect(await ids('FIND_')).toEqual(['find_1', 'find_2']);
    expect(await ids('studio')).toEqual(['find_1', 'studio_9']);
    expect(await ids('bramble st')).toEqual(['find_1']);
    // LIKE's wildcards in the search are plain characters.
    expect(await ids('100%')).toEqual(['find_2']);
    expect(await ids('%')).toEqual(['find_2']);
    expect(await ids('f_nd')).toEqual([]);
    const blank = await call(ctx, 'GET', '/v1/admin/accounts?q=%20', { key: sk });
    expect(blank.status).toBe(400);
    expect(blank.body.error.code).toBe('validation_failed');
  });

  it('GET /{id} › unknown accounts answer 404', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/accounts/nobody', { key: sk });
    expect(res.status).toBe(404);
  });
});
