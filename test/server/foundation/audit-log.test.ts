import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  OWNER,
  signIn,
} from '../../support/console.ts';
import { parseCsv } from '../../support/csv.ts';
import { campaignInput, seedAccount, seedUser } from '../../support/engine-builders.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
let owner: ConsoleAgent;

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  const ws = await createWorkspaceWithOwner(ctx);
  sk = ws.secretKey;
  workspaceId = ws.workspaceId;
  owner = await signIn(ctx, OWNER);
});
afterAll(() => ctx.close());

async function log(query = ''): Promise<AuditEntry[]> {
  const res = await call(ctx, 'GET', `/v1/admin/audit-log${query}`, { key: sk });
  expect(res.status).toBe(200);
  return res.body.data;
}

/** The entries of one target, oldest first. */
async function historyOf(type: string, id: string) {
  const entries = await log(`?targetType=${type}&targetId=${encodeURIComponent(id)}&limit=200`);
  return entries.reverse();
}

describe('audit log', () => {
  it('starts with the workspace’s creation and its first owner, by the operator', async () => {
    const first = (await log('?limit=200')).slice(-2);
    expect(first.map((e) => [e.action, e.actor, e.target.type, e.target.name])).toEqual([
      ['console_user.added', 'operator', 'console_user', OWNER.email],
      ['workspace.created', 'operator', 'workspace', 'Acme'],
    ]);
    expect(first[1]?.target.id).toBe(workspaceId);
  });

  it('records product changes with who made them and the fields an update changed', async () => {
    expect((await owner.call('POST', '/v1/admin/products', { body: productBody('pdf') })).status).toBe(201);
    const patched = await owner.call('PATCH', '/v1/admin/products/pdf', {
      body: { price: { amount: 5900, currency: 'USD', interval: 'month' }, name: 'PDF Pro' },
    });
    expect(patched.status).toBe(200);
    expect((await call(ctx, 'DELETE', '/v1/admin/products/pdf', { key: sk })).status).toBe(204);

    const entries = await historyOf('product', 'pdf');
    expect(entries.map((e) => [e.action, e.actor, e.target.name])).toEqual([
      ['product.created', OWNER.email, 'Product pdf'],
      ['product.updated', OWNER.email, 'PDF Pro'],
      ['product.deleted', 'api', 'PDF Pro'],
    ]);
    expect(entries[1]?.changes).toEqual([
      { field: 'name', from: 'Product pdf', to: 'PDF Pro' },
      { field: 'price.amount', from: 4900, to: 5900 },
    ]);
    expect(entries[0]?.changes).toEqual([]);
  });

  it('records nothing for an update that changed nothing or a change that was refused', async () => {
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('base', { role: 'anchor' }) });
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('addon') });
    await call(ctx, 'POST', '/v1/admin/bundles', {
      key: sk,
      body: { key: 'suite', name: 'Suite', productKeys: ['base', 'addon'] },
    });
    const unchanged = await call(ctx, 'PATCH', '/v1/admin/products/base', {
      key: sk,
      body: { name: 'Product base' },
    });
    expect(unchanged.status).toBe(200);
    const inUse = await call(ctx, 'DELETE', '/v1/admin/products/addon', { key: sk });
    expect(inUse.status).toBe(409);
    const invalid = await call(ctx, 'PATCH', '/v1/admin/products/addon', {
      key: sk,
      body: { prerequisites: ['nope'] },
    });
    expect(invalid.status).toBe(400);

    expect((await historyOf('product', 'base')).map((e) => e.action)).toEqual(['product.created']);
    expect((await historyOf('product', 'addon')).map((e) => e.action)).toEqual(['product.created']);
    expect((await historyOf('bundle', 'suite')).map((e) => e.action)).toEqual(['bundle.created']);
  });

  it('records a campaign’s life: created, the definition fields an edit changed, activated', async () => {
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('capacity') });
    const created = await owner.call('POST', '/v1/admin/campaigns', { body: campaignInput() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const edited = await owner.call('PUT', `/v1/admin/campaigns/${id}`, {
      body: campaignInput({ name: 'Capacity pack, annual', holdout: { percent: 10 } }),
    });
    expect(edited.status).toBe(200);
    const activated = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, {
      key: sk,
      body: { status: 'active' },
    });
    expect(activated.status).toBe(200);

    const entries = await historyOf('campaign', id);
    expect(entries.map((e) => [e.action, e.actor, e.target.name])).toEqual([
      ['campaign.created', OWNER.email, 'Capacity pack'],
      ['campaign.updated', OWNER.email, 'Capacity pack, annual'],
      ['campaign.activated', 'api', 'Capacity pack, annual'],
    ]);
    expect(entries[1]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: 'Capacity pack', to: 'Capacity pack, annual' },
        { field: 'holdout.percent', from: 0, to: 10 },
      ]),
    );
    expect(entries[1]?.changes.every((c) => c.field !== 'content.en.title')).toBe(true);
  });

  it('records key rotations and webhook secret rotations without any key or secret', async () => {
    const rotated = await owner.call('POST', '/v1/admin/settings/rotate-keys', {
      body: { keys: ['publishable', 'identity'], overlapSeconds: 60 },
    });
    expect(rotated.status).toBe(200);
    const endpoint = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['purchase.created'] },
    });
    expect(endpoint.status).toBe(201);
    const id = endpoint.body.id as string;
    const secret = await call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/rotate-secret`, {
      key: sk,
      body: { overlapSeconds: 0 },
    });
    expect(secret.status).toBe(200);
    const patched = await call(ctx, 'PATCH', `/v1/admin/webhooks/endpoints/${id}`, {
      key: sk,
      body: { status: 'disabled' },
    });
    expect(patched.status).toBe(200);
    expect((await call(ctx, 'DELETE', `/v1/admin/webhooks/endpoints/${id}`, { key: sk })).status).toBe(204);

    const [keys] = await log('?action=keys.rotated');
    expect(keys).toMatchObject({
      actor: OWNER.email,
      target: { type: 'workspace', id: workspaceId },
      changes: [],
      details: { keys: ['publishable', 'identity'], overlapSeconds: 60 },
    });
    const hooks = await historyOf('webhook_endpoint', id);
    expect(hooks.map((e) => e.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.secret_rotated',
      'webhook_endpoint.updated',
      'webhook_endpoint.deleted',
    ]);
    expect(hooks[2]?.changes).toEqual(
      expect.arrayContaining([{ field: 'status', from: 'enabled', to: 'disabled' }]),
    );

    const everything = JSON.stringify(await log('?limit=200'));
    for (const value of [
      rotated.body.publishableKey,
      rotated.body.identitySecret,
      endpoint.body.secret,
      secret.body.secret,
    ]) {
      expect(typeof value).toBe('string');
      expect(everything).not.toContain(value);
    }
  });

  it('records settings changes and console user management by the owner', async () => {
    const settings = await owner.call('PATCH', '/v1/admin/settings', {
      body: { allowedOrigins: ['https://app.acme.test'] },
    });
    expect(settings.status).toBe(200);
    const editor = await addConsoleUser(owner, {
      email: 'editor@acme.test',
      password: 'editor-password-1',
      role: 'editor',
    });
    expect(
      (await owner.call('PATCH', `/v1/admin/console-users/${editor.id}`, { body: { role: 'viewer' } }))
        .status,
    ).toBe(200);
    expect((await owner.call('DELETE', `/v1/admin/console-users/${editor.id}`)).status).toBe(204);

    const [updated] = await log('?action=settings.updated');
    expect(updated?.changes).toEqual([{ field: 'allowedOrigins', from: [], to: ['https://app.acme.test'] }]);
    const people = await historyOf('console_user', editor.id);
    expect(people.map((e) => [e.action, e.target.name, e.changes, e.details])).toEqual([
      ['console_user.added', 'editor@acme.test', [], { role: 'editor' }],
      [
        'console_user.role_changed',
        'editor@acme.test',
        [{ field: 'role', from: 'editor', to: 'viewer' }],
        null,
      ],
      ['console_user.removed', 'editor@acme.test', [], { role: 'viewer' }],
    ]);
  });

  it('records erasures and frequency resets with what they removed', async () => {
    await seedAccount(ctx, workspaceId, { id: 'acct-gone' });
    await seedUser(ctx, workspaceId, { id: 'user-gone', accountId: 'acct-gone' });
    await seedUser(ctx, workspaceId, { id: 'user-stays', accountId: 'acct-gone' });
    expect((await call(ctx, 'DELETE', '/v1/admin/accounts/acct-gone/frequency', { key: sk })).status).toBe(
      200,
    );
    expect((await call(ctx, 'DELETE', '/v1/admin/users/user-gone', { key: sk })).status).toBe(200);
    expect((await call(ctx, 'DELETE', '/v1/admin/accounts/acct-gone', { key: sk })).status).toBe(200);
    expect((await call(ctx, 'DELETE', '/v1/admin/users/never-was', { key: sk })).status).toBe(404);

    const account = await historyOf('account', 'acct-gone');
    expect(account.map((e) => e.action)).toEqual(['account.frequency_reset', 'account.deleted']);
    expect(account[1]?.details).toMatchObject({ users: 1 });
    const user = await historyOf('user', 'user-gone');
    expect(user).toHaveLength(1);
    expect(user[0]?.details).toMatchObject({ accountId: 'acct-gone' });
    expect(await historyOf('user', 'never-was')).toEqual([]);
  });

  it('filters by action and actor and pages newest first without gaps or repeats', async () => {
    const all = await log('?limit=200');
    expect(all.length).toBeGreaterThan(10);
    const times = all.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(
        ctx,
        'GET',
        `/v1/admin/audit-log?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key: sk },
      );
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((e: AuditEntry) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));

    const byOwner = await log(`?actor=${encodeURIComponent(OWNER.email)}&limit=200`);
    expect(byOwner.length).toBeGreaterThan(0);
    expect(byOwner.every((e) => e.actor === OWNER.email)).toBe(true);
    expect(byOwner.length).toBeLessThan(all.length);
    const created = await log('?action=product.created&limit=200');
    expect(created.map((e) => e.target.id).sort()).toEqual(['addon', 'base', 'capacity', 'pdf']);
  });

  it('exports the filtered log as CSV, every page, newest first, a formula-like name made inert', async () => {
    await call(ctx, 'POST', '/v1/admin/products', {
      key: sk,
      body: productBody('sheet', { name: '=HYPERLINK("x")' }),
    });
    await call(ctx, 'PATCH', '/v1/admin/products/sheet', { key: sk, body: { trialDays: 30 } });
    const res = await call(ctx, 'GET', '/v1/admin/audit-log.csv?targetType=product&targetId=sheet', {
      key: sk,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([
      'at',
      'actor',
      'action',
      'target_type',
      'target_id',
      'target_name',
      'changes',
      'details',
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[5], r[6]])).toEqual([
      ['product.updated', `'=HYPERLINK("x")`, 'trialDays: 14 → 30'],
      ['product.created', `'=HYPERLINK("x")`, ''],
    ]);

    const all = parseCsv((await call(ctx, 'GET', '/v1/admin/audit-log.csv', { key: sk })).text);
    expect(all.length - 1).toBe((await log('?limit=200')).length);
  });

  it('refuses a bad filter or cursor with 400 and shows one workspace only its own entries', async () => {
    const badAction = await call(ctx, 'GET', '/v1/admin/audit-log?action=product.exploded', { key: sk });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.code).toBe('validation_failed');
    const badCursor = await call(ctx, 'GET', '/v1/admin/audit-log?cursor=bm9wZQ', { key: sk });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('validation_failed');
    expect((await call(ctx, 'GET', '/v1/admin/audit-log')).status).toBe(401);

    const other = await createWorkspace(ctx, { name: 'Other' });
    await call(ctx, 'POST', '/v1/admin/products', { key: other.secretKey, body: productBody('theirs') });
    const theirs = await call(ctx, 'GET', '/v1/admin/audit-log?limit=200', { key: other.secretKey });
    expect(theirs.body.data.map((e: AuditEntry) => [e.action, e.target.id])).toEqual([
      ['product.created', 'theirs'],
      ['workspace.created', other.workspaceId],
    ]);
    expect((await log('?limit=200')).some((e) => e.target.id === 'theirs')).toBe(false);
  });

  it('records each console sign-in by the person, with the client address; a failed one is no sign-in', async () => {
    const proxied = await createTestApp({ trustedProxies: 1 });
    try {
      const ws = await createWorkspaceWithOwner(proxied);
      const signInFrom = (password: string) =>
        call(proxied, 'POST', '/v1/admin/session', {
          body: { email: OWNER.email, password },
          headers: { 'x-forwarded-for': '203.0.113.7' },
        });
      expect((await signInFrom('not-the-password')).status).toBe(401);
      expect((await signInFrom(OWNER.password)).status).toBe(200);
      const res = await call(proxied, 'GET', '/v1/admin/audit-log?action=console_user.signed_in', {
        key: ws.secretKey,
      });
      expect(res.body.data).toEqual([
        expect.objectContaining({
          actor: OWNER.email,
          target: expect.objectContaining({ type: 'console_user', name: OWNER.email }),
          details: { address: '203.0.113.7' },
        }),
      ]);
    } finally {
      await proxied.close();
    }
  });

  it('is readable by a viewer, who cannot change anything it records', async () => {
    const viewer = { email: 'viewer@acme.test', password: 'viewer-password-1', role: 'viewer' as const };
    await addConsoleUser(owner, viewer);
    const agent = await signIn(ctx, viewer);
    const res = await agent.call('GET', '/v1/admin/audit-log?action=console_user.added');
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ actor: OWNER.email, target: { name: viewer.email } });
  });

  it('gives each console user the time they last signed in, and none to one who never has', async () => {
    const newcomer = { email: 'new@acme.test', password: 'newcomer-password-1', role: 'editor' as const };
    await addConsoleUser(owner, newcomer);
    await signIn(ctx, OWNER);
    const [latest] = await log(`?action=console_user.signed_in&actor=${encodeURIComponent(OWNER.email)}`);
    const users = (await call(ctx, 'GET', '/v1/admin/console-users', { key: sk })).body.data as Array<{
      email: string;
      lastSignedInAt: string | null;
    }>;
    const byEmail = new Map(users.map((u) => [u.email, u.lastSignedInAt]));
    expect(byEmail.get(newcomer.email)).toBeNull();
    expect(Date.parse(byEmail.get(OWNER.email) ?? '')).toBe(Date.parse(latest?.at ?? 'x'));
  });
});
