import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../server/db/client.ts';
import { WIDGET_EVENT_NAMES_CAP } from '../../../server/services/vocabulary.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
let a: WorkspaceCredentials;
let b: WorkspaceCredentials;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestApp();
  a = await createWorkspace(ctx, { name: 'Vocabulary A' });
  b = await createWorkspace(ctx, { name: 'Vocabulary B' });
  for (const ws of [a, b]) {
    const res = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: ws.secretKey,
      body: { items: [{ id: 'acc_1', name: 'Acme' }] },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(() => ctx.close());

async function send(ws: WorkspaceCredentials, names: string[]) {
  const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'acc_1' });
  const ts = ctx.clock.now.toISOString();
  const decisionId = randomUUID();
  const res = await call(ctx, 'POST', '/v1/events', {
    key: ws.publishableKey,
    token,
    body: { events: names.map((name) => ({ id: randomUUID(), name, ts, props: {}, decisionId })) },
  });
  expect(res.status).toBe(202);
}

async function list(ws: WorkspaceCredentials, kind: string, query = '') {
  const res = await call(ctx, 'GET', `/v1/admin/vocabulary/${kind}${query}`, { key: ws.secretKey });
  expect(res.status).toBe(200);
  return res.body as {
    data: Array<{ name: string; firstSeenAt: string; lastSeenAt: string }>;
    nextCursor: string | null;
  };
}
const names = async (ws: WorkspaceCredentials, kind: string, query = '') =>
  (await list(ws, kind, query)).data.map((e) => e.name);

describe('event names', () => {
  it('lists the names ingested, once each, in name order, without the widget’s interaction events', async () => {
    await send(a, ['report.exported', 'report.exported', 'integration.connected', 'message.clicked']);
    await send(a, ['report.exported', 'message.sent']);
    expect(await names(a, 'event')).toEqual(['integration.connected', 'message.sent', 'report.exported']);
  });

  it('keeps each workspace’s names to itself', async () => {
    await send(b, ['invoice.paid']);
    expect(await names(b, 'event')).toEqual(['invoice.paid']);
    expect(await names(a, 'event')).not.toContain('invoice.paid');
  });

  it('keeps when a name was first seen and moves its last sighting on another day', async () => {
    const before = (await list(a, 'event', '?prefix=report.')).data[0];
    ctx.clock.advance(2 * DAY);
    await send(a, ['report.exported']);
    const after = (await list(a, 'event', '?prefix=report.')).data[0];
    expect(after?.firstSeenAt).toBe(before?.firstSeenAt);
    expect(after?.lastSeenAt).toBe(ctx.clock.now.toISOString());
    expect(Date.parse(after?.lastSeenAt ?? '')).toBeGreaterThan(Date.parse(before?.lastSeenAt ?? ''));
  });

  it('filters by prefix and pages with a cursor', async () => {
    await send(a, ['report.created', 'report.shared']);
    expect(await names(a, 'event', '?prefix=report.')).toEqual([
      'report.created',
      'report.exported',
      'report.shared',
    ]);
    expect(await names(a, 'event', '?prefix=Report.')).toEqual([]);
    const first = await list(a, 'event', '?prefix=report.&limit=2');
    expect(first.data.map((e) => e.name)).toEqual(['report.created', 'report.exported']);
    const second = await list(a, 'event', `?prefix=report.&limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((e) => e.name)).toEqual(['report.shared']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('event names from the widget', () => {
  it(`keeps at most ${WIDGET_EVENT_NAMES_CAP} a workspace, still moving known ones and adding the host's own`, async () => {
    const ws = await createWorkspace(ctx, { name: 'Made-up events' });
    const accounts = await call(ctx, 'POST', '/v1/admin/accounts/batch', {
      key: ws.secretKey,
      body: { items: [{ id: 'acc_1' }] },
    });
    expect(accounts.status).toBe(200);
    const madeUp = (i: number) => `made.up.${String(i).padStart(4, '0')}`;
    // Three batches at once: on PostgreSQL each notes its names on its own connection.
    await Promise.all(
      [0, 400, 800].map((from) =>
        send(
          ws,
          Array.from({ length: 400 }, (_, i) => madeUp(from + i)),
        ),
      ),
    );
    const all = async () => {
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(ws, 'event', `?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        listed.push(...page.data.map((e) => e.name));
        cursor = page.nextCursor;
      } while (cursor);
      return listed;
    };
    const kept = await all();
    // Which ones depends on which batch came first; never more than the cap.
    expect(kept).toHaveLength(WIDGET_EVENT_NAMES_CAP);
    expect(kept.every((name) => name.startsWith('made.up.'))).toBe(true);
    const turnedAway = Array.from({ length: 1200 }, (_, i) => madeUp(i)).find((n) => !kept.includes(n));
    if (!turnedAway) throw new Error('every name was kept');

    // The host's backend names its events whatever the count, also one the widget was turned away with.
    const at = ctx.clock.now.toISOString();
    const server = await call(ctx, 'POST', '/v1/admin/events', {
      key: ws.secretKey,
      body: {
        events: ['invoice.paid', turnedAway].map((name) => ({
          id: randomUUID(),
          name,
          ts: at,
          props: {},
          accountId: 'acc_1',
        })),
      },
    });
    expect(server.status).toBe(202);
    const after = await all();
    expect(after).toHaveLength(WIDGET_EVENT_NAMES_CAP + 2);
    expect(after).toEqual(expect.arrayContaining(['invoice.paid', turnedAway]));

    // A day on, the widget still moves a name it knows, and still adds none.
    ctx.clock.advance(DAY);
    await send(ws, [kept[0] ?? '', 'another.made.up']);
    const first = (await list(ws, 'event', '?limit=1')).data[0];
    expect(first?.name).toBe('invoice.paid');
    const known = (await list(ws, 'event', `?prefix=${kept[0]}`)).data[0];
    expect(known?.lastSeenAt).toBe(ctx.clock.now.toISOString());
    expect(await names(ws, 'event', '?prefix=another.')).toEqual([]);
  });
});

describe('host data', () => {
  it('lists the segments, roles and metrics the batches set', async () => {
    const post = (path: string, items: unknown[]) =>
      call(ctx, 'POST', `/v1/admin/${path}`, { key: a.secretKey, body: { items } });
    expect(
      (await post('accounts/batch', [{ id: 'acc_2', name: 'Globex', segment: 'mid_market' }])).status,
    ).toBe(200);
    expect((await post('accounts/batch', [{ id: 'acc_3', name: 'Initech', segment: null }])).status).toBe(
      200,
    );
    expect((await post('users/batch', [{ id: 'u2', accountId: 'acc_2', role: 'billing' }])).status).toBe(200);
    expect(
      (await post('usage/batch', [{ accountId: 'acc_2', metric: 'api_calls', value: 10, limit: 100 }]))
        .status,
    ).toBe(200);
    expect(await names(a, 'segment')).toEqual(['mid_market']);
    // The events sent above carried tokens without a role claim: the default one.
    expect(await names(a, 'role')).toEqual(['billing', 'member']);
    expect(await names(a, 'metric')).toEqual(['api_calls']);
    expect(await names(b, 'segment')).toEqual([]);
  });

  it('a user synced without a role has the default one', async () => {
    const fresh = await createWorkspace(ctx, { name: 'Vocabulary C' });
    const post = (path: string, items: unknown[]) =>
      call(ctx, 'POST', `/v1/admin/${path}`, { key: fresh.secretKey, body: { items } });
    expect((await post('accounts/batch', [{ id: 'acc_1', name: 'Acme' }])).status).toBe(200);
    expect((await post('users/batch', [{ id: 'u1', accountId: 'acc_1' }])).status).toBe(200);
    expect(await names(fresh, 'role')).toEqual(['member']);
  });

  it('lists the roles verified user tokens carry, and not those of a token that fails', async () => {
    const token = await signUserToken(a.identitySecret, { sub: 'u9', account: 'acc_1', role: 'auditor' });
    const ok = await call(ctx, 'POST', '/v1/decide', { key: a.publishableKey, token, body: {} });
    expect(ok.status).toBe(200);
    await expect.poll(() => names(a, 'role')).toContain('auditor');
    const forged = await signUserToken(b.identitySecret, { sub: 'u9', account: 'acc_1', role: 'intruder' });
    const refused = await call(ctx, 'POST', '/v1/decide', { key: a.publishableKey, token: forged, body: {} });
    expect(refused.status).toBe(401);
    expect(await names(a, 'role')).not.toContain('intruder');
  });

  it('lists the page origins the widget called from, and not one it was refused from or a server call', async () => {
    const ws = await createWorkspace(ctx, {
      name: 'Origins',
      allowedOrigins: ['https://app.example.com', 'https://*.example.org'],
    });
    const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'acc_1' });
    const decide = (origin?: string) =>
      call(ctx, 'POST', '/v1/decide', {
        key: ws.publishableKey,
        token,
        body: {},
        headers: origin ? { origin } : {},
      });
    expect(await names(ws, 'origin')).toEqual([]);
    for (const origin of ['https://app.example.com', 'https://eu.example.org', undefined]) {
      expect((await decide(origin)).status).toBe(200);
    }
    expect((await decide('https://evil.example.net')).status).toBe(403);
    await expect
      .poll(() => names(ws, 'origin'))
      .toEqual(['https://app.example.com', 'https://eu.example.org']);
  });

  it('lists the page origins the widget was refused from, for the console to offer allowing them', async () => {
    const ws = await createWorkspace(ctx, { name: 'Refused', allowedOrigins: ['https://app.example.com'] });
    const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'acc_1' });
    const from = (origin: string) => ({ key: ws.publishableKey, token, headers: { origin } });
    expect(
      (await call(ctx, 'POST', '/v1/decide', { ...from('https://staging.example.com'), body: {} })).status,
    ).toBe(403);
    // The beacon path of event ingestion checks the origin too.
    const beacon = await call(ctx, 'POST', '/v1/events', {
      headers: { origin: 'https://new.example.com', 'content-type': 'text/plain' },
      body: JSON.stringify({ key: ws.publishableKey, token, events: [] }),
    });
    expect(beacon.status).toBe(403);
    // Not an origin a browser sends: not remembered.
    const odd = await call(ctx, 'POST', '/v1/decide', {
      ...from(`https://${'x'.repeat(300)}.com`),
      body: {},
    });
    expect(odd.status).toBe(403);
    expect(
      (await call(ctx, 'POST', '/v1/decide', { ...from('https://app.example.com'), body: {} })).status,
    ).toBe(200);
    await expect
      .poll(() => names(ws, 'refused_origin'))
      .toEqual(['https://new.example.com', 'https://staging.example.com']);
    expect(await names(ws, 'origin')).toEqual(['https://app.example.com']);
  });

  it('keeps at most 100 refused origins a workspace, still moving the ones it knows', async () => {
    const ws = await createWorkspace(ctx, { name: 'Flooded', allowedOrigins: ['https://app.example.com'] });
    const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'acc_1' });
    const from = (origin: string) =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, headers: { origin }, body: {} });
    for (let i = 0; i < 105; i++) {
      expect((await from(`https://made-up-${String(i).padStart(3, '0')}.example.net`)).status).toBe(403);
    }
    await expect.poll(async () => (await names(ws, 'refused_origin', '?limit=200')).length).toBe(100);
    const kept = await names(ws, 'refused_origin', '?limit=200');
    expect(kept).not.toContain('https://made-up-104.example.net');
    // A day on, a known one is seen again: its last sighting moves though the list is full.
    ctx.clock.advance(25 * 60 * 60 * 1000);
    const today = ctx.clock.now.toISOString();
    expect((await from('https://made-up-000.example.net')).status).toBe(403);
    await expect
      .poll(async () => {
        const entry = (await list(ws, 'refused_origin', '?limit=1')).data[0];
        return entry && entry.lastSeenAt > entry.firstSeenAt;
      })
      .toBe(true);
    // A real origin refused today takes the place of the made-up one seen longest ago (001: 000
    // was seen again): a list filled once is not full for good.
    expect((await from('https://staging.example.com')).status).toBe(403);
    await expect
      .poll(async () => names(ws, 'refused_origin', '?limit=200'))
      .toContain('https://staging.example.com');
    const after = await names(ws, 'refused_origin', '?limit=200');
    expect(after).toHaveLength(100);
    expect(after).toContain('https://made-up-000.example.net');
    expect(after).not.toContain('https://made-up-001.example.net');
    // A flood today pushes out only what was last seen more than a day ago, never today's.
    for (let i = 0; i < 120; i++) {
      // Within the refusals an address may make a minute.
      if (i % 50 === 0) ctx.clock.advance(60_000);
      expect((await from(`https://flood-${String(i).padStart(3, '0')}.example.org`)).status).toBe(403);
    }
    await expect
      .poll(async () => (await names(ws, 'refused_origin', '?limit=200')).filter((n) => n.includes('flood')))
      .toHaveLength(98);
    const flooded = await names(ws, 'refused_origin', '?limit=200');
    expect(flooded).toHaveLength(100);
    expect(flooded).toEqual(
      expect.arrayContaining(['https://staging.example.com', 'https://made-up-000.example.net']),
    );
    // What is still happening: the names seen since a moment.
    const recent = await names(ws, 'refused_origin', `?limit=200&seenSince=${encodeURIComponent(today)}`);
    expect(recent).toEqual(flooded);
    ctx.clock.advance(60_000);
    const later = ctx.clock.now.toISOString();
    expect(await names(ws, 'refused_origin', `?seenSince=${encodeURIComponent(later)}`)).toEqual([]);
  });

  it('lists why user tokens failed, refused under enforce and let through under report', async () => {
    const decide = (ws: WorkspaceCredentials, token: string) =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
    const strict = await createWorkspace(ctx, { name: 'Strict', settings: { identityMode: 'enforce' } });
    const expired = await signUserToken(strict.identitySecret, { sub: 'u1', account: 'acc_1' }, '-1m');
    const forged = await signUserToken(a.identitySecret, { sub: 'u1', account: 'acc_1' });
    const good = await signUserToken(strict.identitySecret, { sub: 'u1', account: 'acc_1' });
    expect((await decide(strict, expired)).status).toBe(401);
    expect((await decide(strict, forged)).status).toBe(401);
    expect((await decide(strict, good)).status).toBe(200);
    await expect
      .poll(() => names(strict, 'refused_token'))
      .toEqual(['User token has expired', 'User token signature is invalid']);

    const rollingOut = await createWorkspace(ctx, {
      name: 'Rolling out',
      settings: { identityMode: 'report' },
    });
    expect((await decide(rollingOut, forged)).status).toBe(200);
    await expect.poll(() => names(rollingOut, 'refused_token')).toEqual(['User token signature is invalid']);
  });

  it('notes the kinds of host data that arrived, for the Overview to tell a sync that stopped', async () => {
    const ws = await createWorkspace(ctx, { name: 'Syncing' });
    const post = (path: string, body: unknown) =>
      call(ctx, 'POST', `/v1/admin/${path}`, { key: ws.secretKey, body });
    // The widget's events are not the host's data arriving.
    await send(ws, ['report.exported']);
    expect(await names(ws, 'sync')).toEqual([]);
    expect((await post('accounts/batch', { items: [{ id: 'acc_1', name: 'Acme' }] })).status).toBe(200);
    expect((await post('users/batch', { items: [{ id: 'u1', accountId: 'acc_1' }] })).status).toBe(200);
    expect(
      (await post('usage/batch', { items: [{ accountId: 'acc_1', metric: 'seats', value: 8, limit: 10 }] }))
        .status,
    ).toBe(200);
    expect(await names(ws, 'sync')).toEqual(['accounts', 'usage', 'users']);
    await seedProduct(ctx, ws.workspaceId, { key: 'core' });
    expect(
      (
        await post('ownership/batch', {
          items: [{ accountId: 'acc_1', productKey: 'core', status: 'active' }],
        })
      ).status,
    ).toBe(200);
    const event = {
      id: randomUUID(),
      name: 'invoice.paid',
      ts: ctx.clock.now.toISOString(),
      accountId: 'acc_1',
    };
    expect((await post('events', { events: [event] })).status).toBe(202);
    expect(await names(ws, 'sync')).toEqual(['accounts', 'events', 'ownership', 'usage', 'users']);
    // A later day moves each one's last arrival.
    ctx.clock.advance(DAY);
    expect((await post('accounts/batch', { items: [{ id: 'acc_1', name: 'Acme' }] })).status).toBe(200);
    const accounts = (await list(ws, 'sync')).data.find((e) => e.name === 'accounts');
    expect(accounts?.lastSeenAt).toBe(ctx.clock.now.toISOString());
  });

  it('notes nothing from a batch that was refused', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/users/batch', {
      key: a.secretKey,
      body: { items: [{ id: 'u3', accountId: 'acc_nope', role: 'reviewer' }] },
    });
    expect(res.status).toBe(400);
    expect(await names(a, 'role')).not.toContain('reviewer');
  });
});

describe('refusals', () => {
  it('answers 400 with a code for an unknown kind or another list’s cursor', async () => {
    const kind = await call(ctx, 'GET', '/v1/admin/vocabulary/widgets', { key: a.secretKey });
    expect(kind.status).toBe(400);
    expect(kind.body.error.code).toBe('validation_failed');
    const accounts = await call(ctx, 'GET', '/v1/admin/accounts?limit=1', { key: a.secretKey });
    const cursor = accounts.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const foreign = await call(ctx, 'GET', `/v1/admin/vocabulary/event?cursor=${cursor}`, {
      key: a.secretKey,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('validation_failed');
  });

  it('answers 400 for a seenSince that is not a moment', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/vocabulary/event?seenSince=yesterday', {
      key: a.secretKey,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('needs the secret key', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/vocabulary/event', { key: a.publishableKey });
    expect(res.status).toBe(401);
  });
});

describe('migration 0015: the names already in use', () => {
  it('fills the vocabulary from the counters, usage, accounts and users an upgraded workspace holds', async () => {
    await ctx.database.rows(sql`delete from vocabulary`);
    const file = await readFile(join(MIGRATIONS_DIR, '0015_vocabulary.sql'), 'utf8');
    // The first statement creates the table, which exists: run the backfill after it.
    for (const statement of file.split('--> statement-breakpoint').slice(1)) {
      await ctx.database.rows(sql.raw(statement));
    }
    expect(await names(a, 'event')).toEqual([
      'integration.connected',
      'message.sent',
      'report.created',
      'report.exported',
      'report.shared',
    ]);
    expect(await names(a, 'segment')).toEqual(['mid_market']);
    // Roles from the users table only: the tokens' come back as they are used.
    expect(await names(a, 'role')).toEqual(['billing']);
    expect(await names(a, 'metric')).toEqual(['api_calls']);
    expect(await names(b, 'event')).toEqual(['invoice.paid']);
  });
});
