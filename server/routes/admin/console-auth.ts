import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  ConsoleSession,
  CSRF_HEADER,
  LoginRequest,
  OtherSessions,
  OtherSessionsSignedOut,
  PasswordChange,
} from '../../../shared/console.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { safeEqual } from '../../crypto.ts';
import { adminAccessRefusal, isSafeMethod } from '../../domain/admin-access.ts';
import { ApiError } from '../../http/api-error.ts';
import { clientAddress } from '../../http/client-address.ts';
import { createRouter } from '../../http/router.ts';
import type { AppEnv } from '../../http/types.ts';
import {
  changePassword,
  describeSession,
  endOtherSession,
  type LiveSession,
  logout,
  otherSessions,
  resumeSession,
  SESSION_TTL_MS,
  signIn,
  signOutOtherSessions,
} from '../../services/console-auth.ts';
import { workspaceSettings } from '../../services/workspaces.ts';
import { consoleUsersRoutes } from './console-users.ts';
import { twoStepRoutes } from './two-step.ts';

/** Scoped to the admin API: the SPA's own pages never need to see it. */
const COOKIE = 'attach_console';
const COOKIE_PATH = '/v1/admin';
const SESSION_PATH = '/v1/admin/session';
/**
 * What every console user may do to their own account, viewers too: sign out, change their
 * password, sign their other sessions out (a laptop left signed in elsewhere), and set up or turn
 * off two-step sign-in. As `METHOD /path`.
 */
export const OWN_ACCOUNT_ROUTES: ReadonlySet<string> = new Set([
  `DELETE ${SESSION_PATH}`,
  `PUT ${SESSION_PATH}/password`,
  `DELETE ${SESSION_PATH}/others`,
  `DELETE ${SESSION_PATH}/others/{id}`,
  `POST ${SESSION_PATH}/two-step`,
  `POST ${SESSION_PATH}/two-step/confirm`,
  `DELETE ${SESSION_PATH}/two-step`,
]);

/** A call is to one of OWN_ACCOUNT_ROUTES, as `DELETE /v1/admin/session/others/{id}` takes any id. */
const isOwnAccountRoute = (method: string, path: string) =>
  OWN_ACCOUNT_ROUTES.has(`${method} ${path}`) ||
  OWN_ACCOUNT_ROUTES.has(`${method} ${path.replace(/\/[^/]+$/, '/{id}')}`);

// A single sign-on session had its second factor at the identity provider.
const mustSetUpTwoStep = (live: LiveSession) =>
  live.workspace.consoleTwoStepRequired && live.user.twoStepAt === null && !live.session.viaSso;

/** https as the request arrived, as a proxy says it was, or as PUBLIC_URL says users reach us. */
export function isHttps(c: Context<AppEnv>): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto') === 'https' ||
    c.var.deps.config.publicUrl.startsWith('https:')
  );
}

/** The console session's cookie: HttpOnly, sent only with the admin API's same-site calls. */
export function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, COOKIE, token, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

function clearCookie(c: Context<AppEnv>) {
  deleteCookie(c, COOKIE, { path: COOKIE_PATH, secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
}

/**
 * Turns a console cookie into the same `workspace` the secret key would give, plus `actor` and
 * `consoleUser`. Mutations need the double-submit CSRF token, and viewers may not mutate at all:
 * enforced here, once, for every admin route, so no route can forget it.
 */
export const consoleSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  // API callers authenticate with the secret key; a cookie riding along must not change their identity.
  if (c.req.header('authorization')) return next();
  const token = getCookie(c, COOKIE);
  const { method, path } = c.req;
  if (!token || (method === 'POST' && path === SESSION_PATH)) return next();
  const { deps } = c.var;
  const live = await resumeSession(deps.database.db, token, deps.now());
  if (!live) {
    clearCookie(c);
    throw new ApiError(401, 'unauthorized', 'Your console session has expired; sign in again');
  }
  // All a user without it may do where two-step sign-in is required: read the session, set it up.
  if (
    mustSetUpTwoStep(live) &&
    !(method === 'GET' && path === SESSION_PATH) &&
    !isOwnAccountRoute(method, path)
  ) {
    throw new ApiError(
      403,
      'two_step_setup_required',
      'Your workspace requires two-step sign-in: set it up under Your account first',
    );
  }
  if (!isSafeMethod(method)) {
    const sent = c.req.header(CSRF_HEADER) ?? '';
    if (!safeEqual(sent, live.session.csrfToken)) {
      throw new ApiError(403, 'csrf_token_invalid', `Missing or wrong ${CSRF_HEADER} header`);
    }
    const refusal = isOwnAccountRoute(method, path)
      ? undefined
      : adminAccessRefusal(live.user.role, method, path);
    if (refusal === 'read_only') {
      throw new ApiError(
        403,
        'forbidden',
        'Viewers cannot change anything; ask an owner for the editor role',
      );
    }
    if (refusal === 'owner_only') {
      throw new ApiError(
        403,
        'forbidden',
        'Only owners can manage console users and API keys, and rotate keys',
      );
    }
  }
  c.set('workspace', { row: live.workspace, settings: workspaceSettings(live.workspace) });
  c.set('actor', live.user.email);
  c.set('consoleUser', { id: live.user.id, email: live.user.email, role: live.user.role });
  c.set('consoleSession', describeSession(live));
  await next();
};

export const consoleAuthRoutes = createRouter();
// Mounted at /v1/admin before secretKeyAuth, so '*' here deliberately covers every admin route.
consoleAuthRoutes.use('*', consoleSession);

/** The cookie's token and whose session it is, for the routes about one's own sessions. */
function ownSession(c: Context<AppEnv>) {
  const token = getCookie(c, COOKIE);
  const user = c.get('consoleUser');
  if (!token || !user) throw new ApiError(401, 'unauthorized', 'Sign in to the console first');
  return { token, who: { workspaceId: c.var.workspace.row.id, userId: user.id } };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

consoleAuthRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    tags: ['Console'],
    summary: 'Sign in to the console; sets an HttpOnly session cookie',
    request: { body: { required: true, content: { 'application/json': { schema: LoginRequest } } } },
    responses: {
      200: { description: 'Signed in', content: { 'application/json': { schema: ConsoleSession } } },
      400: errorResponse('Invalid request'),
      401: errorResponse('Wrong email or password'),
      409: errorResponse('The email belongs to several workspaces; send workspaceId'),
      429: errorResponse(
        'Too many failed sign-ins for this email, or from this address (rate_limited); see Retry-After',
      ),
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const address = clientAddress(c, c.var.deps.config.trustedProxies ?? 0);
    const { token, session } = await signIn(c.var.deps, input, address, c.req.header('user-agent'));
    setSessionCookie(c, token);
    c.var.log.info('console_login', { workspaceId: session.workspace.id, userId: session.user.id });
    return c.json(session, 200);
  },
);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/session',
    tags: ['Console'],
    summary: 'The signed-in console user and the CSRF token for mutations',
    responses: {
      200: { description: 'Signed in', content: { 'application/json': { schema: ConsoleSession } } },
      401: errorResponse('Not signed in'),
    },
  }),
  async (c) => {
    // Resumed by the console auth middleware already; a secret key alone has no session.
    const session = c.get('consoleSession');
    if (!session) throw new ApiError(401, 'unauthorized', 'Not signed in to the console');
    return c.json(session, 200);
  },
);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/session',
    tags: ['Console'],
    summary: 'Sign out: the session stops working at once',
    responses: { 204: { description: 'Signed out' }, 403: errorResponse('CSRF token missing or wrong') },
  }),
  async (c) => {
    const token = getCookie(c, COOKIE);
    if (token) await logout(c.var.deps.database.db, token);
    clearCookie(c);
    return c.body(null, 204);
  },
);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/session/password',
    tags: ['Console'],
    summary: 'Change your own console password (any role); your other sessions end, this one stays',
    description:
      'For a signed-in console user (the session cookie and the CSRF token), not for the secret key. ' +
      'A wrong `currentPassword` answers 400 `validation_failed` on that field and counts as a failed ' +
      'sign-in for the email (ten lock it for 15 minutes: 429 `rate_limited`).',
    request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
    responses: {
      204: { description: 'Changed' },
      400: errorResponse('Invalid request, or not the current password (validation_failed)'),
      401: errorResponse('Not signed in to the console'),
      403: errorResponse('CSRF token missing or wrong'),
      429: errorResponse('Too many wrong passwords for this email (rate_limited); see Retry-After'),
    },
  }),
  async (c) => {
    const token = getCookie(c, COOKIE);
    const user = c.get('consoleUser');
    if (!token || !user)
      throw new ApiError(401, 'unauthorized', 'Sign in to the console to change your password');
    await changePassword(c.var.deps, c.var.workspace.row.id, user, token, c.req.valid('json'));
    c.var.log.info('console_password_changed', { workspaceId: c.var.workspace.row.id, userId: user.id });
    return c.body(null, 204);
  },
);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/session/others',
    tags: ['Console'],
    summary: 'Sign out your other console sessions (any role); this one stays',
    responses: {
      200: {
        description: 'How many sessions were signed out',
        content: { 'application/json': { schema: OtherSessionsSignedOut } },
      },
      401: errorResponse('Not signed in to the console'),
      403: errorResponse('CSRF token missing or wrong'),
    },
  }),
  async (c) => {
    const { token, who } = ownSession(c);
    const signedOut = await signOutOtherSessions(c.var.deps, who.workspaceId, who.userId, token);
    c.var.log.info('console_other_sessions_ended', { ...who, signedOut });
    return c.json({ signedOut }, 200);
  },
);

consoleAuthRoutes.route('/', consoleUsersRoutes);
consoleAuthRoutes.route('/', twoStepRoutes);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/session/others',
    tags: ['Console'],
    summary: 'Your other console sessions: when and where each signed in, and when it was last used',
    responses: {
      200: { description: 'The other sessions', content: { 'application/json': { schema: OtherSessions } } },
      401: errorResponse('Not signed in to the console'),
    },
  }),
  async (c) => {
    const { token, who } = ownSession(c);
    return c.json(await otherSessions(c.var.deps, who, token), 200);
  },
);

consoleAuthRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/session/others/{id}',
    tags: ['Console'],
    summary: 'Sign out one of your other console sessions (any role)',
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      204: { description: 'Signed out' },
      400: errorResponse('Not a session id'),
      401: errorResponse('Not signed in to the console'),
      403: errorResponse('CSRF token missing or wrong'),
      404: errorResponse('No such session of yours (signed out already, or this one)'),
    },
  }),
  async (c) => {
    const { token, who } = ownSession(c);
    await endOtherSession(c.var.deps, who, token, c.req.valid('param').id);
    c.var.log.info('console_other_session_ended', { ...who });
    return c.body(null, 204);
  },
);
