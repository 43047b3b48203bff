import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentEventId } from '../../../server/domain/segment.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let ws: WorkspaceCredentials;
const PATH = '/v1/admin/integrations/segment';

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'On Segment' });
  const synced = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
    key: ws.secretKey,
    body: { items: [{ id: 'acc-seg' }] },
  });
  expect(synced.status).toBe(200);
});
afterAll(() => ctx.close());

/** A message as Segment's webhook destination posts it, with fields Attach does not read. */
const track = (messageId: string, fields: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId,
  event: 'Report Exported',
  userId: 'u-seg',
  anonymousId: 'anon-1',
  timestamp: new Date(ctx.clock.now.getTime() - 60_000).toISOString(),
  receivedAt: ctx.clock.now.toISOString(),
  properties: { format: 'csv' },
  context: { groupId: 'acc-seg', library: { name: 'analytics.js', version: '2.11.1' } },
  integrations: {},
  version: 2,
  ...fields,
});

async function counter(name: string, user = '') {
  const rows = await ctx.database.rows<{ n: number }>(
    sql`select coalesce(sum(count), 0)::int as n from event_counters
        where workspace_id = ${ws.workspaceId} and account_id = 'acc-seg' and user_id = ${user} and name = ${name}`,
  );
  return rows[0]?.n ?? 0;
}

describe('POST /v1/admin/integrations/segment', () => {
  it('stores a track call as an event of its group, counted for the account and the user', async () => {
    const res = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: track('m-1') });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 0,
      accounts: 0,
      users: 0,
      skipped: [],
      unknownAccounts: [],
    });
    const rows = await ctx.database.rows<{
      name: string;
      account_id: string;
      user_id: string;
      source: string;
    }>(sql`select name, account_id, user_id, source from events where id = ${segmentEventId('m-1')}::uuid`);
    expect(rows).toEqual([
      { name: 'report_exported', account_id: 'acc-seg', user_id: 'u-seg', source: 'server' },
    ]);
    expect(await counter('report_exported')).toBe(1);
    expect(await counter('report_exported', 'u-seg')).toBe(1);
    // The Overview can tell Segment is connected.
    await expect
      .poll(async () => {
        const seen = await call(ctx, 'GET', '/v1/admin/vocabulary/integration', { key: ws.secretKey });
        return seen.body.data.map((e: { name: string }) => e.name);
      })
      .toEqual(['segment']);
    // The name is in the vocabulary, for the campaign editor to offer.
    await expect
      .poll(async () => {
        const names = await call(ctx, 'GET', '/v1/admin/vocabulary/event?prefix=report_', {
          key: ws.secretKey,
        });
        return names.body.data.map((e: { name: string }) => e.name);
      })
      .toEqual(['report_exported']);
  });

  it('takes Segment’s retries of a message as duplicates', async () => {
    const first = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: track('m-retry') });
    expect(first.body.accepted).toBe(1);
    const before = await counter('report_exported');
    const retry = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: track('m-retry') });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await counter('report_exported')).toBe(before);
  });

  it('stores a batch, page views included, and lists what it skipped with the reason, storing the rest', async () => {
    const old = new Date(ctx.clock.now.getTime() - 40 * 86_400_000).toISOString();
    const batch = [
      track('b-1', { event: 'Seat Added' }),
      { ...track('b-2'), type: 'page', event: undefined, properties: { path: '/pricing', title: 'Pricing' } },
      { type: 'alias', messageId: 'b-3', userId: 'u-seg', previousId: 'anon-1' },
      track('b-4', { context: {} }),
      track('b-5', { timestamp: old }),
      track('b-6', { context: { groupId: 'acc-unsynced' } }),
    ];
    const res = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: { batch } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 0, unknownAccounts: ['acc-unsynced'] });
    expect(
      res.body.skipped.map((s: { index: number; messageId: string; reason: string }) => [
        s.index,
        s.messageId,
        s.reason,
      ]),
    ).toEqual([
      [2, 'b-3', 'unsupported_type'],
      [3, 'b-4', 'no_account'],
      [4, 'b-5', 'out_of_window'],
    ]);
    expect(await counter('seat_added')).toBe(1);
    // A page view counts under its path too, for page triggers.
    expect(await counter('page.viewed:/pricing')).toBe(1);
  });

  it('answers 200 with nothing stored when every message is skipped', async () => {
    const res = await call(ctx, 'POST', PATH, {
      key: ws.secretKey,
      body: { type: 'screen', messageId: 'g-1', name: 'Home', userId: 'u-seg' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 0, unknownAccounts: [] });
    expect(res.body.skipped[0]).toMatchObject({ index: 0, messageId: 'g-1', reason: 'unsupported_type' });
  });

  it('syncs the accounts of group calls and then the users of identify calls, each retry changing nothing more', async () => {
    const batch = [
      {
        type: 'group',
        messageId: 'h-1',
        userId: 'u-new',
        groupId: 'acc-new',
        traits: { name: 'Initech', plan: 'business', employees: 300 },
      },
      {
        type: 'identify',
        messageId: 'h-2',
        userId: 'u-new',
        traits: { email: 'peter@initech.example', name: 'Peter', role: 'admin', title: 'Engineer' },
        context: { groupId: 'acc-new', locale: 'en-US' },
      },
      { type: 'identify', messageId: 'h-3', userId: 'u-ghost', context: { groupId: 'acc-ghost' } },
      track('h-4', { userId: 'u-new', context: { groupId: 'acc-new' } }),
    ];
    const res = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: { batch } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      accepted: 1,
      duplicates: 0,
      accounts: 1,
      users: 1,
      unknownAccounts: [],
    });
    expect(res.body.skipped).toEqual([
      {
        index: 2,
        messageId: 'h-3',
        reason: 'unknown_account',
        message: 'No account "acc-ghost": its group call, or a sync, must come first',
      },
    ]);
    const account = await call(ctx, 'GET', '/v1/admin/accounts/acc-new', { key: ws.secretKey });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({
      id: 'acc-new',
      name: 'Initech',
      plan: 'business',
      attributes: { employees: 300 },
    });
    const users = await ctx.database.rows<{
      email: string;
      role: string;
      locale: string;
      account_id: string;
    }>(
      sql`select email, role, locale, account_id from users where workspace_id = ${ws.workspaceId} and id = 'u-new'`,
    );
    expect(users).toEqual([
      { email: 'peter@initech.example', role: 'admin', locale: 'en-US', account_id: 'acc-new' },
    ]);
    // Segment retries the whole batch: the same account and user, and the event once.
    const retry = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: { batch } });
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 1, accounts: 1, users: 1 });
    const count = await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from accounts where workspace_id = ${ws.workspaceId} and id = 'acc-new'`,
    );
    expect(count[0]?.n).toBe(1);
  });

  it('refuses a body that is not a Segment message with 400 naming the field, storing nothing', async () => {
    const noId = await call(ctx, 'POST', PATH, { key: ws.secretKey, body: { type: 'track', event: 'X' } });
    expect(noId.status).toBe(400);
    expect(noId.body.error.code).toBe('validation_failed');
    expect(noId.body.error.message).toMatch(/^body\.messageId: /);
    const badBatch = await call(ctx, 'POST', PATH, {
      key: ws.secretKey,
      body: { batch: [track('ok-1'), { type: 'track' }] },
    });
    expect(badBatch.status).toBe(400);
    expect(badBatch.body.error.message).toMatch(/^body\.batch\.1\.messageId: /);
    const stored = await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from events where id = ${segmentEventId('ok-1')}::uuid`,
    );
    expect(stored[0]?.n).toBe(0);
    const tooMany = await call(ctx, 'POST', PATH, {
      key: ws.secretKey,
      body: { batch: Array.from({ length: 1001 }, (_, i) => track(`many-${i}`)) },
    });
    expect(tooMany.status).toBe(400);
  });

  it('needs a secret key or an editor API key; a viewer key only reads', async () => {
    expect((await call(ctx, 'POST', PATH, { body: track('auth-1') })).status).toBe(401);
    const made = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: ws.secretKey,
      body: { name: 'Segment', role: 'editor' },
    });
    const viewer = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: ws.secretKey,
      body: { name: 'BI', role: 'viewer' },
    });
    expect((await call(ctx, 'POST', PATH, { key: viewer.body.key, body: track('auth-2') })).status).toBe(403);
    const res = await call(ctx, 'POST', PATH, { key: made.body.key, body: track('auth-3') });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
  });
});
