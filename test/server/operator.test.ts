import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/crypto.ts';
import { findWorkspaceById } from '../../server/db/queries/workspaces.ts';
import { call, createTestApp, createWorkspace, OPERATOR_TOKEN, type TestContext } from '../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('POST /v1/workspaces', () => {
  it('creates a workspace and returns every key once, storing only a hash of the secret key', async () => {
    const creds = await createWorkspace(ctx, { name: 'Acme' });
    expect(creds.publishableKey).toMatch(/^pk_/);
    expect(creds.secretKey).toMatch(/^sk_/);
    expect(creds.identitySecret).toMatch(/^ids_/);
    // No workspace-wide webhook secret: each endpoint signs with its own (a secret that signed
    // nothing only misled whoever verified deliveries with it).
    expect(Object.keys(creds).sort()).toEqual([
      'identitySecret',
      'publishableKey',
      'secretKey',
      'workspaceId',
    ]);
    const row = await findWorkspaceById(ctx.database.db, creds.workspaceId);
    expect(row?.secretKeyHash).toBe(sha256(creds.secretKey));
    const stored = JSON.stringify(row);
    for (const secret of [creds.secretKey, creds.identitySecret]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('should return 401 without the operator token', async () => {
    const res = await call(ctx, 'POST', '/v1/workspaces', { body: { name: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('should return 400 with field details for an invalid body', async () => {
    const res = await call(ctx, 'POST', '/v1/workspaces', { token: OPERATOR_TOKEN, body: { name: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toEqual(['name']);
  });

  it('should return 400 malformed_json for a body that is not JSON', async () => {
    const res = await call(ctx, 'POST', '/v1/workspaces', {
      token: OPERATOR_TOKEN,
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('rotate-keys › the old secret key stops working and the new one works', async () => {
    const creds = await createWorkspace(ctx, { name: 'Rotate' });
    const rotated = await call(ctx, 'POST', `/v1/workspaces/${creds.workspaceId}/rotate-keys`, {
      token: OPERATOR_TOKEN,
      body: { keys: ['secret'] },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secretKey).toMatch(/^sk_/);
    const row = await findWorkspaceById(ctx.database.db, creds.workspaceId);
    expect(row?.secretKeyHash).toBe(sha256(rotated.body.secretKey));
    expect(row?.secretKeyHash).not.toBe(sha256(creds.secretKey));
  });

  it('should return 403 operator_disabled when no operator token is configured', async () => {
    const off = await createTestApp({ operatorToken: undefined });
    try {
      const res = await call(off, 'POST', '/v1/workspaces', { token: OPERATOR_TOKEN, body: { name: 'x' } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('operator_disabled');
    } finally {
      await off.close();
    }
  });
});
