import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/crypto.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { createWorkspaceWithOwner, OWNER, signIn } from '../../support/console.ts';

let ctx: TestContext;
let workspaceId: string;
let secretKey: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const creds = await createWorkspaceWithOwner(ctx);
  workspaceId = creds.workspaceId;
  secretKey = creds.secretKey;
});
afterAll(() => ctx.close());

describe('POST /v1/admin/session', () => {
  it('signs the bootstrap owner in and returns the user, workspace and a CSRF token', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/session', { body: OWNER });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: OWNER.email, role: 'owner' });
    expect(res.body.workspace).toEqual({ id: workspaceId, name: 'Acme', twoStepRequired: false });
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('sets an HttpOnly, SameSite=Strict cookie scoped to the admin API, not Secure over http', async () => {
    const agent = await signIn(ctx, OWNER);
    expect(agent.setCookie).toMatch(/^attach_console=[\w-]{40,};/);
    expect(agent.setCookie).toMatch(/HttpOnly/);
    expect(agent.setCookie).toMatch(/SameSite=Strict/);
    expect(agent.setCookie).toMatch(/Path=\/v1\/admin/);
    expect(agent.setCookie).toMatch(/Max-Age=43200/);
    expect(agent.setCookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when the console is served over https', async () => {
    const res = await ctx.app.request('https://attach.example/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('marks the cookie Secure when PUBLIC_URL is https, behind a proxy that does not say so', async () => {
    const behind = await createTestApp({ publicUrl: 'https://attach.example.com' });
    try {
      await createWorkspaceWithOwner(behind);
      const res = await call(behind, 'POST', '/v1/admin/session', { body: OWNER });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await behind.close();
    }
  });

  it('stores only a SHA-256 of the session token', async () => {
    const agent = await signIn(ctx, OWNER);
    const token = agent.cookie.split('=')[1] ?? '';
    const rows = await ctx.database.rows<{ token_hash: string }>(
      sql`select token_hash from console_sessions where workspace_id = ${workspaceId}`,
    );
    const hashes = rows.map((r) => r.token_hash);
    expect(hashes).toContain(sha256(token));
    expect(hashes).not.toContain(token);
  });

  it('should return 401 for a wrong password and for an unknown email, with the same message', async () => {
    const wrong = await call(ctx, 'POST', '/v1/admin/session', {
      body: { email: OWNER.email, password: 'not-the-password' },
    });
    const unknown = await call(ctx, 'POST', '/v1/admin/session', {
      body: { email: 'nobody@acme.test', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('treats the email case-insensitively', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/session', {
      body: { email: OWNER.email.toUpperCase(), password: OWNER.password },
    });
    expect(res.status).toBe(200);
  });

  it('should return 400 with field details for a malformed body', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/session', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('asks for the workspace when one email and password open several workspaces', async () => {
    const other = await createWorkspaceWithOwner(ctx, 'Beta');
    const ambiguous = await call(ctx, 'POST', '/v1/admin/session', { body: OWNER });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error.details.workspaceIds).toEqual(
      expect.arrayContaining([workspaceId, other.workspaceId]),
    );
    const chosen = await call(ctx, 'POST', '/v1/admin/session', {
      body: { ...OWNER, workspaceId: other.workspaceId },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.workspace.id).toBe(other.workspaceId);
  });
});

describe('GET /v1/admin/session', () => {
  it('returns the signed-in user with the same CSRF token', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const res = await agent.call('GET', '/v1/admin/session');
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toBe(agent.csrf);
    expect(res.body.user.email).toBe(OWNER.email);
  });

  it('should return 401 without a session, even with a secret key', async () => {
    expect((await call(ctx, 'GET', '/v1/admin/session')).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/admin/session', { key: secretKey })).status).toBe(401);
  });

  it('should return 401 once the session has expired, and clear the cookie', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    ctx.clock.advance(12 * 60 * 60 * 1000 + 1000);
    const res = await agent.call('GET', '/v1/admin/console-users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(res.headers.get('set-cookie')).toMatch(/attach_console=;.*Max-Age=0/);
  });
});

describe('DELETE /v1/admin/session', () => {
  it('signs out: the old cookie stops working at once', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const res = await agent.call('DELETE', '/v1/admin/session');
    expect(res.status).toBe(204);
    expect((await agent.call('GET', '/v1/admin/session')).status).toBe(401);
  });

  it('should return 403 csrf_token_invalid without the CSRF header', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const res = await agent.call('DELETE', '/v1/admin/session', { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_token_invalid');
  });
});

describe('console session on the admin API', () => {
  it('authenticates admin reads as the workspace of the session', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const res = await agent.call('GET', '/v1/admin/console-users', { csrf: false });
    expect(res.status).toBe(200);
    expect(res.body.data.map((u: { email: string }) => u.email)).toEqual([OWNER.email]);
  });

  it('requires the CSRF token on every mutation, and rejects another session’s token', async () => {
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const other = await signIn(ctx, { ...OWNER, workspaceId });
    const body = { email: 'csrf@acme.test', password: 'editor-password-1', role: 'editor' };
    const missing = await agent.call('POST', '/v1/admin/console-users', { body, csrf: false });
    const foreign = await agent.call('POST', '/v1/admin/console-users', { body, csrf: other.csrf });
    expect(missing.status).toBe(403);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_token_invalid');
    expect((await agent.call('POST', '/v1/admin/console-users', { body })).status).toBe(201);
  });

  it('lets a secret key win over a cookie sent along with it', async () => {
    const other = await createWorkspace(ctx, { name: 'Gamma' });
    const agent = await signIn(ctx, { ...OWNER, workspaceId });
    const res = await call(ctx, 'GET', '/v1/admin/console-users', {
      key: other.secretKey,
      headers: { cookie: agent.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe('DELETE /v1/admin/session/others', () => {
  it('signs out the user’s other sessions, keeps this one, and touches no one else’s', async () => {
    const viewer = { email: 'viewer@acme.test', password: 'viewer-password-1' };
    // Another test here gives the owner's email a second workspace.
    const owner = await signIn(ctx, { ...OWNER, workspaceId });
    await owner.call('POST', '/v1/admin/console-users', { body: { ...viewer, role: 'viewer' } });
    const here = await signIn(ctx, viewer);
    const laptop = await signIn(ctx, viewer);
    const phone = await signIn(ctx, viewer);

    expect((await here.call('DELETE', '/v1/admin/session/others', { csrf: false })).status).toBe(403);
    const res = await here.call('DELETE', '/v1/admin/session/others');
    expect(res.status).toBe(200);
    expect(res.body.signedOut).toBeGreaterThanOrEqual(2);
    for (const gone of [laptop, phone])
      expect((await gone.call('GET', '/v1/admin/session')).status).toBe(401);
    expect((await here.call('GET', '/v1/admin/session')).status).toBe(200);
    expect((await owner.call('GET', '/v1/admin/session')).status).toBe(200);
    expect((await call(ctx, 'DELETE', '/v1/admin/session/others', { key: secretKey })).status).toBe(401);
  });
});
