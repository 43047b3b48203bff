import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import { products } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { bundleBody, productBody } from '../../support/catalog.ts';
import { activeCampaign, campaignInput } from '../../support/engine-builders.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function freshWorkspace() {
  const creds = await createWorkspace(ctx, { name: 'Catalogue' });
  return { sk: creds.secretKey, id: creds.workspaceId };
}

const bits = async (workspaceId: string) =>
  Object.fromEntries(
    (await ctx.database.db.select().from(products).where(eq(products.workspaceId, workspaceId))).map((p) => [
      p.key,
      p.bit,
    ]),
  );

describe('/v1/admin/products', () => {
  it('POST › creates a product with defaults and returns it', async () => {
    const { sk } = await freshWorkspace();
    const res = await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('insights') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      key: 'insights',
      role: 'attach',
      description: '',
      prerequisites: [],
      trialDays: 14,
      price: { amount: 4900, currency: 'USD', interval: 'month' },
    });
    const got = await call(ctx, 'GET', '/v1/admin/products/insights', { key: sk });
    expect(got.body).toEqual(res.body);
  });

  it('POST › a duplicate key answers 409 product_key_taken', async () => {
    const { sk } = await freshWorkspace();
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('core') });
    const res = await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('core') });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('product_key_taken');
  });

  it('POST › allocates the smallest unused bit and reuses a deleted product’s bit', async () => {
    const { sk, id } = await freshWorkspace();
    for (const key of ['a', 'b', 'c'])
      await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) });
    expect(await bits(id)).toEqual({ a: 0, b: 1, c: 2 });
    expect((await call(ctx, 'DELETE', '/v1/admin/products/b', { key: sk })).status).toBe(204);
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('d') });
    expect(await bits(id)).toEqual({ a: 0, c: 2, d: 1 });
  });

  it('POST › concurrent creates in one workspace get distinct bits', async () => {
    const { sk, id } = await freshWorkspace();
    const keys = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      keys.map((key) => call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) })),
    );
    expect(results.map((r) => r.status)).toEqual(keys.map(() => 201));
    expect(Object.values(await bits(id)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('POST › unknown or self prerequisites answer 400 naming the field', async () => {
    const { sk } = await freshWorkspace();
    const unknown = await call(ctx, 'POST', '/v1/admin/products', {
      key: sk,
      body: productBody('x', { prerequisites: ['nope'] }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0]).toMatchObject({
      path: ['prerequisites', 0],
      code: 'unknown_product',
    });
    const self = await call(ctx, 'POST', '/v1/admin/products', {
      key: sk,
      body: productBody('x', { prerequisites: ['x'] }),
    });
    expect(self.status).toBe(400);
    expect(self.body.error.details.issues[0].path).toEqual(['prerequisites', 0]);
  });

  it('PATCH › refuses prerequisites that would form a cycle', async () => {
    const { sk } = await freshWorkspace();
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('base') });
    await call(ctx, 'POST', '/v1/admin/products', {
      key: sk,
      body: productBody('top', { prerequisites: ['base'] }),
    });
    const res = await call(ctx, 'PATCH', '/v1/admin/products/base', {
      key: sk,
      body: { prerequisites: ['top'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('cycle');
  });

  it('PATCH › changes only the given fields and bumps the config version', async () => {
    const { sk, id } = await freshWorkspace();
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('p', { trialDays: 30 }) });
    const before = (await findWorkspaceById(ctx.database.db, id))?.configVersion ?? 0;
    const res = await call(ctx, 'PATCH', '/v1/admin/products/p', { key: sk, body: { role: 'strategic' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'strategic', trialDays: 30, name: 'Product p' });
    expect((await findWorkspaceById(ctx.database.db, id))?.configVersion).toBe(before + 1);
  });

  it('PATCH › a product an active campaign targets, alone or in its bundle, cannot be sunset until the campaign is paused', async () => {
    const { sk, id } = await freshWorkspace();
    for (const key of ['capacity', 'reports']) {
      await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) });
    }
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: bundleBody('pack', ['capacity', 'reports']),
    });
    const direct = await activeCampaign(ctx, sk, campaignInput({ name: 'Direct' }));
    await activeCampaign(
      ctx,
      sk,
      campaignInput({ name: 'Packed', target: { kind: 'bundle', bundleKey: 'pack' } }),
    );
    const before = (await findWorkspaceById(ctx.database.db, id))?.configVersion;
    const res = await call(ctx, 'PATCH', '/v1/admin/products/capacity', {
      key: sk,
      body: { role: 'sunset', name: 'Old capacity' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      {
        path: ['role'],
        message:
          'capacity is a sunset product: it is never offered, yet active campaigns target it ("Direct"): pause them first',
        code: 'target_not_offerable',
      },
      {
        path: ['role'],
        message:
          'The bundle holds sunset products (capacity): it is never offered, yet active campaigns target it ("Packed"): pause them first',
        code: 'target_not_offerable',
      },
    ]);
    const kept = await call(ctx, 'GET', '/v1/admin/products/capacity', { key: sk });
    expect([kept.body.role, kept.body.name]).toEqual(['attach', 'Product capacity']);
    expect((await findWorkspaceById(ctx.database.db, id))?.configVersion).toBe(before);
    // Other edits of a targeted product, and sunsetting one nothing live targets, go through.
    expect(
      (await call(ctx, 'PATCH', '/v1/admin/products/capacity', { key: sk, body: { name: 'Cap' } })).status,
    ).toBe(200);
    await call(ctx, 'POST', `/v1/admin/campaigns/${direct}/status`, { key: sk, body: { status: 'paused' } });
    const stillPacked = await call(ctx, 'PATCH', '/v1/admin/products/capacity', {
      key: sk,
      body: { role: 'sunset' },
    });
    expect(stillPacked.body.error.details.issues).toHaveLength(1);
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('spare') });
    expect(
      (await call(ctx, 'PATCH', '/v1/admin/products/spare', { key: sk, body: { role: 'sunset' } })).status,
    ).toBe(200);
  });

  it('PATCH › the key cannot be changed: sending one is refused and changes nothing', async () => {
    const { sk } = await freshWorkspace();
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('p') });
    const res = await call(ctx, 'PATCH', '/v1/admin/products/p', { key: sk, body: { key: 'q', name: 'Q' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { path: ['key'], message: 'is not a known field', code: 'unrecognized_keys' },
    ]);
    const after = await call(ctx, 'GET', '/v1/admin/products/p', { key: sk });
    expect(after.body).toMatchObject({ key: 'p', name: 'Product p' });
  });

  it('DELETE › refuses a product another product requires, with the references', async () => {
    const { sk } = await freshWorkspace();
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('base') });
    await call(ctx, 'POST', '/v1/admin/products', {
      key: sk,
      body: productBody('top', { prerequisites: ['base'] }),
    });
    const res = await call(ctx, 'DELETE', '/v1/admin/products/base', { key: sk });
    expect(res.status).toBe(409);
    expect(res.body.error.details.requiredBy).toEqual(['top']);
  });

  it('GET › unknown products answer 404', async () => {
    const { sk } = await freshWorkspace();
    const res = await call(ctx, 'GET', '/v1/admin/products/ghost', { key: sk });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('GET list › pages through every product once with the cursor', async () => {
    const { sk } = await freshWorkspace();
    const keys = ['e', 'a', 'd', 'b', 'c'];
    for (const key of keys)
      await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody(key) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await call(ctx, 'GET', `/v1/admin/products?limit=2${query}`, { key: sk });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((p: { key: string }) => p.key));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('GET list › a forged cursor answers 400', async () => {
    const { sk } = await freshWorkspace();
    const res = await call(ctx, 'GET', '/v1/admin/products?cursor=zzz', { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
