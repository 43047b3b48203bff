import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('/v1/admin/settings', () => {
  it('GET › shows name, origins, full settings, the publishable key and only a hint of the secret key', async () => {
    const creds = await createWorkspace(ctx, {
      name: 'Settings',
      allowedOrigins: ['https://app.example.com'],
    });
    const res = await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: creds.workspaceId,
      name: 'Settings',
      publishableKey: creds.publishableKey,
      allowedOrigins: ['https://app.example.com'],
      settings: { identityMode: 'enforce', lifecycle: { renewalWindowDays: 60 } },
    });
    expect(creds.secretKey.endsWith(res.body.secretKeyHint.replace(/^.*…/, ''))).toBe(true);
    expect(res.text).not.toContain(creds.secretKey);
  });

  it('GET /retention › says how long raw events, counters and webhook history are kept', async () => {
    const creds = await createWorkspace(ctx, { name: 'Retention' });
    const keptForEver = await call(ctx, 'GET', '/v1/admin/settings/retention', { key: creds.secretKey });
    expect(keptForEver.status).toBe(200);
    expect(keptForEver.body).toEqual({
      rawEventDays: null,
      counterDays: null,
      webhookHistoryDays: 30,
      campaignHistoryDays: null,
      auditLogDays: null,
    });
    const pruning = await createTestApp({
      eventRetentionDays: 365,
      webhookRetentionDays: 14,
      decisionRetentionDays: 730,
      auditRetentionDays: 1095,
    });
    try {
      const other = await createWorkspace(pruning, { name: 'Pruned' });
      const res = await call(pruning, 'GET', '/v1/admin/settings/retention', { key: other.secretKey });
      expect(res.body).toEqual({
        rawEventDays: 365,
        counterDays: 395,
        webhookHistoryDays: 14,
        campaignHistoryDays: 730,
        auditLogDays: 1095,
      });
    } finally {
      await pruning.close();
    }
    expect((await call(ctx, 'GET', '/v1/admin/settings/retention')).status).toBe(401);
  });

  it('PATCH › merges nested settings, normalises origins and bumps the config version', async () => {
    const creds = await createWorkspace(ctx, { name: 'Merge' });
    const before = (await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey })).body;
    const res = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: creds.secretKey,
      body: {
        name: 'Merged',
        allowedOrigins: ['https://app.example.com/dashboard'],
        settings: { lifecycle: { renewalWindowDays: 45 }, globalDailyCapPerUser: 5 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Merged',
      allowedOrigins: ['https://app.example.com'],
      settings: { globalDailyCapPerUser: 5, lifecycle: { renewalWindowDays: 45, onboardingDays: 14 } },
      configVersion: before.configVersion + 1,
    });
  });

  it('PATCH › an invalid merged setting answers 400 with a path into the body and changes nothing', async () => {
    const creds = await createWorkspace(ctx, { name: 'Invalid' });
    const res = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: creds.secretKey,
      body: { name: 'Changed', settings: { lifecycle: { fallingUsageRatio: 7 } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['settings', 'lifecycle', 'fallingUsageRatio']);
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey })).body.name).toBe(
      'Invalid',
    );
  });

  it('PATCH › sets the optional cap of prompts per account, refuses a negative one and removes it with null', async () => {
    const creds = await createWorkspace(ctx, { name: 'Account cap' });
    const patch = (settings: Record<string, unknown>) =>
      call(ctx, 'PATCH', '/v1/admin/settings', { key: creds.secretKey, body: { settings } });
    expect((await patch({ globalDailyCapPerAccount: 12 })).body.settings.globalDailyCapPerAccount).toBe(12);
    const negative = await patch({ globalDailyCapPerAccount: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details.issues[0].path).toEqual(['settings', 'globalDailyCapPerAccount']);
    const removed = await patch({ globalDailyCapPerAccount: null });
    expect(removed.status).toBe(200);
    expect(removed.body.settings).not.toHaveProperty('globalDailyCapPerAccount');
  });

  it('PATCH › new allowed origins apply to widget calls at once', async () => {
    const creds = await createWorkspace(ctx, {
      name: 'Origins',
      allowedOrigins: ['https://old.example.com'],
    });
    const token = await signUserToken(creds.identitySecret, { sub: 'u1', account: 'a1' });
    const decide = () =>
      call(ctx, 'POST', '/v1/decide', {
        key: creds.publishableKey,
        token,
        body: { placement: 'home' },
        headers: { origin: 'https://new.example.com' },
      });
    expect((await decide()).body?.error?.code).toBe('origin_not_allowed');
    await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: creds.secretKey,
      body: { allowedOrigins: ['https://new.example.com'] },
    });
    expect((await decide()).body?.error?.code).not.toBe('origin_not_allowed');
  });

  it('origins are stored as browsers send them, at creation as on PATCH, and wildcards match subdomains', async () => {
    const creds = await createWorkspace(ctx, {
      name: 'Pasted origins',
      allowedOrigins: ['https://App.example.com/', 'https://*.example.org'],
    });
    const settings = await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey });
    expect(settings.body.allowedOrigins).toEqual(['https://app.example.com', 'https://*.example.org']);
    const token = await signUserToken(creds.identitySecret, { sub: 'u1', account: 'a1' });
    const decideFrom = async (origin: string) =>
      (
        await call(ctx, 'POST', '/v1/decide', {
          key: creds.publishableKey,
          token,
          body: {},
          headers: { origin },
        })
      ).status;
    expect(await decideFrom('https://app.example.com')).toBe(200);
    expect(await decideFrom('https://eu.example.org')).toBe(200);
    expect(await decideFrom('https://example.org')).toBe(403);
    // Not an origin: refused with what to write, and nothing changed (no "null" entry letting
    // sandboxed frames in while the intended origin stays out).
    const bad = await call(ctx, 'PATCH', '/v1/admin/settings', {
      key: creds.secretKey,
      body: { allowedOrigins: ['localhost:4100'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.message).toMatch(/https:\/\/app\.example\.com/);
    expect(
      (await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey })).body.allowedOrigins,
    ).toEqual(['https://app.example.com', 'https://*.example.org']);
    expect(await decideFrom('null')).toBe(403);
  });

  it('POST rotate-keys › the rotated secret key replaces the old one', async () => {
    const creds = await createWorkspace(ctx, { name: 'Rotate' });
    const res = await call(ctx, 'POST', '/v1/admin/settings/rotate-keys', {
      key: creds.secretKey,
      body: { keys: ['secret'] },
    });
    expect(res.status).toBe(200);
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: creds.secretKey })).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/admin/settings', { key: res.body.secretKey })).status).toBe(200);
  });
});
