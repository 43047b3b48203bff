import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let ws: WorkspaceCredentials;
let other: WorkspaceCredentials;

beforeAll(async () => {
  ctx = await createTestApp();
  // Report mode lets bad tokens through at decide; the check still says what enforcing would refuse.
  ws = await createWorkspace(ctx, { name: 'Checking', settings: { identityMode: 'report' } });
  other = await createWorkspace(ctx, { name: 'Other' });
});
afterAll(() => ctx.close());

const check = (token: string, key = ws.secretKey) =>
  call(ctx, 'POST', '/v1/admin/identity/token-check', { key, body: { token } });

const signed = (secret: string, claims: Record<string, unknown>, lifetime: string) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(new TextEncoder().encode(secret));

describe('POST /v1/admin/identity/token-check', () => {
  it('names the user, account and role of a good token, with when it was signed and expires', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u7', account: 'acct_42', role: 'admin' });
    const res = await check(token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      valid: true,
      reason: null,
      user: { userId: 'u7', accountId: 'acct_42', role: 'admin' },
      claims: { sub: 'u7', account: 'acct_42', role: 'admin' },
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.issuedAt)).toBe(3_600_000);
  });

  it('says why a token is refused, with what it carries', async () => {
    const claims = { sub: 'u7', account: 'acct_42' };
    const cases: Array<[string, string]> = [
      [await signUserToken(ws.identitySecret, claims, '-1m'), 'User token has expired'],
      [await signUserToken(other.identitySecret, claims), 'User token signature is invalid'],
      [
        await signed(ws.identitySecret, { ...claims, sub: 'u7' }, '48h'),
        'lifetime (exp − iat) is over 24 hours',
      ],
      [await signUserToken(ws.identitySecret, { sub: 'u7' } as never), 'User token claims are invalid'],
    ];
    for (const [token, reason] of cases) {
      const res = await check(token);
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(false);
      expect(res.body.user).toBeNull();
      expect(res.body.reason).toContain(reason);
      expect(res.body.claims.sub).toBe('u7');
    }
    const junk = await check('not-a-token');
    expect(junk.body).toMatchObject({
      valid: false,
      claims: null,
      reason: expect.stringMatching(/not a JWT/),
    });
    // Checking records nothing: not among the reasons the installation check lists.
    const reasons = await call(ctx, 'GET', '/v1/admin/vocabulary/refused_token', { key: ws.secretKey });
    expect(reasons.body.data).toEqual([]);
  });

  it('is the workspace’s own: another workspace’s key checks against its own secret', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u7', account: 'acct_42' });
    expect((await check(token, other.secretKey)).body.valid).toBe(false);
    const empty = await check('');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });
});
