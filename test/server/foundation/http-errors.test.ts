import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let secretKey: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ({ secretKey } = await createWorkspace(ctx, { name: 'Errors' }));
});
afterAll(() => ctx.close());

const send = (method: string, path: string, init: RequestInit = {}) =>
  ctx.app.request(path, {
    method,
    ...init,
    headers: { authorization: `Bearer ${secretKey}`, ...init.headers },
  });

describe('HTTP-level mistakes get their own codes', () => {
  it('a JSON body without Content-Type: 415 unsupported_media_type saying which header to send', async () => {
    const res = await send('POST', '/v1/admin/products', { body: '{"key":"alerts"}' });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.error.code).toBe('unsupported_media_type');
    expect(body.error.message).toContain('Content-Type: application/json');
  });

  it('a known path with the wrong method: 405 method_not_allowed, and Allow lists what it accepts', async () => {
    const res = await send('PUT', '/v1/admin/products/alerts');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    const body = await res.json();
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.message).toMatch(/PUT .*GET/);
    const list = await send('DELETE', '/v1/admin/campaigns');
    expect(list.status).toBe(405);
    expect(list.headers.get('allow')).toContain('POST');
  });

  it('an unknown path is still 404 not_found, and so is a known one with a trailing slash', async () => {
    for (const path of ['/v1/admin/no-such-thing', '/v1/admin/campaigns/']) {
      const res = await send('GET', path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });
});
