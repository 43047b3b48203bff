import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPublicWorkspaces } from '../../../server/services/public-auth.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const HOUR_MS = 3_600_000;

/** Moves the clock past a moment and drops this instance's brief key cache, as its TTL would. */
function later(ms: number) {
  ctx.clock.advance(ms);
  forgetPublicWorkspaces(ctx.deps);
}

describe('key rotation with an overlap', () => {
  it('the replaced secret key, publishable key and identity secret keep working until the overlap ends', async () => {
    const ws = await createWorkspace(ctx, { name: 'Overlap' });
    const oldToken = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'a1' });
    const rotated = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['publishable', 'secret', 'identity'], overlapSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    expect(Date.parse(rotated.body.previousKeysExpireAt)).toBe(ctx.clock.now.getTime() + HOUR_MS);
    const newToken = await signUserToken(rotated.body.identitySecret, { sub: 'u1', account: 'a1' });
    const admin = async (key: string) => (await call(ctx, 'GET', '/v1/admin/settings', { key })).status;
    const decide = async (key: string, token: string) =>
      (await call(ctx, 'POST', '/v1/decide', { key, token, body: {} })).status;

    // During the overlap: old and new side by side, in any mix (a host deploys them one by one).
    expect(await admin(ws.secretKey)).toBe(200);
    expect(await admin(rotated.body.secretKey)).toBe(200);
    expect(await decide(ws.publishableKey, oldToken)).toBe(200);
    expect(await decide(rotated.body.publishableKey, newToken)).toBe(200);
    expect(await decide(rotated.body.publishableKey, oldToken)).toBe(200);

    later(HOUR_MS + 1_000);
    expect(await admin(ws.secretKey)).toBe(401);
    expect(await admin(rotated.body.secretKey)).toBe(200);
    expect(await decide(ws.publishableKey, newToken)).toBe(401);
    const stale = await call(ctx, 'POST', '/v1/decide', {
      key: rotated.body.publishableKey,
      token: oldToken,
      body: {},
    });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('invalid_user_token');
    expect(await decide(rotated.body.publishableKey, newToken)).toBe(200);
  });

  it('without an overlap the old keys stop at once, and a second rotation forgets the first one’s', async () => {
    const ws = await createWorkspace(ctx, { name: 'No overlap' });
    const first = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['secret'], overlapSeconds: 3600 },
    });
    const second = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: first.body.secretKey,
      body: { keys: ['secret'] },
    });
    expect(second.status).toBe(200);
    expect(second.body.previousKeysExpireAt).toBeUndefined();
    for (const key of [ws.secretKey, first.body.secretKey]) {
      expect((await call(ctx, 'GET', '/v1/admin/settings', { key })).status).toBe(401);
    }
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: second.body.secretKey })).status).toBe(200);
  });

  it('a replaced secret key says when it stops and cannot rotate the keys that replaced it', async () => {
    const ws = await createWorkspace(ctx, { name: 'Retiring' });
    const rotated = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['secret'], overlapSeconds: 3600 },
    });
    const old = await call(ctx, 'GET', '/v1/admin/settings', { key: ws.secretKey });
    expect(old.status).toBe(200);
    expect(Date.parse(old.headers.get('sunset') ?? '')).toBe(
      Math.floor(Date.parse(rotated.body.previousKeysExpireAt) / 1000) * 1000,
    );
    const current = await call(ctx, 'GET', '/v1/admin/settings', { key: rotated.body.secretKey });
    expect(current.headers.get('sunset')).toBeNull();

    const refused = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['secret', 'publishable'] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('key_retiring');
    // Nothing changed: the current key still works and the old one is still in its overlap.
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: rotated.body.secretKey })).status).toBe(200);
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: ws.secretKey })).status).toBe(200);
  });

  it('names the replaced key in the audit log while it still works, so its last users can be found', async () => {
    const ws = await createWorkspace(ctx, { name: 'Who still uses it' });
    const rotated = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['secret'], overlapSeconds: 3600 },
    });
    const product = (key: string, productKey: string) =>
      call(ctx, 'POST', '/v1/admin/products', { key, body: productBody(productKey) });
    expect((await product(ws.secretKey, 'from-old')).status).toBe(201);
    expect((await product(rotated.body.secretKey, 'from-new')).status).toBe(201);
    const log = await call(ctx, 'GET', '/v1/admin/audit-log?action=product.created', {
      key: rotated.body.secretKey,
    });
    expect(
      log.body.data.map((e: { actor: string; target: { id: string } }) => [e.target.id, e.actor]),
    ).toEqual([
      ['from-new', 'api'],
      ['from-old', 'api:previous'],
    ]);
  });

  it('refuses an overlap over a week', async () => {
    const ws = await createWorkspace(ctx, { name: 'Too long' });
    const res = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['identity'], overlapSeconds: 8 * 24 * 3600 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
