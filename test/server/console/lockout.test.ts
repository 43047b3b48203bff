import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS_LOGIN_LIMITS,
  LOGIN_LIMITS,
  pruneSignInState,
  SESSION_TTL_MS,
} from '../../../server/services/console-auth.ts';
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

describe('console sign-in lockout per client address', () => {
  /** Behind one trusted proxy the address is the X-Forwarded-For entry the proxy appended. */
  let proxied: TestContext;
  beforeAll(async () => {
    proxied = await createTestApp({ trustedProxies: 1 });
    await createWorkspaceWithOwner(proxied);
  });
  afterAll(() => proxied.close());

  const from = (address: string, email: string, password: string) =>
    call(proxied, 'POST', '/v1/admin/session', {
      body: { email, password },
      headers: { 'x-forwarded-for': address },
    });

  /**
   * Wrong passwords for `n` different emails, as a credential-stuffing script sends them: all at
   * once, so the count must hold under concurrent upserts of one row.
   */
  async function spray(address: string, n: number, tag: string) {
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => from(address, `user${i}-${tag}@example.com`, 'hunter2hunter2')),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
  }

  it('locks an address that fails for many emails, even for a right password, and not other addresses', async () => {
    await spray('203.0.113.7', ADDRESS_LOGIN_LIMITS.max, 'a');
    const locked = await from('203.0.113.7', OWNER.email, OWNER.password);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'rate_limited']);
    expect(locked.body.error.message).toContain('from this address');
    expect(locked.headers.get('retry-after')).toBe(String(ADDRESS_LOGIN_LIMITS.lockMs / 1000));
    expect((await from('198.51.100.9', OWNER.email, OWNER.password)).status).toBe(200);
    proxied.clock.advance(ADDRESS_LOGIN_LIMITS.lockMs + 1_000);
    expect((await from('203.0.113.7', OWNER.email, OWNER.password)).status).toBe(200);
  });

  it('a success does not clear the address count: one valid account cannot reset it', async () => {
    await spray('203.0.113.8', ADDRESS_LOGIN_LIMITS.max - 1, 'b');
    expect((await from('203.0.113.8', OWNER.email, OWNER.password)).status).toBe(200);
    await spray('203.0.113.8', 1, 'c');
    expect((await from('203.0.113.8', OWNER.email, OWNER.password)).status).toBe(429);
  });
});

describe('sign-in housekeeping', () => {
  let house: TestContext;
  beforeAll(async () => {
    house = await createTestApp({ trustedProxies: 1 });
    await createWorkspaceWithOwner(house);
  });
  afterAll(() => house.close());

  const signIn = (address: string, email: string, password: string) =>
    call(house, 'POST', '/v1/admin/session', {
      body: { email, password },
      headers: { 'x-forwarded-for': address },
    });
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        (['console_sessions', 'console_login_failures', 'console_address_failures'] as const).map(
          async (table) =>
            [
              table,
              (
                await house.database.rows<{ n: number }>(
                  sql`select count(*)::int as n from ${sql.identifier(table)}`,
                )
              )[0]?.n,
            ] as const,
        ),
      ),
    );

  it('deletes expired sessions and failure counts whose window and lockout ended, keeps live ones', async () => {
    // A spray of made-up emails from one address (which it locks), and one session.
    for (let i = 0; i < ADDRESS_LOGIN_LIMITS.max; i++) {
      expect((await signIn('203.0.113.20', `nobody${i}@example.com`, 'hunter2hunter2')).status).toBe(401);
    }
    expect((await signIn('198.51.100.20', OWNER.email, OWNER.password)).status).toBe(200);
    const sprayed = {
      console_sessions: 1,
      console_login_failures: ADDRESS_LOGIN_LIMITS.max,
      console_address_failures: 1,
    };
    expect(await counts()).toEqual(sprayed);
    // Within the window (and the lockout) nothing goes.
    expect(await pruneSignInState(house.deps)).toBe(0);
    expect(await counts()).toEqual(sprayed);

    // Past the window and the lockout, but not the session's 12 hours: the counts go.
    house.clock.advance(Math.max(LOGIN_LIMITS.windowMs, ADDRESS_LOGIN_LIMITS.lockMs) + 1_000);
    expect((await signIn('203.0.113.21', 'late@example.com', 'hunter2hunter2')).status).toBe(401);
    expect(await pruneSignInState(house.deps)).toBe(ADDRESS_LOGIN_LIMITS.max + 1);
    expect(await counts()).toEqual({
      console_sessions: 1,
      console_login_failures: 1,
      console_address_failures: 1,
    });

    house.clock.advance(SESSION_TTL_MS);
    expect(await pruneSignInState(house.deps)).toBe(3);
    expect(await counts()).toEqual({
      console_sessions: 0,
      console_login_failures: 0,
      console_address_failures: 0,
    });
  });
});

describe('failed sign-ins in the audit log', () => {
  let audited: TestContext;
  let sk: string;
  beforeAll(async () => {
    audited = await createTestApp({ trustedProxies: 1 });
    sk = (await createWorkspaceWithOwner(audited)).secretKey;
  });
  afterAll(() => audited.close());

  const from = (address: string, email: string, password: string) =>
    call(audited, 'POST', '/v1/admin/session', {
      body: { email, password },
      headers: { 'x-forwarded-for': address },
    });
  const failures = async () => {
    const res = await call(
      audited,
      'GET',
      '/v1/admin/audit-log?action=console_user.sign_in_failed&limit=100',
      {
        key: sk,
      },
    );
    expect(res.status).toBe(200);
    return res.body.data as Array<{
      actor: string;
      target: { name: string };
      details: Record<string, unknown>;
    }>;
  };

  it('records each wrong password for a user’s email with the address, and the failure that locked it', async () => {
    expect((await from('203.0.113.40', OWNER.email, 'not-the-password')).status).toBe(401);
    const [first] = await failures();
    expect(first).toMatchObject({
      actor: OWNER.email,
      target: { name: OWNER.email },
      details: { address: '203.0.113.40', lockedUntil: null },
    });

    for (let i = 1; i < LOGIN_LIMITS.max; i++) await from('203.0.113.40', OWNER.email, `wrong-${i}`);
    const [locking] = await failures();
    expect(locking?.details.lockedUntil).toBe(
      new Date(audited.clock.now.getTime() + LOGIN_LIMITS.lockMs).toISOString(),
    );
    // Attempts the lockout refuses check no password and add nothing.
    expect((await from('203.0.113.40', OWNER.email, 'again')).status).toBe(429);
    expect(await failures()).toHaveLength(LOGIN_LIMITS.max);
  });

  it('records nothing for an email no console user has', async () => {
    const before = (await failures()).length;
    expect((await from('203.0.113.41', 'stranger@example.com', 'hunter2hunter2')).status).toBe(401);
    expect(await failures()).toHaveLength(before);
  });
});
