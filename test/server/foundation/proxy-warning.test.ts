import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { captureLog } from '../../support/log-capture.ts';

let ctx: TestContext;
const log = captureLog();
const warnings = () => log.lines.filter((l) => l.level === 'warn').map((l) => l.msg);

beforeAll(async () => {
  ctx = await createTestApp();
  ctx.deps.log = log.logger;
});
afterAll(() => ctx.close());

describe('a proxy in front of a server that does not trust it', () => {
  it('is named in the log once: rate limits would otherwise count every user as the proxy', async () => {
    const ws = await createWorkspace(ctx, { name: 'Behind a proxy' });
    const decide = (headers: Record<string, string>) =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: 'not-a-token', body: {}, headers });
    expect((await decide({})).status).toBe(401);
    expect(warnings()).not.toContain('proxy_not_trusted');
    await decide({ 'x-forwarded-for': '203.0.113.7' });
    await decide({ 'x-forwarded-for': '203.0.113.8' });
    expect(warnings().filter((l) => l === 'proxy_not_trusted')).toHaveLength(1);
  });
});
