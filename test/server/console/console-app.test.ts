import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { onError, onNotFound } from '../../../server/http/on-error.ts';
import { createRouter } from '../../../server/http/router.ts';
import { consoleApp } from '../../../server/routes/console-app.ts';
import { createTestApp, type TestContext } from '../../support/app.ts';

let dist: string;
let ctx: TestContext;
const app = createRouter();

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'secret.txt'), 'outside assets');
  ctx = await createTestApp();
  app.use('*', async (c, next) => {
    c.set('deps', ctx.deps);
    await next();
  });
  app.onError(onError);
  app.notFound(onNotFound);
  app.route('/', consoleApp(dist));
});
afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await ctx.close();
});

describe('GET /console', () => {
  it('serves index.html with the console CSP and no caching', async () => {
    const res = await app.request('/console/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await app.request('/console/campaigns/1234');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.request('/console/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('should return 404 for a missing asset instead of the page', async () => {
    const res = await app.request('/console/assets/missing.js');
    expect(res.status).toBe(404);
  });

  it('never serves files outside the build directory', async () => {
    const res = await app.request('/console/assets/..%2F..%2Fpackage.json');
    expect(await res.text()).not.toContain('"dependencies"');
  });

  it('redirects /console to /console/', async () => {
    const res = await app.request('/console');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('should return 503 with a clear message when the console is not built', async () => {
    const bare = createApp(ctx.deps);
    bare.route('/unbuilt', consoleApp(join(dist, 'nope')));
    const res = await bare.request('/unbuilt/console/');
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/build:console/);
  });
});
