import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  OWNER,
  signIn,
  totpCode,
  turnOnTwoStep,
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

const STEP_MS = 30_000;
let n = 0;

/** The code an authenticator app holding `secret` shows now, or `steps` steps from now. */
const codeOf = (secret: string, steps = 0) =>
  totpCode(secret, new Date(ctx.clock.now.getTime() + steps * STEP_MS));

const signInWith = ({ email, password }: { email: string; password: string }, code?: string) =>
  call(ctx, 'POST', '/v1/admin/session', { body: { email, password, code } });

async function auditOf(action: string, email: string) {
  const res = await call(ctx, 'GET', `/v1/admin/audit-log?action=${action}`, { key: sk });
  return (res.body.data as Array<{ actor: string; target: { name: string }; details: unknown }>).filter(
    (e) => e.target.name === email,
  );
}

/** A fresh viewer (two-step sign-in is everyone's own, viewers' too) with it turned on. */
async function withTwoStep() {
  const person = { email: `two${++n}@acme.test`, password: `viewer-password-${n}`, role: 'viewer' as const };
  const { id } = await addConsoleUser(owner, person);
  const agent = await signIn(ctx, person);
  const { secret, recoveryCodes } = await turnOnTwoStep(agent, person.password, ctx.clock.now);
  // The confirming code is used: the next sign-in needs the next one.
  ctx.clock.advance(STEP_MS);
  return { person, id, agent, secret, recoveryCodes };
}

describe('two-step sign-in', () => {
  it('is set up with an app: a secret to scan, a code to confirm it, recovery codes shown once', async () => {
    const person = { email: 'setup@acme.test', password: 'viewer-password-setup', role: 'viewer' as const };
    await addConsoleUser(owner, person);
    const agent = await signIn(ctx, person);
    // The password first: a session left open on a shared machine is not enough.
    const start = (password: string) =>
      agent.call('POST', '/v1/admin/session/two-step', { body: { password } });
    const refused = await start('not-my-password');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0].path).toEqual(['password']);
    const setup = await start(person.password);
    expect(setup.status, setup.text).toBe(201);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.body.uri);
    expect(uri.searchParams.get('secret')).toBe(setup.body.secret);
    expect(decodeURIComponent(uri.pathname)).toBe('/Attach (Acme):setup@acme.test');
    // Not on until confirmed: the password alone still signs in.
    expect((await signInWith(person)).status).toBe(200);

    const wrong = await agent.call('POST', '/v1/admin/session/two-step/confirm', {
      body: { code: '000000' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('validation_failed');
    const ok = await agent.call('POST', '/v1/admin/session/two-step/confirm', {
      body: { code: codeOf(setup.body.secret) },
    });
    expect(ok.status, ok.text).toBe(200);
    const codes: string[] = ok.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect((await agent.call('GET', '/v1/admin/session')).body.user.twoStep).toBe(true);
    // On already: no second secret behind the user's back.
    expect((await start(person.password)).status).toBe(409);
    expect(await auditOf('console_user.two_step_enabled', person.email)).toHaveLength(1);

    // At rest: the secret sealed, the recovery codes hashed.
    const [row] = await ctx.database.rows<{ totp_secret: string; recovery_code_hashes: string[] }>(
      sql`select totp_secret, recovery_code_hashes from console_users where email = ${person.email}`,
    );
    expect(row?.totp_secret).not.toContain(setup.body.secret);
    expect(row?.recovery_code_hashes).toHaveLength(10);
    for (const code of codes) expect(JSON.stringify(row)).not.toContain(code.replace('-', ''));
  });

  it('asks for a code after the password, takes each code once, and records how they got in', async () => {
    const { person, secret } = await withTwoStep();
    const asked = await signInWith(person);
    expect(asked.status).toBe(401);
    expect(asked.body.error.code).toBe('two_step_required');
    expect(asked.headers.get('set-cookie')).toBeNull();
    // A wrong password is still just a wrong password: no hint that a code would follow.
    expect((await signInWith({ ...person, password: 'not-the-password' })).body.error.code).toBe(
      'unauthorized',
    );

    const code = codeOf(secret);
    const agent = await signIn(ctx, { email: person.email, password: person.password, code });
    expect((await agent.call('GET', '/v1/admin/session')).status).toBe(200);
    // Seen over a shoulder: the same code does not sign in again.
    const replay = await signInWith(person, code);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthorized');
    // The next step's code does (a phone a step ahead, too).
    expect((await signInWith(person, codeOf(secret, 1))).status).toBe(200);
    const [latest] = await auditOf('console_user.signed_in', person.email);
    expect(latest?.details).toMatchObject({ twoStep: 'code' });
  });

  it('lets one of several sign-ins racing with one code through', async () => {
    const { person, secret } = await withTwoStep();
    const code = codeOf(secret);
    const tries = await Promise.all(Array.from({ length: 5 }, () => signInWith(person, code)));
    expect(tries.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });

  it('takes a recovery code once, however it is typed', async () => {
    const { person, recoveryCodes } = await withTwoStep();
    const [first = '', second = ''] = recoveryCodes;
    expect((await signInWith(person, ` ${first.toUpperCase().replace('-', ' ')} `)).status).toBe(200);
    expect((await signInWith(person, first)).status).toBe(401);
    expect((await signInWith(person, second)).status).toBe(200);
    const [latest] = await auditOf('console_user.signed_in', person.email);
    expect(latest?.details).toMatchObject({ twoStep: 'recovery_code' });
  });

  it('counts wrong codes toward the lockout, not the request for one', async () => {
    const { person, secret } = await withTwoStep();
    for (let i = 0; i < 12; i++) expect((await signInWith(person)).status).toBe(401);
    expect((await signInWith(person, codeOf(secret))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await signInWith(person, '123456')).status).toBe(401);
    const locked = await signInWith(person, codeOf(secret, 1));
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    ctx.clock.advance(15 * 60_000 + 1000);
  });

  it('is turned off by its user with their password', async () => {
    const { person, agent } = await withTwoStep();
    const wrong = await agent.call('DELETE', '/v1/admin/session/two-step', { body: { password: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('validation_failed');
    const off = await agent.call('DELETE', '/v1/admin/session/two-step', {
      body: { password: person.password },
    });
    expect(off.status).toBe(204);
    expect((await signInWith(person)).status).toBe(200);
    expect(await auditOf('console_user.two_step_disabled', person.email)).toEqual([
      expect.objectContaining({ actor: person.email }),
    ]);
    // Off already: the same answer, nothing more recorded.
    expect(
      (await agent.call('DELETE', '/v1/admin/session/two-step', { body: { password: person.password } }))
        .status,
    ).toBe(204);
    expect(await auditOf('console_user.two_step_disabled', person.email)).toHaveLength(1);
  });

  it('is turned off for a colleague who lost their app by an owner, and by no one else', async () => {
    const { person, id } = await withTwoStep();
    const editor = {
      email: `editor${++n}@acme.test`,
      password: 'editor-password-1',
      role: 'editor' as const,
    };
    await addConsoleUser(owner, editor);
    const asEditor = await signIn(ctx, editor);
    expect((await asEditor.call('DELETE', `/v1/admin/console-users/${id}/two-step`)).status).toBe(403);
    const res = await owner.call('DELETE', `/v1/admin/console-users/${id}/two-step`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, email: person.email, twoStep: false });
    expect((await signInWith(person)).status).toBe(200);
    expect(await auditOf('console_user.two_step_disabled', person.email)).toEqual([
      expect.objectContaining({ actor: OWNER.email }),
    ]);
    const listed = await owner.call('GET', '/v1/admin/console-users');
    expect(listed.body.data.find((u: { id: string }) => u.id === id)?.twoStep).toBe(false);
    expect(
      (await owner.call('DELETE', '/v1/admin/console-users/00000000-0000-4000-8000-000000000000/two-step'))
        .status,
    ).toBe(404);
  });

  it('is a console user’s own: the secret key has no one to ask a code of', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/session/two-step', { key: sk, body: { password: 'x' } });
    expect(res.status).toBe(401);
    const confirm = await call(ctx, 'POST', '/v1/admin/session/two-step/confirm', {
      key: sk,
      body: { code: '12' },
    });
    expect(confirm.status).toBe(400);
  });
});
