import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import type { AppEnv } from '../http/types.ts';

const DEFAULT_DIST = fileURLToPath(new URL('../../dist/console', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Same-origin only: the console talks to /v1/admin and nothing else. Inline styles stay allowed
 * because uPlot and the widget preview position elements with style attributes; scripts do not.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function respond(c: Context<AppEnv>, body: Buffer, type: string, cache: string) {
  c.header('content-type', type);
  c.header('cache-control', cache);
  c.header('content-security-policy', CONSOLE_CSP);
  c.header('x-content-type-options', 'nosniff');
  return c.body(new Uint8Array(body), 200);
}

/**
 * Serves the built SPA at /console. Hashed files under assets/ never change, so browsers may keep
 * them for a year; every other path is a client-side route and gets index.html, never cached, so a
 * deploy is picked up on the next navigation.
 */
export function consoleApp(distDir = DEFAULT_DIST) {
  const router = createRouter();
  const root = normalize(distDir + sep);

  const serveIndex = async (c: Context<AppEnv>) => {
    const html = await readIfPresent(join(root, 'index.html'));
    if (!html)
      throw new ApiError(503, 'service_unavailable', 'The console is not built; run `npm run build:console`');
    return respond(c, html, TYPES['.html'] ?? 'text/html', 'no-cache');
  };

  router.get('/console', (c) => c.redirect('/console/', 301));
  router.get('/console/*', async (c) => {
    const rel = decodeURIComponent(c.req.path.slice('/console/'.length));
    const file = normalize(join(root, rel));
    const inside = file.startsWith(root) && !rel.includes('\0');
    if (inside && rel.startsWith('assets/')) {
      const body = await readIfPresent(file);
      if (!body) throw new ApiError(404, 'not_found', 'No such console asset');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      return respond(c, body, type, 'public, max-age=31536000, immutable');
    }
    if (inside && extname(rel) && rel !== 'index.html') {
      const body = await readIfPresent(file);
      if (body)
        return respond(c, body, TYPES[extname(file)] ?? 'application/octet-stream', 'public, max-age=3600');
    }
    return serveIndex(c);
  });
  return router;
}

export const consoleAppRoutes = consoleApp();
