import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { fanOut } from '../../../server/services/webhook-delivery.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/money.ts';
import { WEBHOOK_MESSAGES } from '../../../shared/webhook-payloads.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type Receiver, seededRandom, startReceiver } from '../../support/webhook-receiver.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  const creds = await createWorkspace(ctx);
  sk = creds.secretKey;
  workspaceId = creds.workspaceId;
});
afterEach(async () => {
  vi.useRealTimers();
  // Endpoints of earlier tests must not receive later tests' messages.
  const list = await call(ctx, 'GET', '/v1/admin/webhooks/endpoints', { key: sk });
  for (const e of list.body.endpoints)
    await call(ctx, 'DELETE', `/v1/admin/webhooks/endpoints/${e.id}`, { key: sk });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => ctx.close());

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function endpointFor(url: string, eventTypes = ['purchase.created']) {
  const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', { key: sk, body: { url, eventTypes } });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

async function publish(count: number, eventType: 'purchase.created' | 'trial.started' = 'purchase.created') {
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++)
      await enqueue(tx, workspaceId, eventType, webhookSample(eventType, ctx.clock.now), ctx.clock.now);
  });
}

/** Runs the dispatcher, moving the clock an hour between passes, until nothing is pending. */
async function drain(maxPasses = 200) {
  for (let pass = 0; pass < maxPasses; pass++) {
    await outboxDispatcher.run(ctx.deps);
    const pending = await ctx.database.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, 'pending'));
    if (pending.length === 0) return pass;
    ctx.clock.advance(3_600_000);
  }
  throw new Error('deliveries still pending');
}

describe('webhook delivery', () => {
  it('signs every message per Standard Webhooks so the standardwebhooks package verifies it', async () => {
    const r = await receiver();
    const { secret } = await endpointFor(r.url);
    expect(secret).toMatch(/^whsec_/);
    await publish(3);
    await outboxDispatcher.run(ctx.deps);
    expect(r.received).toHaveLength(3);
    const wh = new Webhook(secret);
    for (const msg of r.received) {
      const parsed = wh.verify(msg.body, msg.headers as Record<string, string>) as {
        type: string;
        data: unknown;
      };
      expect(parsed.type).toBe('purchase.created');
      expect(msg.headers['webhook-id']).toMatch(/^msg_/);
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another-secret-key!!').toString('base64')}`).verify(
        r.received[0]?.body ?? '',
        r.received[0]?.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('only sends the event types an endpoint subscribed to', async () => {
    const r = await receiver();
    await endpointFor(r.url, ['trial.started']);
    await publish(2, 'purchase.created');
    await publish(1, 'trial.started');
    await outboxDispatcher.run(ctx.deps);
    expect(r.received.map((m) => JSON.parse(m.body).type)).toEqual(['trial.started']);
  });

  it('gets every message to a receiver failing 30% of the time, deduplicable by webhook-id', async () => {
    const random = seededRandom(42);
    const r = await receiver(() => ({ status: random() < 0.3 ? 500 : 204 }));
    const { secret } = await endpointFor(r.url);
    await publish(40);
    await drain();
    const ok = r.received.filter((m) => m.status === 204);
    const ids = new Set(ok.map((m) => m.headers['webhook-id']));
    expect(ids.size).toBe(40);
    expect(r.received.some((m) => m.status === 500)).toBe(true);
    const firstBodies = new Map<string, string>();
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const m of r.received) {
      const id = String(m.headers['webhook-id']);
      // A retry carries the same id and the same bytes; its timestamp is the attempt's (checked at that time).
      expect(firstBodies.get(id) ?? m.body).toBe(m.body);
      firstBodies.set(id, m.body);
      vi.setSystemTime(Number(m.headers['webhook-timestamp']) * 1000);
      expect(() => new Webhook(secret).verify(m.body, m.headers as Record<string, string>)).not.toThrow();
    }
  });

  it('stops delivering to an endpoint that answers 410 and disables it', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const { id } = await endpointFor(r.url);
    await publish(1);
    await outboxDispatcher.run(ctx.deps);
    expect(r.received).toHaveLength(1);
    const endpoint = await call(ctx, 'GET', `/v1/admin/webhooks/endpoints/${id}`, { key: sk });
    expect(endpoint.body).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringContaining('410'),
    });
    await publish(3);
    await drain();
    expect(r.received).toHaveLength(1);
  });

  it('honours Retry-After and gives up (dead) after about a day of exponential backoff', async () => {
    // Retry-After on the first answer only; afterwards plain failures follow the backoff schedule.
    let calls = 0;
    const r = await receiver(() =>
      calls++ === 0 ? { status: 503, headers: { 'retry-after': '7200' } } : { status: 500 },
    );
    const { id } = await endpointFor(r.url);
    await publish(1);
    const start = ctx.clock.now.getTime();
    await outboxDispatcher.run(ctx.deps);
    const first = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries?endpoint=${id}`, { key: sk });
    const delivery = first.body.deliveries[0];
    expect(Date.parse(delivery.nextAttemptAt) - start).toBeGreaterThanOrEqual(7_200_000);
    await drain();
    const detail = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries/${delivery.id}`, { key: sk });
    expect(detail.body.status).toBe('dead');
    expect(detail.body.attemptLog).toHaveLength(12);
    const span =
      Date.parse(detail.body.attemptLog.at(-1).createdAt) - Date.parse(detail.body.attemptLog[0].createdAt);
    expect(span).toBeGreaterThan(18 * 3_600_000);
    expect(span).toBeLessThan(40 * 3_600_000);
  });

  it('on shutdown starts no new send and leaves the rest unclaimed, for another instance at once', async () => {
    const stopping = new AbortController();
    // The first request to arrive is the moment the server is told to stop.
    const r = await receiver(() => {
      stopping.abort();
      return { status: 200 };
    });
    const endpoint = await endpointFor(r.url);
    await publish(30);
    await outboxDispatcher.run(ctx.deps, stopping.signal);
    const sent = r.received.length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(10);
    const left = await ctx.database.db
      .select({ lockedUntil: webhookDeliveries.lockedUntil })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, 'pending')));
    expect(left).toHaveLength(30 - sent);
    expect(left.filter((d) => d.lockedUntil !== null)).toEqual([]);
    // No lease to wait out: the next dispatcher (same clock) sends the rest, each message once.
    await outboxDispatcher.run(ctx.deps);
    expect(r.received).toHaveLength(30);
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(30);
  });

  it('holds a hanging receiver to three sends in flight across dispatchers while other endpoints get theirs', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waiting = 0;
    const slow = await receiver(async () => {
      waiting++;
      await held;
      return { status: 200 };
    });
    const fast = await receiver();
    await endpointFor(slow.url, ['purchase.created']);
    await endpointFor(fast.url, ['trial.started']);
    // The hanging receiver's backlog is older, so it comes first in due order.
    await publish(30, 'purchase.created');
    await fanOut(ctx.deps);
    ctx.clock.advance(1_000);
    await publish(5, 'trial.started');
    const runs = Promise.all([outboxDispatcher.run(ctx.deps), outboxDispatcher.run(ctx.deps)]);
    await vi.waitFor(() => expect(fast.received).toHaveLength(5), { timeout: 5_000 });
    expect(waiting).toBe(3);
    release();
    await runs;
    await outboxDispatcher.run(ctx.deps);
    expect(slow.received).toHaveLength(30);
    expect(new Set(slow.received.map((m) => m.headers['webhook-id'])).size).toBe(30);
  });

  it('delivers each message once when several dispatchers run at the same time', async () => {
    const r = await receiver();
    await endpointFor(r.url);
    await publish(30);
    await Promise.all([1, 2, 3, 4].map(() => outboxDispatcher.run(ctx.deps)));
    await outboxDispatcher.run(ctx.deps);
    expect(r.received).toHaveLength(30);
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(30);
  });

  it('redelivers a message with the same webhook-id and sends test messages on demand', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r.url);
    await publish(1);
    await outboxDispatcher.run(ctx.deps);
    const list = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries?endpoint=${id}&status=succeeded`, {
      key: sk,
    });
    const delivery = list.body.deliveries[0];
    const again = await call(ctx, 'POST', `/v1/admin/webhooks/deliveries/${delivery.id}/redeliver`, {
      key: sk,
    });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('succeeded');
    expect(r.received).toHaveLength(2);
    expect(r.received[1]?.headers['webhook-id']).toBe(r.received[0]?.headers['webhook-id']);
    const test = await call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/test`, { key: sk });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ status: 'succeeded', eventType: 'webhook.test' });
    expect(test.body.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 200 });
  });

  it.each(
    WEBHOOK_EVENT_TYPES,
  )('POST …/test with {"eventType": "%s"} sends a signed sample valid for that type’s schema', async (eventType) => {
    const r = await receiver();
    // Subscribed to another type: a sample is sent because it was asked for.
    const { id, secret } = await endpointFor(r.url, [
      eventType === 'lead.created' ? 'trial.started' : 'lead.created',
    ]);
    const res = await call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/test`, {
      key: sk,
      body: { eventType },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', eventType });
    const [sent] = r.received;
    if (!sent) throw new Error('nothing received');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Number(sent.headers['webhook-timestamp']) * 1000);
    const body = new Webhook(secret).verify(sent.body, sent.headers as Record<string, string>);
    expect(WEBHOOK_MESSAGES[eventType].parse(body)).toEqual(body);
    expect(res.body.payload).toEqual(body);
  });

  it('POST …/test refuses an event type that does not exist (400 validation_failed)', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r.url);
    const res = await call(ctx, 'POST', `/v1/admin/webhooks/endpoints/${id}/test`, {
      key: sk,
      body: { eventType: 'purchase.refunded' },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    expect(r.received).toHaveLength(0);
  });
});
