import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_LOGINS } from '../../../server/services/console-sso.ts';
import { SSO_CALLBACK_PATH } from '../../../shared/sso.ts';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import {
  addConsoleUser,
  type ConsoleAgent,
  createWorkspaceWithOwner,
  OWNER,
  signIn,
  turnOnTwoStep,
} from '../../support/console.ts';
import { type OidcProvider, startOidcProvider } from '../../support/oidc-provider.ts';

let ctx: TestContext;
let idp: OidcProvider;
let owner: ConsoleAgent;
let workspaceId: string;
const EDITOR = { email: 'ed@acme.test', password: 'editor-password-123', role: 'editor' as const };

const settings = () => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  emailDomains: ['acme.test'],
  defaultRole: 'viewer' as const,
  required: false,
});

beforeAll(async () => {
  // The provider is on 127.0.0.1: private targets allowed, as in local development.
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  idp = await startOidcProvider(() => ctx.clock.now);
  ({ workspaceId } = await createWorkspaceWithOwner(ctx));
  owner = await signIn(ctx, OWNER);
  await addConsoleUser(owner, EDITOR);
});
afterAll(async () => {
  await idp.close();
  await ctx.close();
});

const cookieOf = (res: { headers: Headers }, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

/**
 * A browser going through the sign-in: start, the provider's authorization (which answers at
 * once), and the callback with the cookie start set. Returns the callback's answer.
 */
async function ssoSignIn(options: { browserCookie?: (state: string) => string | undefined } = {}) {
  const start = await call(ctx, 'GET', `/v1/console/sso/start?workspace=${workspaceId}`);
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location') ?? '');
  if (!location.href.startsWith(idp.issuer)) return { start, callback: undefined, location };
  const stateCookie = cookieOf(start, 'attach_sso') ?? '';
  const authorized = await fetch(location, { redirect: 'manual' });
  const back = new URL(authorized.headers.get('location') ?? '');
  const cookie = options.browserCookie
    ? options.browserCookie(back.searchParams.get('state') ?? '')
    : stateCookie;
  const callback = await call(ctx, 'GET', `${back.pathname}${back.search}`, {
    headers: cookie ? { cookie } : {},
  });
  return { start, callback, location, back };
}

const consoleRedirect = (res: { status: number; headers: Headers } | undefined) => {
  expect(res?.status).toBe(302);
  return res?.headers.get('location');
};

describe('setting single sign-on', () => {
  it('checks the issuer, needs the secret the first time, and never shows or logs the secret', async () => {
    const none = await owner.call('GET', '/v1/admin/console-users/sso');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      settings: null,
      redirectUri: `http://localhost:3000${SSO_CALLBACK_PATH}`,
      signInUrl: `http://localhost:3000/v1/console/sso/start?workspace=${workspaceId}`,
    });

    const typo = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...settings(), issuer: `${idp.issuer}/wrong` },
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe('sso_discovery_failed');
    const { clientSecret: _, ...withoutSecret } = settings();
    const noSecret = await owner.call('PUT', '/v1/admin/console-users/sso', { body: withoutSecret });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.code).toBe('validation_failed');

    const set = await owner.call('PUT', '/v1/admin/console-users/sso', { body: settings() });
    expect(set.status).toBe(200);
    expect(set.body.settings).toMatchObject({
      issuer: idp.issuer,
      clientId: idp.clientId,
      emailDomains: ['acme.test'],
      defaultRole: 'viewer',
      required: false,
      clientSecretHint: idp.clientSecret.slice(-4),
    });
    expect(JSON.stringify(set.body)).not.toContain(idp.clientSecret);

    // Changed without the secret: the stored one stays.
    const kept = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...withoutSecret, emailDomains: ['acme.test', 'ACME-LABS.test'] },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.settings.emailDomains).toEqual(['acme.test', 'acme-labs.test']);
    expect(kept.body.settings.clientSecretHint).toBe(idp.clientSecret.slice(-4));

    const audit = await owner.call('GET', '/v1/admin/audit-log?action=sso.updated');
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(2);
    expect(JSON.stringify(audit.body)).not.toContain(idp.clientSecret);
  });

  it('is the owners’ to change; an editor reads it', async () => {
    const editor = await signIn(ctx, EDITOR);
    expect((await editor.call('GET', '/v1/admin/console-users/sso')).status).toBe(200);
    const put = await editor.call('PUT', '/v1/admin/console-users/sso', { body: settings() });
    expect(put.status).toBe(403);
    expect((await editor.call('DELETE', '/v1/admin/console-users/sso')).status).toBe(403);
  });
});

describe('signing in with single sign-on', () => {
  it('signs in a console user by the verified email, with PKCE, a nonce and a one-time state', async () => {
    idp.signInAs({ sub: 'idp-ed', email: EDITOR.email, email_verified: true });
    const { start, location, callback } = await ssoSignIn();
    expect(location.searchParams.get('client_id')).toBe(idp.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(`http://localhost:3000${SSO_CALLBACK_PATH}`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const stateCookie = start.headers.getSetCookie().find((c) => c.startsWith('attach_sso='));
    expect(stateCookie).toMatch(/HttpOnly/i);
    expect(stateCookie).toMatch(/SameSite=Lax/i);

    expect(consoleRedirect(callback)).toBe('/console/');
    const session = callback && cookieOf(callback, 'attach_console');
    expect(session).toBeTruthy();
    const me = await call(ctx, 'GET', '/v1/admin/session', { headers: { cookie: session ?? '' } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: EDITOR.email, role: 'editor' });
    expect(me.body.viaSso).toBe(true);

    const audit = await owner.call('GET', '/v1/admin/audit-log?action=console_user.signed_in');
    expect(audit.body.data[0]).toMatchObject({ actor: EDITOR.email, details: { sso: true } });
    // Their password session lists the SSO one as such (and the password one of the test above).
    const withPassword = await signIn(ctx, EDITOR);
    const others = await withPassword.call('GET', '/v1/admin/session/others');
    expect(others.body.data.map((o: { viaSso: boolean }) => o.viaSso).sort()).toEqual([false, true]);
  });

  it('adds a person of an allowed domain with the default role, and turns away any other', async () => {
    idp.signInAs({ sub: 'idp-new', email: 'New.Person@Acme.test', email_verified: true, name: 'New Person' });
    const added = await ssoSignIn();
    expect(consoleRedirect(added.callback)).toBe('/console/');
    const users = await owner.call('GET', '/v1/admin/console-users');
    expect(users.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'new.person@acme.test', role: 'viewer' })]),
    );
    const audit = await owner.call('GET', '/v1/admin/audit-log?action=console_user.added');
    expect(audit.body.data[0]).toMatchObject({ actor: 'sso', target: { name: 'new.person@acme.test' } });

    idp.signInAs({ sub: 'idp-out', email: 'someone@elsewhere.test', email_verified: true });
    const outsider = await ssoSignIn();
    expect(consoleRedirect(outsider.callback)).toBe('/console/?ssoError=not_a_member');
    expect(outsider.callback && cookieOf(outsider.callback, 'attach_console')).toBeUndefined();
    const after = await owner.call('GET', '/v1/admin/console-users');
    expect(after.body.data.map((u: { email: string }) => u.email)).not.toContain('someone@elsewhere.test');
  });

  it('refuses a replayed callback, one from another browser, and one begun over ten minutes ago', async () => {
    idp.signInAs({ sub: 'idp-ed', email: EDITOR.email, email_verified: true });
    const first = await ssoSignIn();
    expect(consoleRedirect(first.callback)).toBe('/console/');
    const replay = await call(ctx, 'GET', `${first.back?.pathname}${first.back?.search}`, {
      headers: { cookie: `attach_sso=${first.back?.searchParams.get('state')}` },
    });
    expect(consoleRedirect(replay)).toBe('/console/?ssoError=expired');

    const elsewhere = await ssoSignIn({ browserCookie: () => undefined });
    expect(consoleRedirect(elsewhere.callback)).toBe('/console/?ssoError=expired');

    const start = await call(ctx, 'GET', `/v1/console/sso/start?workspace=${workspaceId}`);
    const authorized = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const back = new URL(authorized.headers.get('location') ?? '');
    ctx.clock.advance(11 * 60_000);
    const late = await call(ctx, 'GET', `${back.pathname}${back.search}`, {
      headers: { cookie: cookieOf(start, 'attach_sso') ?? '' },
    });
    expect(consoleRedirect(late)).toBe('/console/?ssoError=expired');
  });

  it('refuses id tokens that do not verify, and says when the provider refused', async () => {
    idp.signInAs({ sub: 'idp-ed', email: EDITOR.email, email_verified: true });
    const cases: Array<[string, () => void, string]> = [
      ['another nonce', () => idp.tokenClaims({ nonce: 'not-the-one' }), 'invalid_token'],
      ['another audience', () => idp.tokenClaims({ aud: 'someone-else' }), 'invalid_token'],
      [
        'expired',
        () => idp.tokenClaims({ exp: Math.floor(ctx.clock.now.getTime() / 1000) - 3600 }),
        'invalid_token',
      ],
      ['unverified email', () => idp.tokenClaims({ email_verified: false }), 'email_missing'],
      ['no email', () => idp.tokenClaims({ email: undefined }), 'email_missing'],
      ['a forged signature', () => idp.signWithUnpublishedKey(true), 'invalid_token'],
      ['access denied', () => idp.denyNext(), 'refused_by_provider'],
    ];
    for (const [why, arrange, code] of cases) {
      arrange();
      const { callback } = await ssoSignIn();
      expect(consoleRedirect(callback), why).toBe(`/console/?ssoError=${code}`);
      expect(callback && cookieOf(callback, 'attach_console'), why).toBeUndefined();
      idp.tokenClaims(null);
      idp.signWithUnpublishedKey(false);
      // Each one ended, refused by the provider too: nothing of it is left to complete.
      const [left] = await ctx.database.rows<{ n: number }>(
        sql`select count(*)::int as n from console_sso_logins where workspace_id = ${workspaceId}`,
      );
      expect(left?.n, why).toBe(0);
    }
  });

  it('follows the provider’s key rotation, and an issuer entered with a trailing slash', async () => {
    const { clientSecret: _, ...withoutSecret } = settings();
    const slash = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...withoutSecret, issuer: `${idp.issuer}/` },
    });
    expect(slash.status).toBe(200);
    await idp.rotateKey();
    idp.signInAs({ sub: 'idp-ed', email: EDITOR.email, email_verified: true });
    const { callback } = await ssoSignIn();
    expect(consoleRedirect(callback)).toBe('/console/');
  });

  it('is not held back by a two-step requirement: the provider did the second factor', async () => {
    await turnOnTwoStep(owner, OWNER.password, ctx.clock.now);
    const policy = await owner.call('PATCH', '/v1/admin/console-users/sign-in-policy', {
      body: { twoStepRequired: true },
    });
    expect(policy.status).toBe(200);
    idp.signInAs({ sub: 'idp-ed', email: EDITOR.email, email_verified: true });
    const { callback } = await ssoSignIn();
    const cookie = (callback && cookieOf(callback, 'attach_console')) ?? '';
    const campaigns = await call(ctx, 'GET', '/v1/admin/campaigns', { headers: { cookie } });
    expect(campaigns.status).toBe(200);
    // With a password, the same editor is held at the setup page.
    const withPassword = await signIn(ctx, EDITOR);
    expect((await withPassword.call('GET', '/v1/admin/campaigns')).status).toBe(403);
    await owner.call('PATCH', '/v1/admin/console-users/sign-in-policy', { body: { twoStepRequired: false } });
  });
});

describe('requiring single sign-on', () => {
  it('refuses editors’ and viewers’ passwords, naming the workspace; owners keep theirs', async () => {
    const set = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...settings(), clientSecret: undefined, required: true },
    });
    expect(set.status).toBe(200);
    const refused = await call(ctx, 'POST', '/v1/admin/session', {
      body: { email: EDITOR.email, password: EDITOR.password },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'sso_required', details: { workspaceId } });
    expect(cookieOf(refused, 'attach_console')).toBeUndefined();
    // A wrong password is still just wrong: the requirement tells a guesser nothing.
    const wrong = await call(ctx, 'POST', '/v1/admin/session', {
      body: { email: EDITOR.email, password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    // The owner's password is taken: the sign-in goes on to their two-step code (turned on above).
    const ownerTry = await call(ctx, 'POST', '/v1/admin/session', { body: OWNER });
    expect(ownerTry.status).toBe(401);
    expect(ownerTry.body.error.code).toBe('two_step_required');
  });

  it(`keeps at most ${MAX_PENDING_LOGINS} sign-ins under way, as anyone can begin one`, async () => {
    const begin = () => call(ctx, 'GET', `/v1/console/sso/start?workspace=${workspaceId}`);
    // Past the sign-ins the tests above left unfinished.
    ctx.clock.advance(11 * 60_000);
    for (let i = 0; i < MAX_PENDING_LOGINS; i++) {
      expect((await begin()).headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
    }
    expect(consoleRedirect(await begin())).toBe('/console/?ssoError=busy');
    // They expire after ten minutes, and sign-ins begin again.
    ctx.clock.advance(11 * 60_000);
    expect((await begin()).headers.get('location')).toMatch(/\/authorize\?/);
  });

  it('with roles from groups, an editor’s or viewer’s role follows their groups at each sign-in; owners and tokens without groups keep theirs', async () => {
    const groupRoles = [
      { group: 'attach-editors', role: 'editor' },
      { group: 'attach-viewers', role: 'viewer' },
    ];
    const twice = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...settings(), groupRoles: [...groupRoles, { group: 'attach-editors', role: 'viewer' }] },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('body.groupRoles: each group once');
    // Past the sign-ins the test above left under way.
    ctx.clock.advance(11 * 60_000);
    const set = await owner.call('PUT', '/v1/admin/console-users/sso', {
      body: { ...settings(), groupsClaim: 'roles_groups', groupRoles },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.settings).toMatchObject({ groupsClaim: 'roles_groups', groupRoles });
    const roleOf = async (email: string) => {
      const users = await owner.call('GET', '/v1/admin/console-users');
      return users.body.data.find((u: { email: string }) => u.email === email)?.role;
    };
    const signInWith = async (claims: Record<string, unknown>) => {
      idp.signInAs({ sub: `idp-${claims.email}`, email_verified: true, ...claims });
      expect(consoleRedirect((await ssoSignIn()).callback)).toBe('/console/');
    };

    // A new person starts with the role of their group, not the default one.
    await signInWith({ email: 'grace@acme.test', roles_groups: ['staff', 'attach-editors'] });
    expect(await roleOf('grace@acme.test')).toBe('editor');
    // Moved to the viewers' group at the provider: a viewer from the next sign-in, audited as by sso.
    await signInWith({ email: 'grace@acme.test', roles_groups: ['attach-viewers'] });
    expect(await roleOf('grace@acme.test')).toBe('viewer');
    const changed = await owner.call('GET', '/v1/admin/audit-log?action=console_user.role_changed');
    expect(changed.body.data[0]).toMatchObject({
      actor: 'sso',
      target: { name: 'grace@acme.test' },
      changes: [{ field: 'role', from: 'editor', to: 'viewer' }],
    });
    // In both groups, the higher role; in none that is listed, the default role.
    await signInWith({ email: 'grace@acme.test', roles_groups: ['attach-viewers', 'attach-editors'] });
    expect(await roleOf('grace@acme.test')).toBe('editor');
    await signInWith({ email: 'grace@acme.test', roles_groups: 'staff' });
    expect(await roleOf('grace@acme.test')).toBe('viewer');
    // A token without the claim (a provider not set to send it) changes no one.
    await signInWith({ email: EDITOR.email });
    expect(await roleOf(EDITOR.email)).toBe('editor');
    // Owners are the console's to set, whatever their groups.
    await signInWith({ email: OWNER.email, roles_groups: ['attach-viewers'] });
    expect(await roleOf(OWNER.email)).toBe('owner');
  });

  it('once removed, everyone signs in with their password again and SSO sign-in says so', async () => {
    const removed = await owner.call('DELETE', '/v1/admin/console-users/sso');
    expect(removed.status).toBe(204);
    expect((await owner.call('DELETE', '/v1/admin/console-users/sso')).status).toBe(404);
    await expect(signIn(ctx, EDITOR)).resolves.toBeTruthy();
    const start = await call(ctx, 'GET', `/v1/console/sso/start?workspace=${workspaceId}`);
    expect(consoleRedirect(start)).toBe('/console/?ssoError=not_configured');
    // A link cut short (no workspace) ends on the sign-in page too, not in a JSON error.
    for (const path of ['/v1/console/sso/start', '/v1/console/sso/start?workspace='])
      expect(consoleRedirect(await call(ctx, 'GET', path))).toBe('/console/?ssoError=not_configured');
    const audit = await owner.call('GET', '/v1/admin/audit-log?action=sso.removed');
    expect(audit.body.data).toHaveLength(1);
  });
});
