import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageStates, userDailyPrompts } from '../../../server/db/schema/index.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let a: WorkspaceCredentials;
let b: WorkspaceCredentials;

beforeAll(async () => {
  ctx = await createTestApp();
  a = await createWorkspace(ctx, { name: 'Erasing' });
  b = await createWorkspace(ctx, { name: 'Bystander' });
  for (const ws of [a, b]) {
    await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: ws.secretKey,
      body: { items: [{ id: 'acc_e' }] },
    });
    await call(ctx, 'POST', '/v1/admin/users/batch', {
      key: ws.secretKey,
      body: {
        items: [
          { id: 'u_gone', accountId: 'acc_e', email: 'gone@example.com' },
          { id: 'u_stays', accountId: 'acc_e' },
        ],
      },
    });
    for (const sub of ['u_gone', 'u_stays']) {
      const token = await signUserToken(ws.identitySecret, { sub, account: 'acc_e' });
      const res = await call(ctx, 'POST', '/v1/events', {
        key: ws.publishableKey,
        token,
        body: {
          events: ['report.created', 'report.shared'].map((name) => ({
            id: randomUUID(),
            name,
            ts: ctx.clock.now.toISOString(),
            props: { note: `${sub} wrote this` },
          })),
        },
      });
      expect(res.status).toBe(202);
    }
    await ctx.database.db.insert(messageStates).values({
      workspaceId: ws.workspaceId,
      userId: 'u_gone',
      campaignId: randomUUID(),
      accountId: 'acc_e',
      impressions: 2,
    });
    await ctx.database.db
      .insert(userDailyPrompts)
      .values({ workspaceId: ws.workspaceId, userId: 'u_gone', day: '2026-12-01', count: 1 });
  }
});
afterAll(() => ctx.close());

const count = async (table: string, ws: string, where = sql``) =>
  (
    await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${ws} ${where}`,
    )
  )[0]?.n;

describe('DELETE /v1/admin/users/{id}', () => {
  it('erases the user with their events, counters and states; the account, other users and workspaces keep theirs', async () => {
    const accountEventsBefore = await count('event_counters', a.workspaceId, sql`and user_id = ''`);
    const res = await call(ctx, 'DELETE', '/v1/admin/users/u_gone', { key: a.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'u_gone',
      accountId: 'acc_e',
      erased: { events: 2, eventCounters: 2, messageStates: 1, dailyPrompts: 1 },
    });
    const gone = sql`and user_id = 'u_gone'`;
    for (const table of ['users', 'events', 'event_counters', 'message_states', 'user_daily_prompts']) {
      const where = table === 'users' ? sql`and id = 'u_gone'` : gone;
      expect(await count(table, a.workspaceId, where), table).toBe(0);
      expect(await count(table, b.workspaceId, where), `${table} of another workspace`).toBeGreaterThan(0);
    }
    expect(await count('events', a.workspaceId, sql`and user_id = 'u_stays'`)).toBe(2);
    expect(await count('event_counters', a.workspaceId, sql`and user_id = ''`)).toBe(accountEventsBefore);
    const left = await call(ctx, 'GET', '/v1/admin/users?account=acc_e', { key: a.secretKey });
    expect(left.body.data.map((u: { id: string }) => u.id)).toEqual(['u_stays']);
  });

  it('answers 404 for a user it does not know, or already erased, and changes nothing', async () => {
    const again = await call(ctx, 'DELETE', '/v1/admin/users/u_gone', { key: a.secretKey });
    expect([again.status, again.body.error.code]).toEqual([404, 'not_found']);
    const before = await count('events', a.workspaceId);
    const unknown = await call(ctx, 'DELETE', '/v1/admin/users/u_never', { key: a.secretKey });
    expect(unknown.status).toBe(404);
    expect(await count('events', a.workspaceId)).toBe(before);
  });
});
