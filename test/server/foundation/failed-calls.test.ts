import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneDeveloperLogs } from '../../../server/services/developer-logs.ts';
import type { CreatedApiKey } from '../../../shared/api-keys.ts';
import {
  FAILED_CALLS_KEPT_DAYS,
  FAILED_CALLS_KEPT_MAX,
  FAILED_CALLS_PER_MINUTE,
  type FailedCall,
} from '../../../shared/failed-calls.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { createWorkspaceWithOwner, OWNER, signIn } from '../../support/console.ts';

let ctx: TestContext;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function failedCalls(
  key: string,
  query = '',
): Promise<{ data: FailedCall[]; nextCursor: string | null }> {
  const res = await call(ctx, 'GET', `/v1/admin/failed-calls${query}`, { key });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function createKey(sk: string, body: Record<string, unknown>): Promise<CreatedApiKey> {
  const res = await call(ctx, 'POST', '/v1/admin/api-keys', { key: sk, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('failed calls', () => {
  it('keeps each failed call made with a secret key, with its code, message and request id', async () => {
    const ws = await createWorkspace(ctx, { name: 'Failing sync' });
    const bad = await call(ctx, 'GET', '/v1/admin/products?limit=500', { key: ws.secretKey });
    expect(bad.status).toBe(400);
    ctx.clock.advance(1);
    const missing = await call(ctx, 'GET', '/v1/admin/products/nope', { key: ws.secretKey });
    expect(missing.status).toBe(404);
    // Succeeded: not kept.
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: ws.secretKey })).status).toBe(200);

    await expect.poll(async () => (await failedCalls(ws.secretKey)).data.length).toBe(2);
    const [latest, first] = (await failedCalls(ws.secretKey)).data;
    expect(latest).toMatchObject({
      actor: 'api',
      method: 'GET',
      path: '/v1/admin/products/nope',
      status: 404,
      code: missing.body.error.code,
      message: missing.body.error.message,
      requestId: missing.headers.get('x-request-id'),
    });
    // The path without its query string, as the response's own error describes the call.
    expect(first).toMatchObject({
      actor: 'api',
      method: 'GET',
      path: '/v1/admin/products',
      status: 400,
      code: bad.body.error.code,
      message: bad.body.error.message,
    });
    expect(Date.parse(first?.at ?? '')).toBeLessThanOrEqual(Date.parse(latest?.at ?? ''));
  });

  it('names the API key that failed, including one refused for its role, its address or its revocation', async () => {
    const ws = await createWorkspace(ctx, { name: 'Keys failing' });
    const viewer = await createKey(ws.secretKey, { name: 'Looker', role: 'viewer' });
    const fenced = await createKey(ws.secretKey, {
      name: 'Billing',
      role: 'editor',
      allowedIps: ['203.0.113.7'],
    });
    const revoked = await createKey(ws.secretKey, { name: 'Old sync', role: 'editor' });
    expect(
      (await call(ctx, 'DELETE', `/v1/admin/api-keys/${revoked.id}`, { key: ws.secretKey })).status,
    ).toBe(200);

    const write = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: viewer.key,
      body: { allowedOrigins: [] },
    });
    expect(write.status).toBe(403);
    ctx.clock.advance(1);
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: fenced.key })).status).toBe(403);
    ctx.clock.advance(1);
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: revoked.key })).status).toBe(401);

    await expect.poll(async () => (await failedCalls(ws.secretKey)).data.length).toBe(3);
    const calls = (await failedCalls(ws.secretKey)).data;
    expect(calls.map((c) => [c.actor, c.status, c.code])).toEqual([
      ['key:Old sync', 401, 'invalid_api_key'],
      ['key:Billing', 403, 'forbidden'],
      ['key:Looker', 403, 'forbidden'],
    ]);
    expect(calls[2]?.message).toBe(write.body.error.message);
    // A viewer key reads the list (it is how an integration's own developers find what failed),
    // and filters it to its own calls, or by status.
    const own = await failedCalls(viewer.key, '?actor=key%3ALooker');
    expect(own.data.map((c) => c.actor)).toEqual(['key:Looker']);
    expect((await failedCalls(ws.secretKey, '?status=401')).data.map((c) => c.actor)).toEqual([
      'key:Old sync',
    ]);
    const since = encodeURIComponent(calls[1]?.at ?? '');
    expect((await failedCalls(ws.secretKey, `?since=${since}`)).data.map((c) => c.actor)).toEqual([
      'key:Old sync',
      'key:Billing',
    ]);
  });

  it('keeps nothing for an unknown key, a console session or a widget call, and nothing of another workspace', async () => {
    const mine = await createWorkspaceWithOwner(ctx);
    const other = await createWorkspace(ctx, { name: 'Other' });
    const owner = await signIn(ctx, OWNER);
    expect((await owner.call('GET', '/v1/admin/products/nope')).status).toBe(404);
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: `sk_${'x'.repeat(40)}` })).status).toBe(401);
    const token = await signUserToken(mine.identitySecret, { sub: 'u1', account: 'acc_1' });
    const widget = await call(ctx, 'POST', '/v1/events', {
      key: mine.publishableKey,
      token,
      body: { events: 'no' },
    });
    expect(widget.status).toBe(400);
    expect((await call(ctx, 'GET', '/v1/admin/products/nope', { key: other.secretKey })).status).toBe(404);
    await expect.poll(async () => (await failedCalls(other.secretKey)).data.length).toBe(1);
    expect((await failedCalls(mine.secretKey)).data).toEqual([]);
  });

  it(`keeps at most ${FAILED_CALLS_PER_MINUTE} a minute per workspace, then more once the minute has passed`, async () => {
    const ws = await createWorkspace(ctx, { name: 'Failing in a loop' });
    for (let i = 0; i < FAILED_CALLS_PER_MINUTE + 15; i++) {
      expect((await call(ctx, 'GET', `/v1/admin/products/missing-${i}`, { key: ws.secretKey })).status).toBe(
        404,
      );
    }
    const count = async () => {
      const rows = await ctx.database.rows<{ n: number }>(
        sql`select count(*)::int as n from failed_calls where workspace_id = ${ws.workspaceId}`,
      );
      return rows[0]?.n;
    };
    await expect.poll(count).toBe(FAILED_CALLS_PER_MINUTE);
    ctx.clock.advance(60_000);
    expect((await call(ctx, 'GET', '/v1/admin/products/later', { key: ws.secretKey })).status).toBe(404);
    await expect.poll(count).toBe(FAILED_CALLS_PER_MINUTE + 1);

    // Paged newest first with a cursor.
    const first = await failedCalls(ws.secretKey, '?limit=50');
    expect(first.data[0]?.path).toBe('/v1/admin/products/later');
    const rest = await failedCalls(ws.secretKey, `?limit=50&cursor=${first.nextCursor}`);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...first.data, ...rest.data].map((c) => c.id)).size).toBe(FAILED_CALLS_PER_MINUTE + 1);
  });

  it(`are pruned after ${FAILED_CALLS_KEPT_DAYS} days, and past a workspace's newest ${FAILED_CALLS_KEPT_MAX}`, async () => {
    const ws = await createWorkspace(ctx, { name: 'Pruned' });
    const busy = await createWorkspace(ctx, { name: 'Busy' });
    const now = ctx.clock.now.getTime();
    const at = (ms: number) => new Date(now - ms).toISOString();
    await ctx.database.rows(sql`
      insert into failed_calls (workspace_id, actor, method, path, status, code, message, created_at)
      values (${ws.workspaceId}, 'api', 'GET', '/v1/admin/old', 404, 'not_found', 'gone', ${at((FAILED_CALLS_KEPT_DAYS + 1) * DAY)}::timestamptz),
             (${ws.workspaceId}, 'api', 'GET', '/v1/admin/recent', 404, 'not_found', 'kept', ${at(DAY)}::timestamptz)`);
    await ctx.database.rows(sql`
      insert into failed_calls (workspace_id, actor, method, path, status, code, message, created_at)
      select ${busy.workspaceId}, 'api', 'GET', '/v1/admin/n/' || n, 404, 'not_found', 'm',
        ${at(0)}::timestamptz - make_interval(secs => n)
      from generate_series(1, ${FAILED_CALLS_KEPT_MAX + 5}) n`);
    expect((await pruneDeveloperLogs(ctx.deps)).failed_calls).toBeGreaterThanOrEqual(6);
    expect((await failedCalls(ws.secretKey)).data.map((c) => c.path)).toEqual(['/v1/admin/recent']);
    const kept = await ctx.database.rows<{ n: number; oldest: string }>(
      sql`select count(*)::int as n, min(path) filter (where path = '/v1/admin/n/1000') as oldest
          from failed_calls where workspace_id = ${busy.workspaceId}`,
    );
    expect(kept[0]).toEqual({ n: FAILED_CALLS_KEPT_MAX, oldest: '/v1/admin/n/1000' });
  });

  it('answers 400 for a status out of range or another list’s cursor', async () => {
    const ws = await createWorkspace(ctx, { name: 'Bad queries' });
    for (const query of ['?status=200', '?status=abc', '?cursor=nope']) {
      const res = await call(ctx, 'GET', `/v1/admin/failed-calls${query}`, { key: ws.secretKey });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
