import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ErrorEnvelope } from '../../shared/errors.ts';
import { SSO_CALLBACK_PATH, SSO_ERROR_PARAM, SSO_START_PATH, type SsoErrorCode } from '../../shared/sso.ts';
import { clientAddress } from '../http/client-address.ts';
import { createRouter } from '../http/router.ts';
import type { AppEnv } from '../http/types.ts';
import { abandonSsoLogin, finishSsoLogin, SsoFailure, startSsoLogin } from '../services/console-sso.ts';
import { isHttps, setSessionCookie } from './admin/console-auth.ts';

/**
 * The console's single sign-on, as browser navigations: start sends the browser to the identity
 * provider, which sends it back to the callback; both end in a redirect to the console, signed in
 * or with `?ssoError=<code>`. Outside /v1/admin: nobody is signed in yet, and the callback comes
 * from another site, which the console cookie (SameSite=Strict) never rides along with.
 */
export const consoleSsoRoutes = createRouter();

/** Binds a sign-in to the browser that began it; Lax, so the provider's redirect back carries it. */
const STATE_COOKIE = 'attach_sso';
const STATE_COOKIE_PATH = '/v1/console/sso';
const CONSOLE = '/console/';

function failed(c: Context<AppEnv>, code: SsoErrorCode, why: string) {
  c.var.log.warn('console_sso_failed', { code, why });
  return c.redirect(`${CONSOLE}?${SSO_ERROR_PARAM}=${code}`, 302);
}

const redirect = {
  302: { description: 'To the identity provider, or back to the console' },
  400: {
    description: 'Invalid query',
    content: { 'application/json': { schema: ErrorEnvelope } },
  },
};

consoleSsoRoutes.openapi(
  createRoute({
    method: 'get',
    path: SSO_START_PATH,
    tags: ['Console'],
    summary: "Begin signing in to the console with the workspace's single sign-on (a browser navigation)",
    // Optional: a sign-in link cut short still ends on the sign-in page with a sentence, not JSON.
    request: { query: z.object({ workspace: z.string().max(100).optional() }) },
    responses: redirect,
  }),
  async (c) => {
    const { workspace } = c.req.valid('query');
    if (!workspace) return failed(c, 'not_configured', 'the link names no workspace');
    try {
      const { state, location } = await startSsoLogin(c.var.deps, workspace);
      setCookie(c, STATE_COOKIE, state, {
        path: STATE_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'Lax',
        secure: isHttps(c),
        maxAge: 600,
      });
      return c.redirect(location, 302);
    } catch (err) {
      if (err instanceof SsoFailure) return failed(c, err.code, err.message);
      throw err;
    }
  },
);

consoleSsoRoutes.openapi(
  createRoute({
    method: 'get',
    path: SSO_CALLBACK_PATH,
    tags: ['Console'],
    summary: 'Where the identity provider sends the browser back; signs in and redirects to the console',
    request: {
      query: z.object({
        state: z.string().max(200).optional(),
        code: z.string().max(4000).optional(),
        error: z.string().max(200).optional(),
      }),
    },
    responses: redirect,
  }),
  async (c) => {
    const { state, code, error } = c.req.valid('query');
    const cookieState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, {
      path: STATE_COOKIE_PATH,
      secure: isHttps(c),
      httpOnly: true,
      sameSite: 'Lax',
    });
    if (error || !code) {
      if (state) await abandonSsoLogin(c.var.deps, state);
      return failed(c, 'refused_by_provider', error ?? 'no code');
    }
    if (!state) return failed(c, 'expired', 'no state');
    try {
      const address = clientAddress(c, c.var.deps.config.trustedProxies ?? 0);
      const { token, session } = await finishSsoLogin(
        c.var.deps,
        { state, cookieState, code },
        { address, userAgent: c.req.header('user-agent') },
      );
      setSessionCookie(c, token);
      c.var.log.info('console_login', {
        workspaceId: session.workspace.id,
        userId: session.user.id,
        via: 'sso',
      });
      return c.redirect(CONSOLE, 302);
    } catch (err) {
      if (err instanceof SsoFailure) return failed(c, err.code, err.message);
      throw err;
    }
  },
);
