import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../server/services/console-auth.ts';
import { call, createTestApp, type TestContext } from '../../support/app.ts';
import { createWorkspaceWithOwner, OWNER } from '../../support/console.ts';

/** Ten failed sign-ins for one email within 15 minutes lock it for 15 minutes, in the database. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
  await createWorkspaceWithOwner(ctx);
});
afterAll(() => ctx.close());

const attempt = (password: string) =>
  call(ctx, 'POST', '/v1/admin/session', { body: { email: OWNER.email, password } });

async function failTimes(n: number) {
  for (let i = 0; i < n; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
}

describe('console sign-in lockout', () => {
  it('a success clears the count of failures before it', async () => {
    await failTimes(LOGIN_LIMITS.max - 1);
    expect((await attempt(OWNER.password)).status).toBe(200);
    await failTimes(LOGIN_LIMITS.max - 1);
    expect((await attempt(OWNER.password)).status).toBe(200);
  });

  it('locks the email after ten failures, even for the right password, until the lock ends', async () => {
    await failTimes(LOGIN_LIMITS.max);
    const locked = await attempt(OWNER.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(locked.body.error.details.retryAfterSeconds).toBe(LOGIN_LIMITS.lockMs / 1000);
    expect(locked.headers.get('retry-after')).toBe(String(LOGIN_LIMITS.lockMs / 1000));
    ctx.clock.advance(LOGIN_LIMITS.lockMs + 1_000);
    expect((await attempt(OWNER.password)).status).toBe(200);
  });

  it('counts failures within the window only: older ones start a new count', async () => {
    await failTimes(LOGIN_LIMITS.max - 1);
    ctx.clock.advance(LOGIN_LIMITS.windowMs + 1_000);
    await failTimes(LOGIN_LIMITS.max - 1);
    expect((await attempt(OWNER.password)).status).toBe(200);
  });
});
