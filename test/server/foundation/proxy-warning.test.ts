import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../server/http/logger.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
const lines: string[] = [];
const capture: Logger = {
  debug: () => {},
  info: () => {},
  warn: (msg) => void lines.push(msg),
  error: () => {},
  child: () => capture,
};

beforeAll(async () => {
  ctx = await createTestApp();
  ctx.deps.log = capture;
});
afterAll(() => ctx.close());

describe('a proxy in front of a server that does not trust it', () => {
  it('is named in the log once: rate limits would otherwise count every user as the proxy', async () => {
    const ws = await createWorkspace(ctx, { name: 'Behind a proxy' });
    const decide = (headers: Record<string, string>) =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: 'not-a-token', body: {}, headers });
    expect((await decide({})).status).toBe(401);
    expect(lines).not.toContain('proxy_not_trusted');
    await decide({ 'x-forwarded-for': '203.0.113.7' });
    await decide({ 'x-forwarded-for': '203.0.113.8' });
    expect(lines.filter((l) => l === 'proxy_not_trusted')).toHaveLength(1);
  });
});
