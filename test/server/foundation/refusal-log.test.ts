import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { captureLog } from '../../support/log-capture.ts';

let ctx: TestContext;
const log = captureLog();

beforeAll(async () => {
  ctx = await createTestApp();
  ctx.deps.log = log.logger;
});
afterAll(() => ctx.close());

describe('refused requests in the log', () => {
  it('logs a refused key or token at info with its code; other client errors stay at debug', async () => {
    const ws = await createWorkspace(ctx, { name: 'Watched' });
    log.lines.length = 0;
    await call(ctx, 'GET', '/v1/admin/settings', {
      headers: { authorization: `Bearer ${ws.publishableKey}` },
    });
    await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: 'not-a-token', body: {} });
    await call(ctx, 'GET', '/v1/admin/products/none', { key: ws.secretKey });
    await call(ctx, 'GET', '/v1/admin/settings', { key: ws.secretKey });
    expect(log.lines.filter((l) => l.level === 'info' && l.msg === 'request').map((l) => l.fields)).toEqual([
      expect.objectContaining({ path: '/v1/admin/settings', status: 401, code: 'invalid_api_key' }),
      expect.objectContaining({ path: '/v1/decide', status: 401, code: 'invalid_user_token' }),
    ]);
  });
});
