import { READ_ONLY_POSTS } from '../../server/domain/admin-access.ts';
import { base32Decode, hotp, totpStep } from '../../server/domain/totp.ts';
import { OWN_ACCOUNT_ROUTES } from '../../server/routes/admin/console-auth.ts';
import { call, createWorkspace, type TestContext } from './app.ts';

export const OWNER = { email: 'owner@acme.test', password: 'owner-password-123' };

export interface ConsoleAgent {
  cookie: string;
  csrf: string;
  setCookie: string;
  /** Calls the API as this console user: cookie always, CSRF token unless `csrf: false`. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> },
  ): ReturnType<typeof call>;
}

/** Signs in through POST /v1/admin/session and returns an agent that carries the cookie. */
export async function signIn(
  ctx: TestContext,
  credentials: { email: string; password: string; workspaceId?: string; code?: string },
  headers: Record<string, string> = {},
): Promise<ConsoleAgent> {
  const { email, password, workspaceId, code } = credentials;
  const body = { email, password, workspaceId, code };
  const res = await call(ctx, 'POST', '/v1/admin/session', { body, headers });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const csrf = res.body.csrfToken as string;
  return {
    cookie,
    csrf,
    setCookie,
    call(method, path, options = {}) {
      const headers: Record<string, string> = { cookie, ...options.headers };
      if (options.csrf !== false)
        headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : csrf;
      return call(ctx, method, path, { body: options.body, headers });
    },
  };
}

/** A workspace whose first owner is created by the operator bootstrap, as in production. */
export async function createWorkspaceWithOwner(ctx: TestContext, name = 'Acme', owner = OWNER) {
  return createWorkspace(ctx, { name, owner });
}

/** Adds a user with the given role through the owner's console session. */
export async function addConsoleUser(
  owner: ConsoleAgent,
  user: { email: string; password: string; role: 'owner' | 'editor' | 'viewer' },
) {
  const res = await owner.call('POST', '/v1/admin/console-users', { body: user });
  if (res.status !== 201) throw new Error(`adding a console user failed: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

/**
 * Every mutating admin route the API documents, with a sample id filled into its path, less the
 * ones every console user may call (sign in and out, their own password and other sessions,
 * read-only POSTs).
 */
export async function mutatingAdminRoutes(ctx: TestContext) {
  const doc = (await call(ctx, 'GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: Array<{ method: string; path: string }> = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/admin/')) continue;
    for (const method of Object.keys(operations)) {
      if (['get', 'head', 'options'].includes(method)) continue;
      // Everyone's own account is theirs to manage (test/server/console/password.test.ts).
      if (OWN_ACCOUNT_ROUTES.has(`${method.toUpperCase()} ${path}`)) continue;
      if (method === 'post' && (path === '/v1/admin/session' || READ_ONLY_POSTS.has(path))) continue;
      routes.push({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      });
    }
  }
  return routes;
}

/** The code an authenticator app holding `secret` shows at `at`. */
export const totpCode = (secret: string, at: Date) => hotp(base32Decode(secret), totpStep(at));

/** Turns two-step sign-in on for the agent's user as they would with an app, at `now`. */
export async function turnOnTwoStep(agent: ConsoleAgent, password: string, now: Date) {
  const setup = await agent.call('POST', '/v1/admin/session/two-step', { body: { password } });
  if (setup.status !== 201) throw new Error(`two-step setup failed: ${setup.status} ${setup.text}`);
  const secret: string = setup.body.secret;
  const confirmed = await agent.call('POST', '/v1/admin/session/two-step/confirm', {
    body: { code: totpCode(secret, now) },
  });
  if (confirmed.status !== 200)
    throw new Error(`two-step confirm failed: ${confirmed.status} ${confirmed.text}`);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}
