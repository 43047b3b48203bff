import { readFile } from 'node:fs/promises';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../server/http/types.ts';
import { DEMO_WORKSPACE_ID } from '../seed/create.ts';
import { type DemoHostConfig, demoHostConfig } from '../seed/credentials.ts';
import { PERSONAS, type Persona, personaByKey } from '../seed/personas.ts';
import { renderPage } from './page.ts';
import { findHostUser, hostAccount, hostProducts, hostUsage } from './queries.ts';
import { signEndUserToken } from './session.ts';
import { hostState } from './state.ts';
import { receiveWebhook } from './webhook-receiver.ts';

const ASSET_TYPES = { 'demo.css': 'text/css; charset=utf-8', 'demo.js': 'text/javascript; charset=utf-8' };
const ASSETS_DIR = new URL('./assets/', import.meta.url);
const DEFAULT_PERSONA = 'power';
const COOKIE = 'demo_persona';

/** Strict: the demo proves Attach runs on a page that allows no inline script or style. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const errorBody = (code: string, message: string) => ({ error: { code, message } });

function configOf(deps: object): DemoHostConfig | undefined {
  return demoHostConfig(deps);
}

/** The demo product (pages, its backend under /demo/api) as a customer would build it. */
export function createDemoHost() {
  const host = new Hono<AppEnv>();

  host.use('/demo/*', async (c, next) => {
    if (!configOf(c.var.deps))
      return c.json(errorBody('not_found', 'Demo mode is off (ATTACH_DEMO=false)'), 404);
    await next();
  });

  const personaOf = (query: string | undefined, cookie: string | undefined): Persona | undefined =>
    personaByKey(query ?? cookie ?? DEFAULT_PERSONA);

  host.get('/demo/assets/:file', async (c) => {
    const file = c.req.param('file');
    if (!(file in ASSET_TYPES)) return c.json(errorBody('not_found', 'No such asset'), 404);
    const body = await readFile(new URL(file, ASSETS_DIR), 'utf8');
    return c.body(body, 200, {
      'Content-Type': ASSET_TYPES[file as keyof typeof ASSET_TYPES],
      'Cache-Control': 'no-cache',
    });
  });

  host.get('/demo/api/session', async (c) => {
    const config = configOf(c.var.deps);
    const persona = personaOf(c.req.query('persona'), getCookie(c, COOKIE));
    if (!config || !persona) return c.json(errorBody('validation_failed', 'Unknown persona'), 400);
    const user = await findHostUser(c.var.deps.database, DEMO_WORKSPACE_ID, persona.userId);
    if (!user) return c.json(errorBody('not_found', 'Persona user missing from the demo data'), 404);
    const session = await signEndUserToken(config.credentials.identitySecret, user, c.var.deps.now());
    c.header('Cache-Control', 'no-store');
    return c.json({
      ...session,
      persona: persona.key,
      user: { id: user.id, accountId: user.accountId, role: user.role },
    });
  });

  host.get('/demo/api/state', async (c) => {
    const config = configOf(c.var.deps);
    const persona = personaOf(c.req.query('persona'), getCookie(c, COOKIE));
    if (!config || !persona) return c.json(errorBody('validation_failed', 'Unknown persona'), 400);
    const user = await findHostUser(c.var.deps.database, DEMO_WORKSPACE_ID, persona.userId);
    if (!user) return c.json(errorBody('not_found', 'Persona user missing from the demo data'), 404);
    c.header('Cache-Control', 'no-store');
    return c.json({
      persona: persona.key,
      ...(await hostState(c.var.deps.database, DEMO_WORKSPACE_ID, config.dataDir, user)),
    });
  });

  host.post('/demo/api/webhooks', async (c) => {
    const config = configOf(c.var.deps);
    if (!config?.credentials.endpointSecret) {
      return c.json(errorBody('service_unavailable', 'The demo has no webhook endpoint registered'), 503);
    }
    const result = await receiveWebhook(
      {
        endpointSecret: config.credentials.endpointSecret,
        secretKey: config.credentials.secretKey,
        publicUrl: c.var.deps.config.publicUrl,
        dataDir: config.dataDir,
        now: c.var.deps.now,
        accountOf: async (accountId) => {
          const [account, usage, products] = await Promise.all([
            hostAccount(c.var.deps.database, DEMO_WORKSPACE_ID, accountId),
            hostUsage(c.var.deps.database, DEMO_WORKSPACE_ID, accountId),
            hostProducts(c.var.deps.database, DEMO_WORKSPACE_ID, accountId),
          ]);
          const provisioned = products.filter((p) => p.provisioned).map((p) => p.key);
          return { ...account, usage, provisioned };
        },
      },
      await c.req.text(),
      c.req.raw.headers,
    );
    return c.json(result.body, result.status);
  });

  const page = async (c: Context<AppEnv>) => {
    const config = configOf(c.var.deps);
    const query = c.req.query('persona');
    const persona = personaOf(query, getCookie(c, COOKIE)) ?? personaByKey(DEFAULT_PERSONA);
    if (!config || !persona) return c.json(errorBody('not_found', 'Demo mode is off'), 404);
    const user = await findHostUser(c.var.deps.database, DEMO_WORKSPACE_ID, persona.userId);
    if (!user) return c.json(errorBody('not_found', 'Persona user missing from the demo data'), 404);
    if (query && personaByKey(query))
      setCookie(c, COOKIE, persona.key, { path: '/demo', sameSite: 'Lax', httpOnly: true });
    const { token } = await signEndUserToken(config.credentials.identitySecret, user, c.var.deps.now());
    const state = await hostState(c.var.deps.database, DEMO_WORKSPACE_ID, config.dataDir, user);
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(
      renderPage({
        persona,
        personas: PERSONAS,
        publishableKey: config.credentials.publishableKey,
        userToken: token,
        boot: { persona: persona.key, ...state },
      }),
    );
  };
  for (const path of ['/demo', '/demo/', '/demo/reports', '/demo/settings', '/demo/settings/*'])
    host.get(path, page);
  return host;
}
