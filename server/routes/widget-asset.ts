import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
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

type Encoding = 'br' | 'gzip' | 'identity';

interface Cached {
  mtimeMs: number;
  /** The file as built, and compressed once at the highest settings (the budget is counted gzipped). */
  bodies: Record<Encoding, Buffer>;
  etag: string;
}
const cache = new Map<string, Cached>();

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Reads a built asset, re-reading only when the file changed (a rebuild during development). */
async function asset(name: string): Promise<Cached | undefined> {
  const path = DIST + name;
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  const hit = cache.get(name);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit;
  const body = await readFile(path);
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzipped(body, { level: 9 }),
  ]);
  const entry = {
    mtimeMs: info.mtimeMs,
    bodies: { br, gzip: gz, identity: body },
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
  };
  cache.set(name, entry);
  return entry;
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli, else gzip, else none; a coding
 * listed with `q=0` is refused, and `*` stands for any coding not listed.
 */
export function pickEncoding(header: string | undefined): Encoding {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    if (name) q.set(name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  const accepts = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : 'identity';
}

for (const [name, type] of Object.entries(ASSETS)) {
  widgetAssetRoutes.get(`/${name}`, async (c) => {
    const file = await asset(name);
    if (!file)
      throw new ApiError(503, 'service_unavailable', 'The widget is not built; run `npm run build:widget`');
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    // One tag per representation, as a strong validator must be; the same file's tags share a stem.
    const etag = `"${file.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const headers: Record<string, string> = {
      'Content-Type': type,
      Vary: 'Accept-Encoding',
      // Short max-age: host pages pick up a new release within minutes; ETag makes revalidation cheap.
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
      ETag: etag,
      // Loaded from every host origin: as a classic script, and as a module (widget-extra.js,
      // widget.mjs) which needs CORS, as does a page fetching widget.d.ts (an online editor).
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    const match = c.req.header('if-none-match');
    const tags = match?.split(/\s*,\s*/) ?? [];
    if (tags.some((tag) => tag === etag || tag === `W/${etag}` || tag === '*')) {
      return c.body(null, 304, headers);
    }
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    return c.body(new Uint8Array(file.bodies[encoding]), 200, headers);
  });
}
