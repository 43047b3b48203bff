import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { makeEvent } from '../../bench/support/events.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let ws: WorkspaceCredentials;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme' });
});
afterAll(() => ctx.close());

describe('POST /v1/admin/events', () => {
  it('stores server events for the named accounts and users with source server', async () => {
    const at = new Date(ctx.clock.now.getTime() - 1000);
    const events = [
      { ...makeEvent({ name: 'invoice.paid' }, at), accountId: 'acc-s1' },
      { ...makeEvent({ name: 'invoice.paid' }, at), accountId: 'acc-s1', userId: 'u-s1' },
      { ...makeEvent({ name: 'invoice.paid' }, at), accountId: 'acc-s2' },
    ];
    const res = await call(ctx, 'POST', '/v1/admin/events', { key: ws.secretKey, body: { events } });
    expect(res.status).toBe(202);
    // Neither account was synced: stored all the same, and named so a typo is noticed.
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, unknownAccounts: ['acc-s1', 'acc-s2'] });
    await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: ws.secretKey,
      body: { items: [{ id: 'acc-s1' }] },
    });
    const again = await call(ctx, 'POST', '/v1/admin/events', { key: ws.secretKey, body: { events } });
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, unknownAccounts: ['acc-s2'] });

    const rows = await ctx.database.rows<{ account_id: string; user_id: string; count: number }>(
      sql`select account_id, user_id, count from event_counters where workspace_id = ${ws.workspaceId}
          and name = 'invoice.paid' order by account_id, user_id`,
    );
    // An event without a user counts for its account only.
    expect(rows).toEqual([
      { account_id: 'acc-s1', user_id: '', count: 2 },
      { account_id: 'acc-s1', user_id: 'u-s1', count: 1 },
      { account_id: 'acc-s2', user_id: '', count: 1 },
    ]);
    const sources = await ctx.database.rows<{ source: string }>(
      sql`select distinct source from events where workspace_id = ${ws.workspaceId}`,
    );
    expect(sources).toEqual([{ source: 'server' }]);
  });

  it('accepts 1,000 events and rejects 1,001 with 400', async () => {
    const make = (n: number) => Array.from({ length: n }, () => ({ ...makeEvent(), accountId: 'acc-big' }));
    const ok = await call(ctx, 'POST', '/v1/admin/events', {
      key: ws.secretKey,
      body: { events: make(1000) },
    });
    expect(ok.status).toBe(202);
    expect(ok.body.accepted).toBe(1000);
    const tooMany = await call(ctx, 'POST', '/v1/admin/events', {
      key: ws.secretKey,
      body: { events: make(1001) },
    });
    expect(tooMany.status).toBe(400);
  });

  it('requires the secret key', async () => {
    const events = [{ ...makeEvent(), accountId: 'acc' }];
    expect((await call(ctx, 'POST', '/v1/admin/events', { body: { events } })).status).toBe(401);
    const withPk = await call(ctx, 'POST', '/v1/admin/events', {
      headers: { authorization: `Bearer ${ws.publishableKey}` },
      body: { events },
    });
    expect(withPk.status).toBe(401);
  });

  it('rejects an event outside the time window at its index', async () => {
    const old = new Date(ctx.clock.now.getTime() - 40 * 24 * 60 * 60 * 1000);
    const events = [{ ...makeEvent({}, old), accountId: 'acc' }];
    const res = await call(ctx, 'POST', '/v1/admin/events', { key: ws.secretKey, body: { events } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({
      path: ['events', 0, 'ts'],
      code: 'ts_out_of_range',
    });
  });
});
