import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { bundleBody, productBody } from '../../support/catalog.ts';

/**
 * Workspace A owns a product, a bundle, an account with a user, ownership and usage. Workspace B's
 * secret key must neither see nor change any of it: reads answer 404 or leave A's records out,
 * writes answer 404 or land in B alone.
 */
let ctx: TestContext;
let a: string;
let b: string;
beforeAll(async () => {
  ctx = await createTestApp();
  a = (await createWorkspace(ctx, { name: 'A', allowedOrigins: ['https://a.example.com'] })).secretKey;
  b = (await createWorkspace(ctx, { name: 'B' })).secretKey;
  const seed = async (path: string, body: unknown) => {
    const res = await call(ctx, 'POST', path, { key: a, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.text}`);
  };
  await seed('/v1/admin/products', productBody('core'));
  await seed('/v1/admin/products', productBody('addon'));
  await seed('/v1/admin/bundles', bundleBody('suite', ['core', 'addon']));
  await seed('/v1/admin/accounts/batch', { items: [{ id: 'acc_a', name: 'Secret Corp' }] });
  await seed('/v1/admin/users/batch', { items: [{ id: 'usr_a', accountId: 'acc_a' }] });
  await seed('/v1/admin/ownership/batch', {
    items: [{ accountId: 'acc_a', productKey: 'core', status: 'active' }],
  });
  await seed('/v1/admin/usage/batch', { items: [{ accountId: 'acc_a', metric: 'seats', value: 3 }] });
});
afterAll(() => ctx.close());

describe('tenant isolation › another workspace’s secret key', () => {
  it.each([
    ['GET', '/v1/admin/products/core'],
    ['PATCH', '/v1/admin/products/core'],
    ['DELETE', '/v1/admin/products/core'],
    ['GET', '/v1/admin/bundles/suite'],
    ['PATCH', '/v1/admin/bundles/suite'],
    ['DELETE', '/v1/admin/bundles/suite'],
    ['GET', '/v1/admin/accounts/acc_a'],
  ])('%s %s › answers 404', async (method, path) => {
    const res = await call(ctx, method, path, {
      key: b,
      body: method === 'PATCH' ? { name: 'Hijacked' } : undefined,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('lists show none of the other workspace’s records', async () => {
    for (const path of ['/v1/admin/products', '/v1/admin/bundles', '/v1/admin/accounts', '/v1/admin/users']) {
      const res = await call(ctx, 'GET', path, { key: b });
      expect(res.status, path).toBe(200);
      expect(res.body.data, path).toEqual([]);
    }
  });

  it('settings show the caller’s own workspace only', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/settings', { key: b });
    expect(res.body.name).toBe('B');
    expect(res.text).not.toContain('a.example.com');
  });

  it('batches cannot reach the other workspace’s accounts or products', async () => {
    const users = await call(ctx, 'POST', '/v1/admin/users/batch', {
      key: b,
      body: { items: [{ id: 'intruder', accountId: 'acc_a' }] },
    });
    expect(users.status).toBe(400);
    expect(users.body.error.code).toBe('batch_item_invalid');
    await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: b,
      body: { items: [{ id: 'acc_a', name: 'Mine' }] },
    });
    const own = await call(ctx, 'POST', '/v1/admin/ownership/batch', {
      key: b,
      body: { items: [{ accountId: 'acc_a', productKey: 'core', status: 'active' }] },
    });
    expect(own.status).toBe(400);
    expect(own.body.error.details.items[0].path).toEqual(['productKey']);
    const original = await call(ctx, 'GET', '/v1/admin/accounts/acc_a', { key: a });
    expect(original.body).toMatchObject({ name: 'Secret Corp', products: ['core'], userCount: 1 });
  });

  it('the same product key may exist in both workspaces with independent bits', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/products', { key: b, body: productBody('core') });
    expect(res.status).toBe(201);
    const mine = await call(ctx, 'GET', '/v1/admin/products/core', { key: a });
    expect(mine.body.id).not.toBe(res.body.id);
  });
});
