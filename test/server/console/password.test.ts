import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  OWNER,
  signIn,
} from '../../support/console.ts';

let ctx: TestContext;
let owner: ConsoleAgent;
let sk: string;

beforeAll(async () => {
  ctx = await createTestApp();
  sk = (await createWorkspaceWithOwner(ctx)).secretKey;
  owner = await signIn(ctx, OWNER);
});
afterAll(() => ctx.close());

const PATH = '/v1/admin/session/password';
let n = 0;

/** A fresh viewer, signed in: viewers may change their own password like everyone. */
async function viewer() {
  const person = {
    email: `viewer${++n}@acme.test`,
    password: `first-password-${n}`,
    role: 'viewer' as const,
  };
  await addConsoleUser(owner, person);
  return { person, agent: await signIn(ctx, person) };
}

const signInStatus = async (email: string, password: string) =>
  (await call(ctx, 'POST', '/v1/admin/session', { body: { email, password } })).status;

describe('PUT /v1/admin/session/password', () => {
  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const { person, agent } = await viewer();
    const elsewhere = await signIn(ctx, person);
    const res = await agent.call('PUT', PATH, {
      body: { currentPassword: person.password, newPassword: 'a-new-password-42' },
    });
    expect(res.status).toBe(204);
    expect(await signInStatus(person.email, person.password)).toBe(401);
    expect(await signInStatus(person.email, 'a-new-password-42')).toBe(200);
    expect((await elsewhere.call('GET', '/v1/admin/session')).status).toBe(401);
    expect((await agent.call('GET', '/v1/admin/session')).status).toBe(200);

    const log = await call(ctx, 'GET', '/v1/admin/audit-log?action=console_user.password_changed', {
      key: sk,
    });
    expect(log.body.data).toEqual([
      expect.objectContaining({
        actor: person.email,
        target: expect.objectContaining({ name: person.email }),
      }),
    ]);
    expect(log.text).not.toContain('a-new-password-42');
    expect(log.text).not.toContain(person.password);
  });

  it('refuses a wrong current password, the same one again or a short one, changing nothing', async () => {
    const { person, agent } = await viewer();
    const attempts = [
      [{ currentPassword: 'not-it-at-all', newPassword: 'a-new-password-42' }, 'currentPassword'],
      [{ currentPassword: person.password, newPassword: person.password }, 'newPassword'],
      [{ currentPassword: person.password, newPassword: 'short' }, 'newPassword'],
    ] as const;
    for (const [body, field] of attempts) {
      const res = await agent.call('PUT', PATH, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues[0].path).toEqual([field]);
    }
    expect(await signInStatus(person.email, person.password)).toBe(200);
  });

  it('counts wrong current passwords as failed sign-ins: ten lock the email, sign-in included', async () => {
    const { person, agent } = await viewer();
    for (let i = 0; i < 10; i++) {
      const res = await agent.call('PUT', PATH, {
        body: { currentPassword: `guess-number-${i}`, newPassword: 'a-new-password-42' },
      });
      expect(res.status).toBe(400);
    }
    const locked = await agent.call('PUT', PATH, {
      body: { currentPassword: person.password, newPassword: 'a-new-password-42' },
    });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'rate_limited']);
    expect(await signInStatus(person.email, person.password)).toBe(429);
  });

  it('needs a console session and its CSRF token; the secret key has no password to change', async () => {
    const body = { currentPassword: OWNER.password, newPassword: 'a-new-password-42' };
    expect((await call(ctx, 'PUT', PATH, { key: sk, body })).status).toBe(401);
    const noCsrf = await owner.call('PUT', PATH, { body, csrf: false });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf_token_invalid']);
    expect(await signInStatus(OWNER.email, OWNER.password)).toBe(200);
  });
});

describe('PUT /v1/admin/console-users/{id}/password', () => {
  it('lets an owner set a colleague’s password: the old one stops, every session of theirs ends', async () => {
    const { person, agent } = await viewer();
    const [row] = (await owner.call('GET', '/v1/admin/console-users')).body.data.filter(
      (u: { email: string }) => u.email === person.email,
    );
    const res = await owner.call('PUT', `/v1/admin/console-users/${row.id}/password`, {
      body: { password: 'set-by-the-owner-1' },
    });
    expect(res.status).toBe(204);
    expect((await agent.call('GET', '/v1/admin/session')).status).toBe(401);
    expect(await signInStatus(person.email, person.password)).toBe(401);
    expect(await signInStatus(person.email, 'set-by-the-owner-1')).toBe(200);
    const log = await call(ctx, 'GET', '/v1/admin/audit-log?action=console_user.password_reset', { key: sk });
    expect(log.body.data[0]).toMatchObject({
      actor: OWNER.email,
      target: { id: row.id, name: person.email },
    });
    expect(log.text).not.toContain('set-by-the-owner-1');
  });

  it('is for owners only, and not for one’s own password', async () => {
    const { agent } = await viewer();
    const ownerId = (await owner.call('GET', '/v1/admin/session')).body.user.id;
    const body = { password: 'set-by-someone-1' };
    const asViewer = await agent.call('PUT', `/v1/admin/console-users/${ownerId}/password`, { body });
    expect([asViewer.status, asViewer.body.error.code]).toEqual([403, 'forbidden']);
    const own = await owner.call('PUT', `/v1/admin/console-users/${ownerId}/password`, { body });
    expect([own.status, own.body.error.code]).toEqual([409, 'conflict']);
    expect(await signInStatus(OWNER.email, OWNER.password)).toBe(200);
    const missing = await owner.call(
      'PUT',
      '/v1/admin/console-users/00000000-0000-4000-8000-000000000000/password',
      {
        body,
      },
    );
    expect(missing.status).toBe(404);
  });
});
