import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { formatKey } from '../../../server/domain/keys.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

/** Past public-auth's workspace cache lifetime (5 s). */
const AFTER_REFRESH_MS = 6_000;

let ctx: TestContext;
/** A second server instance on the same database: its own caches, as another process would have. */
let other: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  other = { ...ctx, deps: { ...ctx.deps }, app: createApp({ ...ctx.deps }) };
});
afterEach(() => vi.useRealTimers());
afterAll(() => ctx.close());

describe('verified user tokens across instances', () => {
  it('refuses a token it already verified once another instance rotated the identity secret', async () => {
    const ws = await createWorkspace(ctx, { name: 'Rotating', settings: { identityMode: 'enforce' } });
    const claims = { sub: 'u1', account: 'a1', role: 'admin' };
    const oldToken = await signUserToken(ws.identitySecret, claims);
    const decide = (token: string) =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
    expect((await decide(oldToken)).status).toBe(200);

    const rotated = await call(other, 'POST', '/v1/admin/settings/rotate-keys', {
      key: ws.secretKey,
      body: { keys: ['identity'] },
    });
    expect(rotated.status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + AFTER_REFRESH_MS);

    const refused = await decide(oldToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_user_token');
    const newToken = await signUserToken(rotated.body.identitySecret, claims);
    expect((await decide(newToken)).status).toBe(200);
  });

  it('answers every one of concurrent first calls, sharing the lookup, for a known and an unknown key', async () => {
    const ws = await createWorkspace(ctx, { name: 'Crowd', settings: { identityMode: 'enforce' } });
    const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'a1', role: 'admin' });
    const burst = (key: string) =>
      Promise.all(
        Array.from({ length: 20 }, () => call(other, 'POST', '/v1/decide', { key, token, body: {} })),
      );
    for (const res of await burst(ws.publishableKey)) expect(res.status).toBe(200);
    // Well formed (its checksum holds), so the lookup runs and finds nothing.
    const unknown = formatKey('pk', randomBytes(32));
    for (const res of await burst(unknown)) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'invalid_api_key', message: 'Unknown publishable key' });
    }
  });
});
