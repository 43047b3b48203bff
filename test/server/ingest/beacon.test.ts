import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { makeEvent } from '../../bench/support/events.ts';
import { createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

const ORIGIN = 'https://app.example.com';

let ctx: TestContext;
let ws: WorkspaceCredentials;
let other: WorkspaceCredentials;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme', allowedOrigins: [ORIGIN] });
  other = await createWorkspace(ctx, { name: 'Other' });
});
afterAll(() => ctx.close());

/** What `navigator.sendBeacon(url, JSON.stringify(body))` sends: text/plain, no custom headers. */
async function beacon(body: Record<string, unknown>, origin = ORIGIN) {
  const res = await ctx.app.request('/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  return { status: res.status, body: (await res.json()) as any };
}

async function countStored(ids: string[]) {
  const rows = await ctx.database.rows<{ n: number }>(
    sql`select count(*)::int as n from events where workspace_id = ${ws.workspaceId}
        and id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return rows[0]?.n ?? 0;
}

describe('POST /v1/events › sendBeacon (text/plain with key and token)', () => {
  it('stores the batch for the user named by the token in the body', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u-beacon', account: 'acc-beacon' });
    const events = [makeEvent(), makeEvent({ name: 'page.viewed', props: { path: '/pricing' } })];
    const res = await beacon({ key: ws.publishableKey, token, events });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0 });
    const rows = await ctx.database.rows<{ user_id: string; account_id: string }>(
      sql`select user_id, account_id from events where id = ${events[0]?.id ?? ''}::uuid`,
    );
    expect(rows).toEqual([{ user_id: 'u-beacon', account_id: 'acc-beacon' }]);
  });

  it.each([
    [
      'a token signed with another workspace’s secret',
      async () => signUserToken(other.identitySecret, { sub: 'u', account: 'a' }),
    ],
    ['an expired token', async () => signUserToken(ws.identitySecret, { sub: 'u', account: 'a' }, '-1m')],
    ['no token', async () => undefined],
  ])('rejects %s with 401 and stores nothing', async (_, makeToken) => {
    const events = [makeEvent()];
    const res = await beacon({ key: ws.publishableKey, token: await makeToken(), events });
    expect(res.status).toBe(401);
    expect(await countStored(events.map((e) => e.id))).toBe(0);
  });

  it('rejects a missing key with 401', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u', account: 'a' });
    const res = await beacon({ token, events: [makeEvent()] });
    expect(res.status).toBe(401);
  });

  it('rejects a disallowed Origin with 403 and stores nothing', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u', account: 'a' });
    const events = [makeEvent()];
    const res = await beacon({ key: ws.publishableKey, token, events }, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(await countStored(events.map((e) => e.id))).toBe(0);
  });

  it('validates the events in a beacon like any batch', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u', account: 'a' });
    const res = await beacon({
      key: ws.publishableKey,
      token,
      events: [{ ...makeEvent(), ts: 'yesterday' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['events', 0, 'ts']);
  });
});
