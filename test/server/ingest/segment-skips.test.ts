import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneDeveloperLogs } from '../../../server/services/developer-logs.ts';
import {
  SEGMENT_PATH,
  SEGMENT_SKIPS_KEPT_DAYS,
  SEGMENT_SKIPS_KEPT_MAX,
  SEGMENT_SKIPS_PATH,
  SEGMENT_SKIPS_PER_MINUTE,
  type SegmentSkip,
} from '../../../shared/segment.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { createWorkspaceWithOwner, OWNER, signIn } from '../../support/console.ts';

let ctx: TestContext;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function skips(key: string, query = ''): Promise<{ data: SegmentSkip[]; nextCursor: string | null }> {
  const res = await call(ctx, 'GET', `${SEGMENT_SKIPS_PATH}${query}`, { key });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function send(ws: WorkspaceCredentials, batch: Record<string, unknown>[]) {
  const res = await call(ctx, 'POST', SEGMENT_PATH, { key: ws.secretKey, body: { batch } });
  expect(res.status, res.text).toBe(200);
  return res.body as { accepted: number; skipped: { messageId: string }[] };
}

const track = (messageId: string, fields: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId,
  event: 'Report Exported',
  userId: 'u-1',
  timestamp: ctx.clock.now.toISOString(),
  context: { groupId: 'acc-1' },
  traits: { email: 'never-kept@example.com' },
  ...fields,
});

describe('skipped Segment messages', () => {
  it('keeps each skipped message with its call, event name, reason and message, newest first; never the stored ones', async () => {
    const ws = await createWorkspace(ctx, { name: 'Skipping' });
    const ack = await send(ws, [
      track('ok-1'),
      track('no-account', { context: {}, event: 'Seat Added' }),
      { type: 'screen', messageId: 'screen-1', name: 'Home', userId: 'u-1' },
      {
        type: 'identify',
        messageId: 'who-1',
        userId: 'u-9',
        traits: { email: 'x@example.com', accountId: 'acc-new' },
      },
    ]);
    expect(ack.accepted).toBe(1);
    expect(ack.skipped.map((s) => s.messageId)).toEqual(['no-account', 'screen-1', 'who-1']);

    const page = await skips(ws.secretKey);
    expect(page.nextCursor).toBeNull();
    const byId = Object.fromEntries(page.data.map((s) => [s.messageId, s]));
    expect(Object.keys(byId).sort()).toEqual(['no-account', 'screen-1', 'who-1']);
    expect(byId['no-account']).toMatchObject({
      type: 'track',
      event: 'Seat Added',
      reason: 'no_account',
    });
    expect(Date.parse(byId['no-account']?.at ?? '')).toBe(ctx.clock.now.getTime());
    expect(byId['no-account']?.message).toMatch(/context\.groupId/);
    expect(byId['screen-1']).toMatchObject({ type: 'screen', event: null, reason: 'unsupported_type' });
    expect(byId['who-1']).toMatchObject({ type: 'identify', event: null, reason: 'unknown_account' });
    expect(byId['who-1']?.message).toContain('acc-new');

    // Nothing of the person is kept: no user id, no email.
    const rows = await ctx.database.rows<Record<string, unknown>>(
      sql`select * from segment_skips where workspace_id = ${ws.workspaceId}`,
    );
    expect(JSON.stringify(rows)).not.toMatch(/u-1|u-9|@example\.com/);

    // Newer skips come first; filters by reason and time.
    ctx.clock.advance(1_000);
    await send(ws, [
      track('late', { timestamp: new Date(ctx.clock.now.getTime() - 40 * DAY).toISOString() }),
    ]);
    expect((await skips(ws.secretKey)).data[0]).toMatchObject({ messageId: 'late', reason: 'out_of_window' });
    expect((await skips(ws.secretKey, '?reason=no_account')).data.map((s) => s.messageId)).toEqual([
      'no-account',
    ]);
    const since = encodeURIComponent(ctx.clock.now.toISOString());
    expect((await skips(ws.secretKey, `?since=${since}`)).data.map((s) => s.messageId)).toEqual(['late']);
  });

  it('lists a workspace’s own skips only, to every role and to the console', async () => {
    const mine = await createWorkspaceWithOwner(ctx, 'Mine');
    const theirs = await createWorkspace(ctx, { name: 'Theirs' });
    await send(theirs, [track('theirs', { context: {} })]);
    expect((await skips(mine.secretKey)).data).toEqual([]);
    const viewer = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: theirs.secretKey,
      body: { name: 'Reader', role: 'viewer' },
    });
    expect(viewer.status, viewer.text).toBe(201);
    expect((await skips(viewer.body.key)).data.map((s) => s.messageId)).toEqual(['theirs']);
    const owner = await signIn(ctx, OWNER);
    const res = await owner.call('GET', SEGMENT_SKIPS_PATH);
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it(`keeps at most ${SEGMENT_SKIPS_PER_MINUTE} a minute per workspace, then more once the minute has passed`, async () => {
    const ws = await createWorkspace(ctx, { name: 'Misconfigured source' });
    const batch = Array.from({ length: SEGMENT_SKIPS_PER_MINUTE + 40 }, (_, i) =>
      track(`flood-${i}`, { context: {} }),
    );
    const ack = await send(ws, batch);
    // The answer still lists every one; the log keeps the first ones.
    expect(ack.skipped).toHaveLength(SEGMENT_SKIPS_PER_MINUTE + 40);
    const count = async () => {
      const rows = await ctx.database.rows<{ n: number }>(
        sql`select count(*)::int as n from segment_skips where workspace_id = ${ws.workspaceId}`,
      );
      return rows[0]?.n;
    };
    expect(await count()).toBe(SEGMENT_SKIPS_PER_MINUTE);
    await send(ws, [track('still-flooding', { context: {} })]);
    expect(await count()).toBe(SEGMENT_SKIPS_PER_MINUTE);
    ctx.clock.advance(60_000);
    await send(ws, [track('a-minute-later', { context: {} })]);
    expect(await count()).toBe(SEGMENT_SKIPS_PER_MINUTE + 1);

    const first = await skips(ws.secretKey, '?limit=50');
    expect(first.data[0]?.messageId).toBe('a-minute-later');
    const rest = await skips(ws.secretKey, `?limit=50&cursor=${first.nextCursor}`);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...first.data, ...rest.data].map((s) => s.id)).size).toBe(SEGMENT_SKIPS_PER_MINUTE + 1);
  });

  it(`are pruned after ${SEGMENT_SKIPS_KEPT_DAYS} days, and past a workspace's newest ${SEGMENT_SKIPS_KEPT_MAX}`, async () => {
    const ws = await createWorkspace(ctx, { name: 'Pruned skips' });
    const busy = await createWorkspace(ctx, { name: 'Busy skips' });
    const now = ctx.clock.now.getTime();
    const at = (ms: number) => new Date(now - ms).toISOString();
    await ctx.database.rows(sql`
      insert into segment_skips (workspace_id, message_id, type, reason, message, created_at)
      values (${ws.workspaceId}, 'old', 'alias', 'unsupported_type', 'm', ${at((SEGMENT_SKIPS_KEPT_DAYS + 1) * DAY)}::timestamptz),
             (${ws.workspaceId}, 'recent', 'alias', 'unsupported_type', 'm', ${at(DAY)}::timestamptz)`);
    await ctx.database.rows(sql`
      insert into segment_skips (workspace_id, message_id, type, reason, message, created_at)
      select ${busy.workspaceId}, 'n-' || n, 'alias', 'unsupported_type', 'm',
        ${at(0)}::timestamptz - make_interval(secs => n)
      from generate_series(1, ${SEGMENT_SKIPS_KEPT_MAX + 5}) n`);
    expect((await pruneDeveloperLogs(ctx.deps)).segment_skips).toBeGreaterThanOrEqual(6);
    expect((await skips(ws.secretKey)).data.map((s) => s.messageId)).toEqual(['recent']);
    const kept = await ctx.database.rows<{ n: number; oldest: string }>(
      sql`select count(*)::int as n, min(message_id) filter (where message_id = 'n-1000') as oldest
          from segment_skips where workspace_id = ${busy.workspaceId}`,
    );
    expect(kept[0]).toEqual({ n: SEGMENT_SKIPS_KEPT_MAX, oldest: 'n-1000' });
  });

  it('answers 400 for an unknown reason or another list’s cursor', async () => {
    const ws = await createWorkspace(ctx, { name: 'Bad skip queries' });
    for (const query of ['?reason=bored', '?since=yesterday', '?cursor=nope']) {
      const res = await call(ctx, 'GET', `${SEGMENT_SKIPS_PATH}${query}`, { key: ws.secretKey });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
