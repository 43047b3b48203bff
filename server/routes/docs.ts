import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { notFound } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';

/**
 * The browsable API reference: Swagger UI served from the installed swagger-ui-dist package (no
 * CDN, so it works offline and under a strict network policy) reading this server's /openapi.json.
 */
export const docsRoutes = createRouter();

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};
const cache = new Map<string, Uint8Array<ArrayBuffer>>();

/** External init script rather than inline code, so the page also works under a script-src 'self' CSP. */
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Attach API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <noscript>The interactive reference needs JavaScript; the raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`;

docsRoutes.get('/docs', (c) => c.html(PAGE));
docsRoutes.get('/docs/', (c) => c.redirect('/docs', 301));

docsRoutes.get('/docs/assets/:file', async (c) => {
  const file = c.req.param('file');
  const headers = { 'Cache-Control': 'public, max-age=3600' };
  if (file === 'init.js')
    return c.body(INIT_JS, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  const type = ASSETS[file];
  if (!type) throw notFound(`Asset "${file}"`);
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = new Uint8Array(await readFile(join(SWAGGER_DIR, file)));
    cache.set(file, bytes);
  }
  return c.body(bytes, 200, { ...headers, 'Content-Type': type });
});
