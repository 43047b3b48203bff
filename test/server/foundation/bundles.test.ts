import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { bundleBody, productBody } from '../../support/catalog.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const creds = await createWorkspace(ctx, { name: 'Bundles' });
  sk = creds.secretKey;
  workspaceId = creds.workspaceId;
  for (const key of ['core', 'reports', 'alerts']) {
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) });
  }
});
afterAll(() => ctx.close());

describe('/v1/admin/bundles', () => {
  it('POST › creates a bundle of existing products and bumps the config version', async () => {
    const before = (await findWorkspaceById(ctx.database.db, workspaceId))?.configVersion ?? 0;
    const res = await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('suite', ['core', 'reports']),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: 'suite', productKeys: ['core', 'reports'], discountPercent: 20 });
    expect((await findWorkspaceById(ctx.database.db, workspaceId))?.configVersion).toBe(before + 1);
  });

  it('POST › unknown product keys answer 400 naming the index', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('bad', ['core', 'ghost']),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({
      path: ['productKeys', 1],
      code: 'unknown_product',
    });
  });

  it('POST › a duplicate key answers 409 bundle_key_taken', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', { key: sk, body: bundleBody('dup', ['core', 'alerts']) });
    const res = await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('dup', ['core', 'alerts']),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('bundle_key_taken');
  });

  it('PATCH › updates the products and discount; GET reads it back', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', { key: sk, body: bundleBody('edit', ['core', 'alerts']) });
    const res = await call(ctx, 'PATCH', '/v1/admin/bundles/edit', {
      key: sk,
      body: { productKeys: ['core', 'reports', 'alerts'], discountPercent: 25 },
    });
    expect(res.status).toBe(200);
    const got = await call(ctx, 'GET', '/v1/admin/bundles/edit', { key: sk });
    expect(got.body).toMatchObject({
      productKeys: ['core', 'reports', 'alerts'],
      discountPercent: 25,
      name: 'Bundle edit',
    });
  });

  it('DELETE › removes the bundle; a product in a bundle cannot be deleted meanwhile', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('gone', ['reports', 'alerts']),
    });
    const blocked = await call(ctx, 'DELETE', '/v1/admin/products/alerts', { key: sk });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.bundles).toContain('gone');
    expect((await call(ctx, 'DELETE', '/v1/admin/bundles/gone', { key: sk })).status).toBe(204);
    expect((await call(ctx, 'GET', '/v1/admin/bundles/gone', { key: sk })).status).toBe(404);
  });

  it('GET list › returns bundles ordered by key with a null cursor at the end', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/bundles?limit=200', { key: sk });
    expect(res.status).toBe(200);
    const keys = res.body.data.map((b: { key: string }) => b.key);
    expect(keys).toEqual([...keys].sort());
    expect(res.body.nextCursor).toBeNull();
  });
});
