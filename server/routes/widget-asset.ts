import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';

export const widgetAssetRoutes = createRouter();

const JS = 'text/javascript; charset=utf-8';
/**
 * What `npm run build:widget` writes into dist/: the bundles (widget/vite.config.ts) and their
 * declarations (widget/build-dts.ts). The declarations go out as plain text, which every browser
 * shows and every download keeps as is; `application/typescript` is not a registered type, and
 * browsers save such a file without showing it.
 */
const ASSETS = {
  'widget.js': JS,
  'widget-extra.js': JS,
  'widget.mjs': JS,
  'widget.d.ts': 'text/plain; charset=utf-8',
} as const;
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

interface Cached {
  mtimeMs: number;
  body: Buffer;
  etag: string;
}
const cache = new Map<string, Cached>();

/** Reads a built asset, re-reading only when the file changed (a rebuild during development). */
async function asset(name: string): Promise<Cached | undefined> {
  const path = DIST + name;
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  const hit = cache.get(name);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit;
  const body = await readFile(path);
  const entry = {
    mtimeMs: info.mtimeMs,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
  cache.set(name, entry);
  return entry;
}

for (const [name, type] of Object.entries(ASSETS)) {
  widgetAssetRoutes.get(`/${name}`, async (c) => {
    const file = await asset(name);
    if (!file)
      throw new ApiError(503, 'service_unavailable', 'The widget is not built; run `npm run build:widget`');
    const headers = {
      'Content-Type': type,
      // Short max-age: host pages pick up a new release within minutes; ETag makes revalidation cheap.
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
      ETag: file.etag,
      // Loaded from every host origin: as a classic script, and as a module (widget-extra.js,
      // widget.mjs) which needs CORS, as does a page fetching widget.d.ts (an online editor).
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    const match = c.req.header('if-none-match');
    const tags = match?.split(/\s*,\s*/) ?? [];
    if (tags.some((tag) => tag === file.etag || tag === `W/${file.etag}` || tag === '*')) {
      return c.body(null, 304, headers);
    }
    return c.body(new Uint8Array(file.body), 200, headers);
  });
}
