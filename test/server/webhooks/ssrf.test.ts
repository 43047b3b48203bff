import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { isBlockedAddress } from '../../../server/services/ssrf.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => expect(isBlockedAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false));
});

describe('webhook URLs (private destinations not allowed)', () => {
  let ctx: TestContext;
  let sk: string;
  let workspaceId: string;
  let r: Receiver;

  beforeAll(async () => {
    ctx = await createTestApp({ allowPrivateWebhooks: false, publicUrl: 'http://localhost:3000' });
    ({ secretKey: sk, workspaceId } = await createWorkspace(ctx));
    r = await startReceiver();
  });
  afterAll(async () => {
    await r.close();
    await ctx.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:9999/hook',
    'http://10.0.0.5/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://0.0.0.0/hook',
    'ftp://example.com/hook',
  ])('POST /v1/admin/webhooks/endpoints › refuses %s with 400 webhook_url_not_allowed', async (url) => {
    const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url, eventTypes: ['purchase.created'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/webhook_url_not_allowed|validation_failed/);
  });

  it("accepts the server's own public origin (the bundled demo receives its webhooks)", async () => {
    const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: 'http://localhost:3000/demo/webhooks', eventTypes: ['purchase.created'] },
    });
    expect(res.status).toBe(201);
    await call(ctx, 'DELETE', `/v1/admin/webhooks/endpoints/${res.body.id}`, { key: sk });
  });

  it('refuses a private destination again at send time and logs the refused attempt', async () => {
    // As if DNS had changed since the URL was saved: the row bypasses the save-time check.
    const [endpoint] = await ctx.database.db
      .insert(webhookEndpoints)
      .values({
        workspaceId,
        url: r.url,
        eventTypes: ['purchase.created'],
        secretEnc: ctx.deps.secretBox.seal('whsec_dGVzdHRlc3R0ZXN0dGVzdA=='),
      })
      .returning();
    await ctx.database.db.transaction((tx) =>
      enqueue(tx, workspaceId, 'purchase.created', webhookSample('purchase.created', ctx.clock.now)),
    );
    await outboxDispatcher.run(ctx.deps);
    expect(r.received).toHaveLength(0);
    const list = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries?endpoint=${endpoint?.id}`, {
      key: sk,
    });
    const detail = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries/${list.body.deliveries[0].id}`, {
      key: sk,
    });
    expect(detail.body.status).toBe('pending');
    expect(detail.body.attemptLog[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/private|reserved/),
    });
  });
});

describe('webhook endpoints API', () => {
  let ctx: TestContext;
  let sk: string;

  beforeAll(async () => {
    ctx = await createTestApp({ allowPrivateWebhooks: true });
    ({ secretKey: sk } = await createWorkspace(ctx));
  });
  afterAll(() => ctx.close());

  it('creates, lists, updates, disables, re-enables and deletes an endpoint; the secret is shown once', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['purchase.created', 'purchase.created'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(created.body.eventTypes).toEqual(['purchase.created']);
    const id = created.body.id;
    const list = await call(ctx, 'GET', '/v1/admin/webhooks/endpoints', { key: sk });
    expect(list.body.endpoints).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const patched = await call(ctx, 'PATCH', `/v1/admin/webhooks/endpoints/${id}`, {
      key: sk,
      body: { eventTypes: ['trial.started'], status: 'disabled' },
    });
    expect(patched.body).toMatchObject({
      eventTypes: ['trial.started'],
      status: 'disabled',
      disabledReason: 'disabled by an admin',
    });
    const enabled = await call(ctx, 'PATCH', `/v1/admin/webhooks/endpoints/${id}`, {
      key: sk,
      body: { status: 'enabled' },
    });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null });
    const bad = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: 'http://x', eventTypes: ['nope'] },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await call(ctx, 'DELETE', `/v1/admin/webhooks/endpoints/${id}`, { key: sk })).status).toBe(204);
    expect((await call(ctx, 'GET', `/v1/admin/webhooks/endpoints/${id}`, { key: sk })).status).toBe(404);
  });
});
