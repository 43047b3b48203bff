import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  mutatingAdminRoutes,
  OWNER,
  signIn,
} from '../../support/console.ts';

let ctx: TestContext;
let owner: ConsoleAgent;
let viewer: ConsoleAgent;
const VIEWER = { email: 'viewer@acme.test', password: 'viewer-password-1', role: 'viewer' as const };
const EDITOR = { email: 'editor@acme.test', password: 'editor-password-1', role: 'editor' as const };

beforeAll(async () => {
  ctx = await createTestApp();
  await createWorkspaceWithOwner(ctx);
  owner = await signIn(ctx, OWNER);
  await addConsoleUser(owner, VIEWER);
  viewer = await signIn(ctx, VIEWER);
});
afterAll(() => ctx.close());

describe('viewer role', () => {
  it('should return 403 forbidden on every mutating admin route, with a valid CSRF token', async () => {
    const routes = await mutatingAdminRoutes(ctx);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const route of routes) {
      const res = await viewer.call(route.method, route.path, { body: {} });
      expect({ ...route, status: res.status, code: res.body?.error?.code }).toEqual({
        ...route,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('may still read and sign out', async () => {
    expect((await viewer.call('GET', '/v1/admin/console-users')).status).toBe(200);
    const other = await signIn(ctx, VIEWER);
    expect((await other.call('DELETE', '/v1/admin/session')).status).toBe(204);
  });
});

describe('console users', () => {
  it('lets an owner add an editor, who may not manage users', async () => {
    await addConsoleUser(owner, EDITOR);
    const editor = await signIn(ctx, EDITOR);
    const res = await editor.call('POST', '/v1/admin/console-users', {
      body: { email: 'x@acme.test', password: 'some-password-1', role: 'owner' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('should return 409 for an email already in the workspace', async () => {
    const res = await owner.call('POST', '/v1/admin/console-users', {
      body: { ...EDITOR, email: EDITOR.email.toUpperCase() },
    });
    expect(res.status).toBe(409);
  });

  it('should return 400 for a password under 10 characters', async () => {
    const res = await owner.call('POST', '/v1/admin/console-users', {
      body: { email: 'short@acme.test', password: 'short', role: 'viewer' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['password']);
  });

  it('applies a role change to the user’s open session at once', async () => {
    const promoted = await addConsoleUser(owner, {
      email: 'p@acme.test',
      password: 'promote-me-123',
      role: 'viewer',
    });
    const session = await signIn(ctx, { email: 'p@acme.test', password: 'promote-me-123' });
    const body = { email: 'q@acme.test', password: 'another-pass-1', role: 'viewer' };
    expect((await session.call('POST', '/v1/admin/console-users', { body })).status).toBe(403);
    const patch = await owner.call('PATCH', `/v1/admin/console-users/${promoted.id}`, {
      body: { role: 'owner' },
    });
    expect(patch.status).toBe(200);
    expect((await session.call('POST', '/v1/admin/console-users', { body })).status).toBe(201);
  });

  it('should return 409 when the last owner would be demoted or removed', async () => {
    const solo = await createTestApp();
    try {
      await createWorkspaceWithOwner(solo);
      const agent = await signIn(solo, OWNER);
      const me = await agent.call('GET', '/v1/admin/session');
      const id = me.body.user.id as string;
      expect(
        (await agent.call('PATCH', `/v1/admin/console-users/${id}`, { body: { role: 'editor' } })).status,
      ).toBe(409);
      expect((await agent.call('DELETE', `/v1/admin/console-users/${id}`)).status).toBe(409);
    } finally {
      await solo.close();
    }
  });

  it('ends the sessions of a removed user', async () => {
    const gone = await addConsoleUser(owner, {
      email: 'gone@acme.test',
      password: 'gone-password-1',
      role: 'editor',
    });
    const session = await signIn(ctx, { email: 'gone@acme.test', password: 'gone-password-1' });
    expect((await owner.call('DELETE', `/v1/admin/console-users/${gone.id}`)).status).toBe(204);
    expect((await session.call('GET', '/v1/admin/session')).status).toBe(401);
  });
});

describe('operator bootstrap', () => {
  it('should return 400 and create nothing when the first owner is invalid', async () => {
    const res = await call(ctx, 'POST', '/v1/workspaces', {
      token: 'test-operator-token-0123456789',
      body: { name: 'Broken', owner: { email: 'bad', password: 'x' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['owner.email', 'owner.password']),
    );
  });
});

describe('owner-only changes', () => {
  it('should return 403 when an editor rotates keys, and let an owner do it', async () => {
    const editor = await signIn(ctx, EDITOR);
    const denied = await editor.call('POST', '/v1/admin/settings/rotate-keys', {
      body: { keys: ['identity'] },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const allowed = await owner.call('POST', '/v1/admin/settings/rotate-keys', {
      body: { keys: ['identity'] },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.identitySecret).toMatch(/^ids_/);
    // Webhook secrets rotate per endpoint, with an overlap; there is no workspace one to rotate.
    const webhook = await owner.call('POST', '/v1/admin/settings/rotate-keys', {
      body: { keys: ['webhook'] },
    });
    expect(webhook.status).toBe(400);
    expect(webhook.body.error.code).toBe('validation_failed');
  });
});
