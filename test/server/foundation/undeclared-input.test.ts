import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let sk: string;
let pk: string;
let token: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const ws = await createWorkspace(ctx);
  sk = ws.secretKey;
  pk = ws.publishableKey;
  token = await signUserToken(ws.identitySecret, { sub: 'u_a1', account: 'acc_a' });
  await call(ctx, 'POST', '/v1/admin/accounts/batch', {
    key: sk,
    body: { items: [{ id: 'acc_a' }, { id: 'acc_b' }] },
  });
  await call(ctx, 'POST', '/v1/admin/users/batch', {
    key: sk,
    body: {
      items: [
        { id: 'u_a1', accountId: 'acc_a' },
        { id: 'u_b1', accountId: 'acc_b' },
      ],
    },
  });
});
afterAll(() => ctx.close());

const unknown = (path: Array<string | number>) => ({
  path,
  message: 'is not a known field',
  code: 'unrecognized_keys',
});

describe('fields and parameters a route does not declare', () => {
  it('a misspelt list filter is refused instead of returning every account’s rows', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/purchases?accountId=acc_a', { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_failed',
      message: 'query.accountId: is not a known field',
      details: { target: 'query', issues: [unknown(['accountId'])] },
    });
  });

  it('every list filters by account under the same name', async () => {
    const users = await call(ctx, 'GET', '/v1/admin/users?account=acc_a', { key: sk });
    expect(users.status).toBe(200);
    expect(users.body.data.map((u: { id: string }) => u.id)).toEqual(['u_a1']);
    for (const path of ['purchases', 'entitlements', 'requests', 'leads']) {
      const res = await call(ctx, 'GET', `/v1/admin/${path}?account=acc_a`, { key: sk });
      expect(res.status, path).toBe(200);
    }
  });

  it('a misspelt field in a batch item fails that item and writes nothing', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: sk,
      body: { items: [{ id: 'acc_c' }, { id: 'acc_d', segmnet: 'enterprise' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('batch_item_invalid');
    expect(res.body.error.details.items).toEqual([
      { index: 1, path: ['segmnet'], message: 'is not a known field' },
    ]);
    expect((await call(ctx, 'GET', '/v1/admin/accounts/acc_c', { key: sk })).status).toBe(404);
  });

  it('a setting at the wrong level, or misspelt, is refused and nothing changes', async () => {
    const before = await call(ctx, 'GET', '/v1/admin/settings', { key: sk });
    const top = await call(ctx, 'PATCH', '/v1/admin/settings', { key: sk, body: { identityMode: 'off' } });
    expect(top.status).toBe(400);
    expect(top.body.error.details.issues).toEqual([unknown(['identityMode'])]);
    const nested = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: sk,
      body: { settings: { identityMod: 'off' } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details.issues).toEqual([unknown(['settings', 'identityMod'])]);
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: sk })).body).toEqual(before.body);
  });

  it('names a "__proto__" or "constructor" key like any other', async () => {
    const res = await call(ctx, 'PATCH', '/v1/admin/products/none', {
      key: sk,
      body: '{"__proto__": "", "constructor": {}}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([unknown(['__proto__']), unknown(['constructor'])]);
  });

  it('decide names a misspelt field of the widget’s request and records nothing', async () => {
    const res = await call(ctx, 'POST', '/v1/decide', { key: pk, token, body: { pgae: { path: '/' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({ target: 'body', issues: [unknown(['pgae'])] });
    const explain = await call(ctx, 'GET', '/v1/admin/explain?account=acc_a&user=u_a1', { key: sk });
    expect(explain.status).toBe(200);
  });
});
