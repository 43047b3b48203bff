import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../server/routes/widget-asset.ts';
import { createTestApp, type TestContext } from '../support/app.ts';

let ctx: TestContext;

beforeAll(async () => {
  // `npm test` builds the widget first; a targeted run builds it here when dist/ is missing.
  if (!['widget.js', 'widget-extra.js', 'widget.mjs', 'widget.d.ts'].every((f) => existsSync(`dist/${f}`))) {
    execFileSync('npm', ['run', 'build:widget'], { stdio: 'ignore' });
  }
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('GET /widget.js', () => {
  it('serves the built bundle as JavaScript, cacheable briefly, to any origin', async () => {
    const res = await ctx.app.request('/widget.js', { headers: { origin: 'https://host.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/max-age=300/);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toBe(readFileSync('dist/widget.js', 'utf8'));
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await ctx.app.request('/widget.js');
    const etag = first.headers.get('etag') ?? '';
    const again = await ctx.app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('sends it compressed to a browser that accepts it: brotli, else gzip, each with its own ETag', async () => {
    const built = readFileSync('dist/widget.js');
    const get = (acceptEncoding: string, etag?: string) =>
      ctx.app.request('/widget.js', {
        headers: { 'accept-encoding': acceptEncoding, ...(etag ? { 'if-none-match': etag } : {}) },
      });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBody).equals(built)).toBe(true);
    // Brotli is never larger than the gzip copy the size budget is counted in.
    expect(brBody.length).toBeLessThanOrEqual(gzipSync(built, { level: 9 }).length);

    const gz = await get('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const gzBody = Buffer.from(await gz.arrayBuffer());
    expect(gunzipSync(gzBody).equals(built)).toBe(true);
    // What the README's 12 KB budget promises is what goes over the wire.
    expect(gzBody.length).toBeLessThanOrEqual(12 * 1024);

    const plain = await get('br;q=0, gzip;q=0');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(built)).toBe(true);

    const tags = [br, gz, plain].map((r) => r.headers.get('etag'));
    expect(new Set(tags).size).toBe(3);
    // A cache holding the gzip copy revalidates it without being handed brotli bytes under its tag.
    expect((await get('gzip', tags[1] ?? '')).status).toBe(304);
    expect((await get('br', tags[1] ?? '')).status).toBe(200);
  });

  it('picks the encoding from Accept-Encoding, honouring q=0 and *', () => {
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('')).toBe('identity');
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('GZIP')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('deflate')).toBe('identity');
  });

  it('serves the on-demand module and the ESM entry the same way', async () => {
    for (const path of ['/widget-extra.js', '/widget.mjs']) {
      const res = await ctx.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});

describe('GET /widget.d.ts', () => {
  it('serves the declarations as plain text, with the same caching and CORS', async () => {
    const res = await ctx.app.request('/widget.d.ts', { headers: { origin: 'https://host.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/max-age=300/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.text();
    expect(body).toBe(readFileSync('dist/widget.d.ts', 'utf8'));
    expect(body).toContain('export declare function createAttach(options: WidgetOptions): AttachApi;');
    expect(body).toMatch(/declare global \{\s+interface Window \{\s+Attach\?: AttachApi;/);
  });

  it('answers 304 to a matching If-None-Match, weak or strong', async () => {
    const etag = (await ctx.app.request('/widget.d.ts')).headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    for (const tag of [etag, `W/${etag}`]) {
      const again = await ctx.app.request('/widget.d.ts', { headers: { 'if-none-match': tag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
    }
    const other = await ctx.app.request('/widget.d.ts', { headers: { 'if-none-match': '"stale"' } });
    expect(other.status).toBe(200);
  });
});
