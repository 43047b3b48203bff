import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from '../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('demo product with demo mode off', () => {
  it('GET /demo and its backend › answer 404 with the error envelope when the server seeded no demo', async () => {
    for (const [method, path] of [
      ['GET', '/demo'],
      ['GET', '/demo/api/session?persona=power'],
      ['POST', '/demo/api/webhooks'],
    ] as const) {
      const res = await call(ctx, method, path, method === 'POST' ? { body: {} } : {});
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
