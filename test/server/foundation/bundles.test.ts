import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { bundleBody, productBody } from '../../support/catalog.ts';
import { activeCampaign, campaignInput } from '../../support/engine-builders.ts';

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
  await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('legacy', { role: 'sunset' }) });
});
afterAll(() => ctx.close());

const configVersion = async () => (await findWorkspaceById(ctx.database.db, workspaceId))?.configVersion;

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

  it('PATCH › renames and bumps the config version, so every instance reloads the catalogue', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('renamed', ['core', 'alerts']),
    });
    const before = await configVersion();
    const res = await call(ctx, 'PATCH', '/v1/admin/bundles/renamed', {
      key: sk,
      body: { name: 'Ops suite' },
    });
    expect([res.status, res.body.name, res.body.productKeys]).toEqual([200, 'Ops suite', ['core', 'alerts']]);
    expect(await configVersion()).toBe((before ?? 0) + 1);
  });

  it('PATCH › unknown product keys answer 400 naming the index, and nothing is written', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', { key: sk, body: bundleBody('strict', ['core', 'alerts']) });
    const before = await configVersion();
    const res = await call(ctx, 'PATCH', '/v1/admin/bundles/strict', {
      key: sk,
      body: { name: 'Changed', productKeys: ['core', 'ghost'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({
      path: ['productKeys', 1],
      code: 'unknown_product',
    });
    expect((await call(ctx, 'GET', '/v1/admin/bundles/strict', { key: sk })).body.name).toBe('Bundle strict');
    expect(await configVersion()).toBe(before);
  });

  it('PATCH › refuses a sunset product while an active campaign targets the bundle (400 target_not_offerable)', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('live-pack', ['core', 'alerts']),
    });
    await activeCampaign(
      ctx,
      sk,
      campaignInput({ name: 'Live pack', target: { kind: 'bundle', bundleKey: 'live-pack' } }),
    );
    const before = await configVersion();
    const res = await call(ctx, 'PATCH', '/v1/admin/bundles/live-pack', {
      key: sk,
      body: { productKeys: ['core', 'alerts', 'legacy'], discountPercent: 30 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      {
        path: ['productKeys'],
        message:
          'The bundle holds sunset products (legacy): it is never offered, yet active campaigns target it ("Live pack"): pause them first',
        code: 'target_not_offerable',
      },
    ]);
    const kept = await call(ctx, 'GET', '/v1/admin/bundles/live-pack', { key: sk });
    expect([kept.body.productKeys, kept.body.discountPercent]).toEqual([['core', 'alerts'], 20]);
    expect(await configVersion()).toBe(before);
    const offerable = await call(ctx, 'PATCH', '/v1/admin/bundles/live-pack', {
      key: sk,
      body: { productKeys: ['core', 'alerts', 'reports'] },
    });
    expect(offerable.status).toBe(200);
  });

  it('PATCH › a sunset product may join a bundle only drafts target (activating one is checked then)', async () => {
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('draft-pack', ['core', 'alerts']),
    });
    const draft = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk,
      body: campaignInput({ name: 'Draft pack', target: { kind: 'bundle', bundleKey: 'draft-pack' } }),
    });
    expect(draft.status).toBe(201);
    const res = await call(ctx, 'PATCH', '/v1/admin/bundles/draft-pack', {
      key: sk,
      body: { productKeys: ['core', 'legacy'] },
    });
    expect([res.status, res.body.productKeys]).toEqual([200, ['core', 'legacy']]);
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
