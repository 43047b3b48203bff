import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookEndpoints } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { webhookRetention } from '../../../server/jobs/webhook-retention.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type ReceivedWebhook, type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
let r: Receiver;

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  ({ secretKey: sk, workspaceId } = await createWorkspace(ctx));
  r = await startReceiver();
});
afterEach(async () => {
  // One endpoint per test, so each published message reaches exactly one.
  const list = await call(ctx, 'GET', '/v1/admin/webhooks/endpoints', { key: sk });
  for (const e of list.body.endpoints)
    await call(ctx, 'DELETE', `/v1/admin/webhooks/endpoints/${e.id}`, { key: sk });
});
afterAll(async () => {
  await r.close();
  await ctx.close();
});

const HOUR = 3_600_000;

async function endpoint() {
  const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
    key: sk,
    body: { url: r.url, eventTypes: ['purchase.created'] },
  });
  return res.body as { id: string; secret: string };
}

const rotate = (id: string, body: unknown = {}) =>
  call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/rotate-secret`, { key: sk, body });

/** Publishes one message, delivers it and returns what the receiver got. */
async function deliverOne(): Promise<ReceivedWebhook> {
  const before = r.received.length;
  await ctx.database.db.transaction((tx) =>
    enqueue(
      tx,
      workspaceId,
      'purchase.created',
      webhookSample('purchase.created', ctx.clock.now),
      ctx.clock.now,
    ),
  );
  await outboxDispatcher.run(ctx.deps);
  const got = r.received[before];
  if (!got || r.received.length !== before + 1) throw new Error('expected exactly one delivery');
  return got;
}

/** Whether `secret` verifies the message, at the time it was signed. */
function verifies(secret: string, m: ReceivedWebhook): boolean {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Number(m.headers['webhook-timestamp']) * 1000);
  try {
    new Webhook(secret).verify(m.body, m.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  } finally {
    vi.useRealTimers();
  }
}

describe('webhook secret rotation', () => {
  it('signs with the new and the old secret during the overlap, then with the new one only', async () => {
    const { id, secret: old } = await endpoint();
    const res = await rotate(id, { overlapSeconds: 2 * 3600 });
    expect(res.status).toBe(200);
    const fresh = res.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(res.body.previousSecretExpiresAt).toBe(new Date(ctx.clock.now.getTime() + 2 * HOUR).toISOString());
    const shown = await call(ctx, 'GET', `/v1/admin/webhooks/endpoints/${id}`, { key: sk });
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body.previousSecretExpiresAt).toBe(res.body.previousSecretExpiresAt);

    const during = await deliverOne();
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verifies(fresh, during), verifies(old, during)]).toEqual([true, true]);

    ctx.clock.advance(2 * HOUR);
    const after = await deliverOne();
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect([verifies(fresh, after), verifies(old, after)]).toEqual([true, false]);
    const listed = await call(ctx, 'GET', '/v1/admin/webhooks/endpoints', { key: sk });
    expect(listed.body.endpoints.find((e: { id: string }) => e.id === id).previousSecretExpiresAt).toBeNull();
  });

  it('retires the old secret at once with overlapSeconds 0, and a second rotation drops the older one', async () => {
    const { id, secret: first } = await endpoint();
    const now = await rotate(id, { overlapSeconds: 0 });
    expect(now.body.previousSecretExpiresAt).toBeNull();
    const second = now.body.secret as string;
    const m = await deliverOne();
    expect([verifies(second, m), verifies(first, m)]).toEqual([true, false]);

    const third = (await rotate(id)).body.secret as string;
    const fourth = (await rotate(id)).body;
    expect(fourth.previousSecretExpiresAt).toBe(new Date(ctx.clock.now.getTime() + 24 * HOUR).toISOString());
    const n = await deliverOne();
    expect([verifies(fourth.secret, n), verifies(third, n), verifies(second, n)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets a retired secret at rest once its overlap has ended', async () => {
    const { id } = await endpoint();
    await rotate(id, { overlapSeconds: 60 });
    const stored = async () =>
      (await ctx.database.db.select().from(webhookEndpoints)).find((e) => e.id === id)?.previousSecretEnc ??
      null;
    await webhookRetention.run(ctx.deps);
    expect(await stored()).not.toBeNull();
    ctx.clock.advance(61_000);
    await webhookRetention.run(ctx.deps);
    expect(await stored()).toBeNull();
  });

  it('refuses an overlap over a week, an unknown endpoint, and another workspace’s endpoint', async () => {
    const { id } = await endpoint();
    const long = await rotate(id, { overlapSeconds: 7 * 86_400 + 1 });
    expect([long.status, long.body.error.code]).toEqual([400, 'validation_failed']);
    const unknown = await rotate('00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const other = await createWorkspace(ctx, { name: 'other' });
    const foreign = await call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/rotate-secret`, {
      key: other.secretKey,
      body: {},
    });
    expect(foreign.status).toBe(404);
  });
});
