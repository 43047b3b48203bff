import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

/**
 * The widget API's abuse guards over real HTTP (the client address comes from the socket, or from
 * X-Forwarded-For behind a trusted proxy): an end user calling far more than a widget does gets
 * 429 with Retry-After and nothing is written; an address that keeps failing authentication is
 * refused before any verification, valid token or not.
 */
async function listen(ctx: TestContext) {
  const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const perUser = await createTestApp({ widgetRateLimits: { userPerMinute: 30, authFailuresPerMinute: 0 } });
const perUserCreds = await createWorkspace(perUser, { name: 'Per user' });
const perUserServer = await listen(perUser);

const failures = await createTestApp({
  widgetRateLimits: { userPerMinute: 0, authFailuresPerMinute: 5 },
  trustedProxies: 1,
});
const failureCreds = await createWorkspace(failures, { name: 'Failures' });
const failureServer = await listen(failures);

const loose = await createTestApp({
  widgetRateLimits: { userPerMinute: 5, authFailuresPerMinute: 0 },
  trustedProxies: 1,
});
const looseCreds = await createWorkspace(loose, { name: 'Loose', settings: { identityMode: 'off' } });
const looseServer = await listen(loose);

afterAll(async () => {
  await perUserServer.close();
  await failureServer.close();
  await looseServer.close();
  await perUser.close();
  await failures.close();
  await loose.close();
});

function post(url: string, path: string, key: string, token: string, body: unknown, extra = {}) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-attach-key': key,
      authorization: `Bearer ${token}`,
      ...extra,
    },
    body: JSON.stringify(body),
  });
}

const decideBody = { placement: 'global', slots: [] };

describe('widget API › per-user rate limit', () => {
  it('refuses a user past the burst with 429 rate_limited and Retry-After, other users unaffected', async () => {
    const { publishableKey: pk, identitySecret } = perUserCreds;
    const busy = await signUserToken(identitySecret, { sub: 'busy', account: 'a1' });
    const calm = await signUserToken(identitySecret, { sub: 'calm', account: 'a1' });
    // 30 a minute: bursts of 6.
    for (let i = 0; i < 6; i++) {
      expect((await post(perUserServer.url, '/v1/decide', pk, busy, decideBody)).status).toBe(200);
    }
    const refused = await post(perUserServer.url, '/v1/decide', pk, busy, decideBody);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/retry in \d+ s/);
    expect((await post(perUserServer.url, '/v1/decide', pk, calm, decideBody)).status).toBe(200);

    // Events share the user's budget, and a refused batch stores nothing.
    const id = crypto.randomUUID();
    const events = { events: [{ id, name: 'report.exported', ts: perUser.clock.now.toISOString() }] };
    expect((await post(perUserServer.url, '/v1/events', pk, busy, events)).status).toBe(429);
    const stored = async () =>
      (
        await perUser.database.rows<{ n: number }>(
          sql`select count(*)::int as n from events where id = ${id}`,
        )
      )[0]?.n;
    expect(await stored()).toBe(0);

    // The budget refills with time: the same batch is then accepted.
    perUser.clock.advance(60_000);
    expect((await post(perUserServer.url, '/v1/events', pk, busy, events)).status).toBe(202);
    expect(await stored()).toBe(1);
  });
});

describe('widget API › failed authentications per address', () => {
  it('refuses an address after repeated 401s, even with a valid token; other addresses unaffected', async () => {
    const { publishableKey: pk, identitySecret } = failureCreds;
    const valid = await signUserToken(identitySecret, { sub: 'u1', account: 'a1' });
    const forged = await signUserToken('not-the-identity-secret-at-all', { sub: 'u1', account: 'a1' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 5; i++) {
      const res = await post(failureServer.url, '/v1/decide', pk, forged, decideBody, from('203.0.113.5'));
      expect(res.status).toBe(401);
    }
    const blocked = await post(failureServer.url, '/v1/decide', pk, valid, decideBody, from('203.0.113.5'));
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Entries left of the one the trusted proxy appended are the client's own claim: no escape.
    const spoofed = from('198.51.100.1, 203.0.113.5');
    expect((await post(failureServer.url, '/v1/decide', pk, valid, decideBody, spoofed)).status).toBe(429);
    expect(
      (await post(failureServer.url, '/v1/decide', pk, valid, decideBody, from('203.0.113.9'))).status,
    ).toBe(200);
    // Five a minute: one failure is forgiven every 12 s.
    failures.clock.advance(12_000);
    expect(
      (await post(failureServer.url, '/v1/decide', pk, valid, decideBody, from('203.0.113.5'))).status,
    ).toBe(200);
  });
});

describe('widget API › unverified tokens per address', () => {
  it('bounds an address minting a new user per call when tokens are not verified', async () => {
    const { publishableKey: pk, identitySecret } = looseCreds;
    const decideFrom = (address: string, token: string) =>
      post(looseServer.url, '/v1/decide', pk, token, decideBody, { 'x-forwarded-for': address });
    // Identity mode off: any unsigned token passes, with whatever `sub` it names.
    const minted = (n: number) =>
      signUserToken('anything-at-all-not-the-secret', { sub: `u${n}`, account: 'a1' });
    // Five calls a minute per user in bursts of one: ten users' worth per address is a burst of 10.
    for (let n = 0; n < 10; n++) {
      expect((await decideFrom('203.0.113.20', await minted(n))).status).toBe(200);
    }
    const refused = await decideFrom('203.0.113.20', await minted(10));
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect([body.error.code, body.error.message]).toEqual([
      'rate_limited',
      expect.stringContaining('unverified'),
    ]);
    // Another address, and a verified user at the same address, are not held back.
    expect((await decideFrom('203.0.113.21', await minted(11))).status).toBe(200);
    const signed = await signUserToken(identitySecret, { sub: 'real', account: 'a1' });
    expect((await decideFrom('203.0.113.20', signed)).status).toBe(200);
  });
});
