import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { makeBatch, makeEvent } from '../../bench/support/events.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

const ORIGIN = 'https://app.example.com';
const DAY = 24 * 60 * 60 * 1000;

let ctx: TestContext;
let ws: WorkspaceCredentials;
let other: WorkspaceCredentials;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme', allowedOrigins: [ORIGIN] });
  other = await createWorkspace(ctx, { name: 'Other' });
});
afterAll(() => ctx.close());

const token = (sub: string, account = 'acc-1', secret = ws.identitySecret, expiresIn = '1h') =>
  signUserToken(secret, { sub, account, role: 'admin' }, expiresIn);

async function send(events: unknown[], sub = 'u-1', account = 'acc-1', headers: Record<string, string> = {}) {
  return call(ctx, 'POST', '/v1/events', {
    key: ws.publishableKey,
    token: await token(sub, account),
    body: { events },
    headers,
  });
}

async function storedIds(ids: string[]): Promise<string[]> {
  const rows = await ctx.database.rows<{ id: string }>(
    sql`select id from events where id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  return rows.map((r) => r.id);
}

async function counter(account: string, user: string, name: string, day: string) {
  const rows = await ctx.database.rows<{ count: number }>(
    sql`select count from event_counters where workspace_id = ${ws.workspaceId} and account_id = ${account}
        and user_id = ${user} and name = ${name} and day = ${day}::date`,
  );
  return rows[0]?.count ?? 0;
}

describe('POST /v1/events', () => {
  it('stores the batch for the token’s account and user and answers 202 after commit', async () => {
    const events = makeBatch(10);
    const res = await send(events, 'u-store', 'acc-store');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 10, duplicates: 0 });
    const rows = await ctx.database.rows<{ account_id: string; user_id: string; source: string }>(
      sql`select account_id, user_id, source from events where workspace_id = ${ws.workspaceId}
          and account_id = 'acc-store'`,
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.user_id === 'u-store' && r.source === 'widget')).toBe(true);
  });

  it('stores each event once and counts it once when the same batch is sent 5 times', async () => {
    const at = new Date(ctx.clock.now.getTime() - 60_000);
    const events = Array.from({ length: 20 }, () => makeEvent({ name: 'report.exported' }, at));
    const acks = [];
    for (let i = 0; i < 5; i++) acks.push((await send(events, 'u-dup', 'acc-dup')).body);
    expect(acks[0]).toEqual({ accepted: 20, duplicates: 0 });
    for (const ack of acks.slice(1)) expect(ack).toEqual({ accepted: 0, duplicates: 20 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(20);
    const day = at.toISOString().slice(0, 10);
    expect(await counter('acc-dup', 'u-dup', 'report.exported', day)).toBe(20);
    expect(await counter('acc-dup', '', 'report.exported', day)).toBe(20);
  });

  it('stores each event once when the same batch arrives 5 times concurrently', async () => {
    const events = makeBatch(30);
    const acks = await Promise.all(Array.from({ length: 5 }, () => send(events, 'u-race', 'acc-race')));
    expect(acks.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(acks.reduce((sum, a) => sum + a.body.accepted, 0)).toBe(30);
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(30);
    const total = await ctx.database.rows<{ n: number }>(
      sql`select coalesce(sum(count), 0)::int as n from event_counters
          where workspace_id = ${ws.workspaceId} and account_id = 'acc-race' and user_id = ''`,
    );
    // 30 events, of which 6 page views counted a second time under their path.
    expect(total[0]?.n).toBe(36);
  });

  it('accepts each id once across 40 concurrent overlapping batches (merged while the database is busy)', async () => {
    const pool = makeBatch(410);
    // Batch i carries events i*10 … i*10+19: all but the first and last ten are in two batches.
    const batches = Array.from({ length: 40 }, (_, i) => pool.slice(i * 10, i * 10 + 20));
    const acks = await Promise.all(batches.map((events, i) => send(events, `u-merge-${i % 4}`, 'acc-merge')));
    expect(acks.every((a) => a.status === 202)).toBe(true);
    expect(acks.reduce((sum, a) => sum + a.body.accepted, 0)).toBe(410);
    expect(acks.reduce((sum, a) => sum + a.body.duplicates, 0)).toBe(40 * 20 - 410);
    expect(await storedIds(pool.map((e) => e.id))).toHaveLength(410);
    const total = await ctx.database.rows<{ n: number }>(
      sql`select coalesce(sum(count), 0)::int as n from event_counters
          where workspace_id = ${ws.workspaceId} and account_id = 'acc-merge' and user_id = ''
          and name not like 'page.viewed:%'`,
    );
    expect(total[0]?.n).toBe(410);
  });

  it('keeps daily counters per UTC day, per user and per account', async () => {
    const today = new Date(ctx.clock.now.getTime() - 1000);
    const yesterday = new Date(today.getTime() - DAY);
    await send(
      [
        makeEvent({ name: 'query.run' }, today),
        makeEvent({ name: 'query.run' }, today),
        makeEvent({ name: 'query.run' }, yesterday),
      ],
      'u-a',
      'acc-count',
    );
    await send([makeEvent({ name: 'query.run' }, today)], 'u-b', 'acc-count');
    const d0 = today.toISOString().slice(0, 10);
    const d1 = yesterday.toISOString().slice(0, 10);
    expect(await counter('acc-count', 'u-a', 'query.run', d0)).toBe(2);
    expect(await counter('acc-count', 'u-a', 'query.run', d1)).toBe(1);
    expect(await counter('acc-count', 'u-b', 'query.run', d0)).toBe(1);
    expect(await counter('acc-count', '', 'query.run', d0)).toBe(3);
    expect(await counter('acc-count', '', 'query.run', d1)).toBe(1);
  });

  it('counts page views also under page.viewed:<path> with the path normalised', async () => {
    const at = new Date(ctx.clock.now.getTime() - 1000);
    await send(
      [
        makeEvent({ name: 'page.viewed', props: { path: '/pricing' } }, at),
        makeEvent({ name: 'page.viewed', props: { path: '/pricing/?plan=pro#faq' } }, at),
        makeEvent({ name: 'page.viewed', props: { path: '/docs' } }, at),
        makeEvent({ name: 'page.viewed', props: {} }, at),
      ],
      'u-page',
      'acc-page',
    );
    const day = at.toISOString().slice(0, 10);
    expect(await counter('acc-page', 'u-page', 'page.viewed:/pricing', day)).toBe(2);
    expect(await counter('acc-page', '', 'page.viewed:/pricing', day)).toBe(2);
    expect(await counter('acc-page', 'u-page', 'page.viewed:/docs', day)).toBe(1);
    expect(await counter('acc-page', '', 'page.viewed', day)).toBe(4);
  });

  it('grants CORS to an allowed Origin and refuses any other with 403, storing nothing', async () => {
    const ok = await send([makeEvent()], 'u-o', 'acc-o', { origin: ORIGIN });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const events = [makeEvent()];
    const res = await send(events, 'u-o', 'acc-o', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(await storedIds([events[0]?.id ?? ''])).toEqual([]);
  });

  it.each([
    ['forged', () => token('u-x', 'acc-x', 'not-the-identity-secret-at-all-0123456789')],
    ['expired', () => signUserToken(ws.identitySecret, { sub: 'u-x', account: 'acc-x' }, '-1m')],
    ['other-workspace', () => token('u-x', 'acc-x', other.identitySecret)],
  ])('rejects a %s user token with 401 and stores nothing', async (_, makeToken) => {
    const events = [makeEvent()];
    const res = await call(ctx, 'POST', '/v1/events', {
      key: ws.publishableKey,
      token: await makeToken(),
      body: { events },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_user_token');
    expect(await storedIds([events[0]?.id ?? ''])).toEqual([]);
  });

  it('rejects a missing or unknown publishable key with 401', async () => {
    const t = await token('u-k');
    const missing = await call(ctx, 'POST', '/v1/events', { token: t, body: { events: [makeEvent()] } });
    expect(missing.status).toBe(401);
    const unknown = await call(ctx, 'POST', '/v1/events', {
      key: `pk_${'0'.repeat(40)}`,
      token: t,
      body: { events: [makeEvent()] },
    });
    expect(unknown.status).toBe(401);
  });
});

describe('POST /v1/events › validation', () => {
  it('refuses an event field it does not know (a misspelt `properties`) at its index, storing nothing', async () => {
    const events = [makeEvent(), { ...makeEvent(), properties: { plan: 'pro' } }];
    const res = await send(events);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues).toEqual([
      expect.objectContaining({ path: ['events', 1, 'properties'], code: 'unrecognized_keys' }),
    ]);
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
  });

  it('rejects 501 events with 400 and stores none', async () => {
    const events = makeBatch(501);
    const res = await send(events);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(await storedIds(events.slice(0, 50).map((e) => e.id))).toEqual([]);
  });

  it('rejects props over 8 KB with 400 naming the event index and field', async () => {
    const events = [makeEvent(), makeEvent({ props: { blob: 'x'.repeat(8_200) } })];
    const res = await send(events);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['events', 1, 'props']);
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
  });

  it.each([
    ['more than 24 h ahead', DAY + 60_000],
    ['more than 30 days old', -31 * DAY],
  ])('rejects an event %s with ts_out_of_range at its index, storing nothing', async (_, offset) => {
    const events = [makeEvent(), makeEvent(), makeEvent({}, new Date(ctx.clock.now.getTime() + offset))];
    const res = await send(events);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      expect.objectContaining({ path: ['events', 2, 'ts'], code: 'ts_out_of_range' }),
    ]);
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
  });

  it('rejects an interaction event without a decision or campaign id', async () => {
    const res = await send([makeEvent({ name: 'message.dismissed' })]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: ['events', 0, 'decisionId'] });
  });

  it('rejects bad ids, names and an empty batch with field paths', async () => {
    const badId = await send([{ ...makeEvent(), id: 'nope' }]);
    expect(badId.body.error.details.issues[0].path).toEqual(['events', 0, 'id']);
    const badName = await send([makeEvent(), makeEvent({ name: 'has space' })]);
    expect(badName.body.error.details.issues[0].path).toEqual(['events', 1, 'name']);
    const empty = await send([]);
    expect(empty.status).toBe(400);
  });

  it('answers malformed JSON with 400 and other content types with 415', async () => {
    const t = await token('u-j');
    const bad = await call(ctx, 'POST', '/v1/events', {
      key: ws.publishableKey,
      token: t,
      body: '{"events":',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('malformed_json');
    const form = await call(ctx, 'POST', '/v1/events', {
      key: ws.publishableKey,
      token: t,
      body: 'events=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});

describe('OpenAPI', () => {
  it('documents POST /v1/events (JSON and sendBeacon text/plain) and POST /v1/admin/events', async () => {
    const res = await ctx.app.request('/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<string, { post?: { requestBody?: { content?: object } } }>;
    };
    expect(Object.keys(doc.paths['/v1/events']?.post?.requestBody?.content ?? {})).toEqual([
      'application/json',
      'text/plain',
    ]);
    expect(doc.paths['/v1/admin/events']?.post).toBeDefined();
  });
});
