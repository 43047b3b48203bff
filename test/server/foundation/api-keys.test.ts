import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedKey } from '../../../server/domain/keys.ts';
import { type ApiKey, type CreatedApiKey, MAX_LIVE_API_KEYS } from '../../../shared/api-keys.ts';
import type { AuditEntry } from '../../../shared/audit.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  mutatingAdminRoutes,
  OWNER,
  signIn,
} from '../../support/console.ts';

let ctx: TestContext;
let sk: string;
let owner: ConsoleAgent;

beforeAll(async () => {
  ctx = await createTestApp();
  sk = (await createWorkspaceWithOwner(ctx)).secretKey;
  owner = await signIn(ctx, OWNER);
});
afterAll(() => ctx.close());

async function createKey(body: Record<string, unknown>, as: ConsoleAgent = owner): Promise<CreatedApiKey> {
  const res = await as.call('POST', '/v1/admin/api-keys', { body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function listKeys(key = sk): Promise<ApiKey[]> {
  const res = await call(ctx, 'GET', '/v1/admin/api-keys', { key });
  expect(res.status).toBe(200);
  return res.body.data;
}

async function auditOf(id: string): Promise<AuditEntry[]> {
  const res = await call(ctx, 'GET', `/v1/admin/audit-log?targetType=api_key&targetId=${id}`, { key: sk });
  expect(res.status).toBe(200);
  return res.body.data;
}

describe('named API keys', () => {
  it('are created by an owner, shown once, and listed by their hint only', async () => {
    const created = await createKey({ name: 'Looker', role: 'viewer' });
    expect(isWellFormedKey('sk', created.key)).toBe(true);
    expect(created).toMatchObject({
      name: 'Looker',
      role: 'viewer',
      status: 'active',
      createdBy: OWNER.email,
    });
    expect(created.hint).toBe(`sk_…${created.key.slice(-4)}`);
    expect(created.expiresAt).toBeNull();
    expect(created.lastUsedAt).toBeNull();

    const listed = (await listKeys()).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'Looker', hint: created.hint });
    expect(JSON.stringify(await listKeys())).not.toContain(created.key);

    const [entry] = await auditOf(created.id);
    expect(entry).toMatchObject({ action: 'api_key.created', actor: OWNER.email });
    expect(entry?.details).toMatchObject({ role: 'viewer', hint: created.hint });
    expect(JSON.stringify(entry)).not.toContain(created.key);
  });

  it('a viewer key reads, and is refused every change with 403 forbidden naming it', async () => {
    const { key } = await createKey({ name: 'SIEM', role: 'viewer' });
    expect((await call(ctx, 'GET', '/v1/admin/products', { key })).status).toBe(200);
    expect((await call(ctx, 'GET', '/v1/admin/audit-log', { key })).status).toBe(200);

    const routes = await mutatingAdminRoutes(ctx);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const route of routes) {
      const res = await call(ctx, route.method, route.path, { key, body: {} });
      expect({ ...route, status: res.status, code: res.body?.error?.code }).toEqual({
        ...route,
        status: 403,
        code: 'forbidden',
      });
    }
    const refused = await call(ctx, 'POST', '/v1/admin/products', { key, body: productBody('pdf') });
    expect(refused.body.error.message).toContain('"SIEM" is a viewer key');
    expect((await call(ctx, 'GET', '/v1/admin/products/pdf', { key })).status).toBe(404);
  });

  it('a data sync key sends host data, and is refused everything else, reads included, naming it', async () => {
    const ws = await createWorkspace(ctx, { name: 'Synced by a third party' });
    const made = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: ws.secretKey,
      body: { name: 'Segment', role: 'sync' },
    });
    expect(made.status, made.text).toBe(201);
    const { key } = made.body as CreatedApiKey;
    const product = await call(ctx, 'POST', '/v1/admin/products', {
      key: ws.secretKey,
      body: productBody('pdf'),
    });
    expect(product.status).toBe(201);
    const sent: Array<[string, unknown, number]> = [
      ['/v1/admin/accounts/batch', { items: [{ id: 'acc_1', name: 'Acme' }] }, 200],
      ['/v1/admin/users/batch', { items: [{ id: 'u1', accountId: 'acc_1' }] }, 200],
      [
        '/v1/admin/ownership/batch',
        { items: [{ accountId: 'acc_1', productKey: 'pdf', status: 'active' }] },
        200,
      ],
      [
        '/v1/admin/usage/batch',
        { items: [{ accountId: 'acc_1', metric: 'seats', value: 3, limit: 5 }] },
        200,
      ],
      [
        '/v1/admin/events',
        {
          events: [
            {
              id: crypto.randomUUID(),
              name: 'invoice.paid',
              ts: ctx.clock.now.toISOString(),
              accountId: 'acc_1',
            },
          ],
        },
        202,
      ],
      [
        '/v1/admin/integrations/segment',
        { type: 'track', messageId: 'm-1', event: 'Seat Added', context: { groupId: 'acc_1' } },
        200,
      ],
    ];
    for (const [path, body, status] of sent) {
      const res = await call(ctx, 'POST', path, { key, body });
      expect({ path, status: res.status }, res.text).toEqual({ path, status });
    }

    const doc = (await call(ctx, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    let refused = 0;
    for (const [template, operations] of Object.entries(doc.paths)) {
      if (!template.startsWith('/v1/admin/') || template.startsWith('/v1/admin/session')) continue;
      const path = template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        if (method === 'POST' && sent.some(([p]) => p === path)) continue;
        const res = await call(ctx, method, path, { key, ...(method === 'GET' ? {} : { body: {} }) });
        expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({
          method,
          path,
          status: 403,
          code: 'forbidden',
        });
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(60);
    const read = await call(ctx, 'GET', '/v1/admin/accounts/acc_1', { key });
    expect(read.body.error.message).toBe(
      'The API key "Segment" is a data sync key: it can only send accounts, users, ownership, usage and events (and Segment\'s messages)',
    );
  });

  it('an editor key changes the catalogue, named in the audit log, but cannot manage access', async () => {
    const { key } = await createKey({ name: 'Billing sync', role: 'editor' });
    expect((await call(ctx, 'POST', '/v1/admin/products', { key, body: productBody('sso') })).status).toBe(
      201,
    );
    const log = await call(ctx, 'GET', '/v1/admin/audit-log?targetType=product&targetId=sso', { key: sk });
    expect(log.body.data.map((e: AuditEntry) => [e.action, e.actor])).toEqual([
      ['product.created', 'key:Billing sync'],
    ]);

    const refusals = [
      ['POST', '/v1/admin/api-keys', { name: 'Escalated', role: 'editor' }],
      [
        'POST',
        '/v1/admin/console-users',
        { email: 'x@acme.test', password: 'some-password-1', role: 'owner' },
      ],
      ['POST', '/v1/admin/settings/rotate-keys', { keys: ['secret'] }],
      // A percent-encoded path reaches the same route, so it must meet the same check.
      ['POST', '/v1/admin/%61pi-keys', { name: 'Encoded', role: 'editor' }],
    ] as const;
    for (const [method, path, body] of refusals) {
      const res = await call(ctx, method, path, { key, body });
      expect({ path, status: res.status, code: res.body.error.code }).toEqual({
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await listKeys()).map((k) => k.name)).not.toContain('Encoded');
    expect((await listKeys()).map((k) => k.name)).not.toContain('Escalated');
  });

  it('revoking stops the key at once, says so to its caller, and is recorded once', async () => {
    const created = await createKey({ name: 'Old CRM', role: 'editor' });
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: created.key })).status).toBe(200);

    const revoked = await owner.call('DELETE', `/v1/admin/api-keys/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedBy: OWNER.email });

    const refused = await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'invalid_api_key' });
    expect(refused.body.error.message).toContain('revoked');

    expect((await owner.call('DELETE', `/v1/admin/api-keys/${created.id}`)).status).toBe(200);
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.created']);
    // Its name is free again once revoked.
    await createKey({ name: 'old crm', role: 'viewer' });
  });

  it('refuses a second live key with the same name, whatever its case', async () => {
    await createKey({ name: 'Zapier', role: 'editor' });
    const res = await owner.call('POST', '/v1/admin/api-keys', { body: { name: 'ZAPIER', role: 'viewer' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('a key with an expiry stops working after it, and lists as expired', async () => {
    const created = await createKey({ name: 'Contractor', role: 'viewer', expiresInDays: 30 });
    expect(Date.parse(created.expiresAt ?? '') - ctx.clock.now.getTime()).toBe(30 * 86_400_000);
    const before = await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
    expect(before.status).toBe(200);
    expect(before.headers.get('sunset')).toBe(new Date(created.expiresAt ?? '').toUTCString());
    ctx.clock.advance(30 * 86_400_000 + 1000);
    try {
      const res = await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toContain('past its expiry');
      expect((await listKeys()).find((k) => k.id === created.id)?.status).toBe('expired');
    } finally {
      ctx.clock.advance(-(30 * 86_400_000 + 1000));
    }
  });

  it('records when a key was last used, at most once a minute', async () => {
    const created = await createKey({ name: 'Metrics', role: 'viewer' });
    const lastUsed = async () => (await listKeys()).find((k) => k.id === created.id)?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = ctx.clock.now.toISOString();
    await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
    expect(await lastUsed()).toBe(first);
    ctx.clock.advance(30_000);
    await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
    expect(await lastUsed()).toBe(first);
    ctx.clock.advance(31_000);
    await call(ctx, 'GET', '/v1/admin/products', { key: created.key });
    expect(await lastUsed()).toBe(ctx.clock.now.toISOString());
  });

  it('only owners manage keys; every console role may list them', async () => {
    await addConsoleUser(owner, { email: 'ed@acme.test', password: 'editor-password-1', role: 'editor' });
    await addConsoleUser(owner, { email: 'vi@acme.test', password: 'viewer-password-1', role: 'viewer' });
    const editor = await signIn(ctx, { email: 'ed@acme.test', password: 'editor-password-1' });
    const viewer = await signIn(ctx, { email: 'vi@acme.test', password: 'viewer-password-1' });
    const body = { name: 'Not mine', role: 'viewer' };
    expect((await editor.call('POST', '/v1/admin/api-keys', { body })).status).toBe(403);
    expect((await viewer.call('POST', '/v1/admin/api-keys', { body })).status).toBe(403);
    expect((await viewer.call('GET', '/v1/admin/api-keys')).status).toBe(200);
    // The workspace's own secret key has an owner's rights.
    const res = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: sk,
      body: { name: 'Terraform', role: 'editor' },
    });
    expect(res.status).toBe(201);
    expect(res.body.createdBy).toBe('api');
  });

  it('rejects bad input with 400 and a field issue', async () => {
    for (const body of [
      { name: ' ', role: 'viewer' },
      { name: 'X', role: 'owner' },
      { name: 'X', role: 'viewer', expiresInDays: 0 },
    ]) {
      const res = await owner.call('POST', '/v1/admin/api-keys', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await owner.call('DELETE', '/v1/admin/api-keys/not-a-uuid')).status).toBe(400);
    expect(
      (await owner.call('DELETE', '/v1/admin/api-keys/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('keeps each workspace to its own keys', async () => {
    const other = await createWorkspace(ctx, { name: 'Globex' });
    const theirs = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: other.secretKey,
      body: { name: 'Theirs', role: 'editor' },
    });
    expect(theirs.status).toBe(201);
    expect((await listKeys()).map((k) => k.id)).not.toContain(theirs.body.id);
    expect((await owner.call('DELETE', `/v1/admin/api-keys/${theirs.body.id}`)).status).toBe(404);
    const products = await call(ctx, 'GET', '/v1/admin/products', { key: theirs.body.key });
    expect(products.body.data.map((p: { key: string }) => p.key)).not.toContain('sso');
  });
});

describe('the live key cap', () => {
  it(`holds at ${MAX_LIVE_API_KEYS} under concurrent creation`, async () => {
    const capped = await createTestApp();
    try {
      const { secretKey } = await createWorkspace(capped, { name: 'Capped' });
      const attempts = await Promise.all(
        Array.from({ length: MAX_LIVE_API_KEYS + 5 }, (_, i) =>
          call(capped, 'POST', '/v1/admin/api-keys', {
            key: secretKey,
            body: { name: `k${i}`, role: 'viewer' },
          }),
        ),
      );
      const statuses = attempts.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_LIVE_API_KEYS);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      const listed = await call(capped, 'GET', '/v1/admin/api-keys', { key: secretKey });
      expect(listed.body.data).toHaveLength(MAX_LIVE_API_KEYS);
    } finally {
      await capped.close();
    }
  });
});

describe('rolling a named key', () => {
  const DAY = 86_400_000;
  const roll = (id: string, body: Record<string, unknown> = {}, as: ConsoleAgent = owner) =>
    as.call('POST', `/v1/admin/api-keys/${id}/roll`, { body });
  const products = (key: string) => call(ctx, 'GET', '/v1/admin/products', { key });

  it('with an overlap: the new key takes the name and role, the old one works until the overlap ends', async () => {
    const old = await createKey({ name: 'Warehouse loader', role: 'editor' });
    const res = await roll(old.id, { overlapSeconds: 3600 });
    expect(res.status, res.text).toBe(201);
    const rolled = res.body;
    expect(isWellFormedKey('sk', rolled.key)).toBe(true);
    expect(rolled).toMatchObject({
      name: 'Warehouse loader',
      role: 'editor',
      status: 'active',
      expiresAt: null,
    });
    const until = new Date(ctx.clock.now.getTime() + 3600_000).toISOString();
    expect(rolled.previous).toMatchObject({
      id: old.id,
      status: 'active',
      replacedBy: rolled.id,
      expiresAt: until,
    });

    expect((await products(rolled.key)).status).toBe(200);
    const during = await products(old.key);
    expect(during.status).toBe(200);
    expect(during.headers.get('sunset')).toBe(new Date(until).toUTCString());
    // The name belongs to the new key: a third with it is refused.
    const third = await owner.call('POST', '/v1/admin/api-keys', {
      body: { name: 'Warehouse loader', role: 'viewer' },
    });
    expect(third.status).toBe(409);

    ctx.clock.advance(3600_000);
    try {
      const after = await products(old.key);
      expect(after.status).toBe(401);
      expect(after.body.error).toMatchObject({ code: 'invalid_api_key' });
      expect(after.body.error.message).toContain('rolled');
      expect((await products(rolled.key)).status).toBe(200);
    } finally {
      ctx.clock.advance(-3600_000);
    }
    const [entry] = await auditOf(old.id);
    expect(entry).toMatchObject({ action: 'api_key.rolled', actor: OWNER.email });
    expect(entry?.details).toEqual({
      role: 'editor',
      hint: old.hint,
      replacedBy: rolled.id,
      newHint: rolled.hint,
      worksUntil: until,
    });
    expect(JSON.stringify(entry)).not.toContain(rolled.key);
  });

  it('without an overlap the old key stops at once', async () => {
    const old = await createKey({ name: 'Leaked', role: 'viewer' });
    const res = await roll(old.id);
    expect(res.status).toBe(201);
    expect(res.body.previous).toMatchObject({
      status: 'revoked',
      revokedBy: OWNER.email,
      replacedBy: res.body.id,
    });
    const refused = await products(old.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('rolled');
    expect((await products(res.body.key)).status).toBe(200);
    expect((await auditOf(old.id))[0]?.details).toMatchObject({ worksUntil: null });
  });

  it('keeps the lifetime an expiring key was given, and never stretches the old one past its expiry', async () => {
    const old = await createKey({ name: 'Auditor', role: 'viewer', expiresInDays: 30 });
    ctx.clock.advance(29 * DAY);
    try {
      // The workspace's own key: the owner's console session has lapsed by now.
      const res = await call(ctx, 'POST', `/v1/admin/api-keys/${old.id}/roll`, {
        key: sk,
        body: { overlapSeconds: 7 * 86_400 },
      });
      expect(res.status).toBe(201);
      expect(Date.parse(res.body.expiresAt) - ctx.clock.now.getTime()).toBe(30 * DAY);
      // Its overlap would run six days past the day it was to stop: it stops that day.
      expect(res.body.previous.expiresAt).toBe(old.expiresAt);
    } finally {
      ctx.clock.advance(-29 * DAY);
    }
  });

  it('refuses a key already rolled, revoked or expired with 409, an unknown one with 404, and non-owners', async () => {
    const old = await createKey({ name: 'Twice', role: 'viewer' });
    const first = await roll(old.id, { overlapSeconds: 60 });
    const again = await roll(old.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict' });
    expect(again.body.error.message).toContain('rolled already');
    // Its successor rolls as any key does.
    expect((await roll(first.body.id)).status).toBe(201);

    const revoked = await createKey({ name: 'Gone', role: 'viewer' });
    await owner.call('DELETE', `/v1/admin/api-keys/${revoked.id}`);
    expect((await roll(revoked.id)).body.error.message).toContain('is revoked');
    expect((await roll('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await roll(old.id, { overlapSeconds: 8 * 86_400 })).status).toBe(400);

    const editorKey = await createKey({ name: 'Roller', role: 'editor' });
    const byEditor = await call(ctx, 'POST', `/v1/admin/api-keys/${editorKey.id}/roll`, {
      key: editorKey.key,
      body: {},
    });
    expect(byEditor.status).toBe(403);
  });

  it('lets one of many concurrent rolls of a key through', async () => {
    const old = await createKey({ name: 'Raced', role: 'viewer' });
    const attempts = await Promise.all(Array.from({ length: 8 }, () => roll(old.id, { overlapSeconds: 60 })));
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const named = (await listKeys()).filter((k) => k.name === 'Raced');
    expect(named).toHaveLength(2);
    expect(named.filter((k) => k.replacedBy === null)).toHaveLength(1);
  });
});

describe('where a named key may be used from', () => {
  // One trusted proxy: its X-Forwarded-For names the caller, as behind a load balancer.
  let behindProxy: TestContext;
  let ownerKey: string;

  beforeAll(async () => {
    behindProxy = await createTestApp({ trustedProxies: 1 });
    ownerKey = (await createWorkspace(behindProxy, { name: 'Proxied' })).secretKey;
  });
  afterAll(() => behindProxy.close());

  const from = (address: string, key: string) =>
    call(behindProxy, 'GET', '/v1/admin/products', { key, headers: { 'x-forwarded-for': address } });
  const create = async (body: Record<string, unknown>): Promise<CreatedApiKey> => {
    const res = await call(behindProxy, 'POST', '/v1/admin/api-keys', { key: ownerKey, body });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  it('answers only calls from its addresses and ranges, and says where a refused one came from', async () => {
    const created = await create({
      name: 'Warehouse',
      role: 'viewer',
      allowedIps: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'],
    });
    expect(created.allowedIps).toEqual(['203.0.113.7', '198.51.100.0/24', '2001:db8::/32']);
    for (const ok of ['203.0.113.7', '198.51.100.42', '2001:db8::5'])
      expect((await from(ok, created.key)).status).toBe(200);
    const refused = await from('192.0.2.1', created.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden' });
    expect(refused.body.error.message).toContain('may not be used from 192.0.2.1');
    // A key without a list works from anywhere.
    const open = await create({ name: 'Anywhere', role: 'viewer' });
    expect(open.allowedIps).toEqual([]);
    expect((await from('192.0.2.1', open.key)).status).toBe(200);
  });

  it('is changed by an owner at once, recorded, kept by a roll, and lifted with []', async () => {
    const created = await create({ name: 'BI', role: 'viewer', allowedIps: ['203.0.113.0/24'] });
    const patch = (body: unknown, key = ownerKey) =>
      call(behindProxy, 'PATCH', `/v1/admin/api-keys/${created.id}`, { key, body });
    expect((await patch({ allowedIps: ['192.0.2.0/24'] }, created.key)).status).toBe(403);
    const moved = await patch({ allowedIps: ['192.0.2.0/24', '192.0.2.0/24'] });
    expect(moved.status).toBe(200);
    expect(moved.body.allowedIps).toEqual(['192.0.2.0/24']);
    expect((await from('203.0.113.5', created.key)).status).toBe(403);
    expect((await from('192.0.2.5', created.key)).status).toBe(200);
    const log = await call(
      behindProxy,
      'GET',
      `/v1/admin/audit-log?targetType=api_key&targetId=${created.id}`,
      {
        key: ownerKey,
      },
    );
    expect(log.body.data[0]).toMatchObject({
      action: 'api_key.updated',
      details: { allowedIps: { from: ['203.0.113.0/24'], to: ['192.0.2.0/24'] } },
    });

    const rolled = await call(behindProxy, 'POST', `/v1/admin/api-keys/${created.id}/roll`, {
      key: ownerKey,
      body: {},
    });
    expect(rolled.body.allowedIps).toEqual(['192.0.2.0/24']);
    expect((await from('203.0.113.5', rolled.body.key)).status).toBe(403);
    const lifted = await call(behindProxy, 'PATCH', `/v1/admin/api-keys/${rolled.body.id}`, {
      key: ownerKey,
      body: { allowedIps: [] },
    });
    expect(lifted.body.allowedIps).toEqual([]);
    expect((await from('203.0.113.5', rolled.body.key)).status).toBe(200);
    // The rolled-away key is revoked: its list cannot be changed any more.
    expect((await patch({ allowedIps: [] })).status).toBe(409);
  });

  it('rejects what is not an address or a range', async () => {
    for (const allowedIps of [
      ['203.0.113.300'],
      ['example.com'],
      ['10.0.0.0/33'],
      Array(21).fill('192.0.2.1'),
    ]) {
      const res = await call(behindProxy, 'POST', '/v1/admin/api-keys', {
        key: ownerKey,
        body: { name: 'Bad', role: 'viewer', allowedIps },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
