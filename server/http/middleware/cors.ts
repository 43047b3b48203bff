import type { MiddlewareHandler } from 'hono';
import { originAllowed } from '../../../shared/origins.ts';
import type { AppEnv } from '../types.ts';

const ALLOW_HEADERS = 'Content-Type, Authorization, X-Attach-Key, Idempotency-Key';

/**
 * CORS for the widget API. A preflight carries no key, so it cannot know the workspace: it is
 * answered for any origin, and the real request is checked against the workspace's allowlist
 * (publicAuth). Responses only grant the origin when that check passed or no workspace was found.
 */
export const publicCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  if (c.req.method === 'OPTIONS') {
    if (!origin) return c.body(null, 204);
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }
  await next();
  if (!origin) return;
  const allowed = c.get('workspace')?.row.allowedOrigins;
  if (allowed && !originAllowed(origin, allowed)) return;
  c.res.headers.set('Access-Control-Allow-Origin', origin);
  c.res.headers.append('Vary', 'Origin');
};
