import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, webhookAttempts, webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { pruneWebhookHistory } from '../../../server/services/webhook-retention.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

const DAY = 86_400_000;
let ctx: TestContext;
let sk: string;
let workspaceId: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true, webhookRetentionDays: 30 });
  ({ secretKey: sk, workspaceId } = await createWorkspace(ctx));
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await ctx.close();
});

async function endpointAnswering(status: number, eventTypes: string[]) {
  const r = await startReceiver(() => ({ status }));
  receivers.push(r);
  const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
    key: sk,
    body: { url: r.url, eventTypes },
  });
  expect(res.status).toBe(201);
  return r;
}

async function publish(eventType: 'purchase.created' | 'trial.started', n = 1) {
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await enqueue(tx, workspaceId, eventType, webhookSample(eventType, ctx.clock.now), ctx.clock.now);
  });
}

const tables = async () => ({
  messages: (await ctx.database.db.select().from(outbox)).map((m) => m.eventType).sort(),
  deliveries: (await ctx.database.db.select().from(webhookDeliveries)).length,
  attempts: (await ctx.database.db.select().from(webhookAttempts)).length,
});

describe('webhook history retention', () => {
  it('prunes finished history past the retention, keeps what is still owed and what is recent', async () => {
    await endpointAnswering(204, ['purchase.created', 'trial.started']);
    // trial.started also goes to an endpoint that fails: its delivery stays pending between retries.
    await endpointAnswering(500, ['trial.started']);
    await publish('purchase.created', 3);
    await publish('trial.started');
    await outboxDispatcher.run(ctx.deps);
    expect(await tables()).toEqual({
      messages: ['purchase.created', 'purchase.created', 'purchase.created', 'trial.started'],
      deliveries: 5,
      attempts: 5,
    });

    ctx.clock.advance(29 * DAY);
    expect(await pruneWebhookHistory(ctx.deps)).toBe(0);
    ctx.clock.advance(2 * DAY);
    const purchases = (await ctx.database.db.select().from(outbox))
      .filter((m) => m.eventType === 'purchase.created')
      .map((m) => m.id);
    const delivered = (await ctx.database.db.select().from(webhookDeliveries)).find((d) =>
      purchases.includes(d.messageId),
    );
    await publish('purchase.created');
    expect(await pruneWebhookHistory(ctx.deps)).toBe(3);
    // Left: the trial.started message (one delivery still pending) and the new, undispatched one.
    expect(await tables()).toEqual({
      messages: ['purchase.created', 'trial.started'],
      deliveries: 2,
      attempts: 2,
    });
    if (!delivered) throw new Error('no delivery');
    const gone = await call(ctx, 'GET', `/v1/admin/webhooks/deliveries/${delivered.id}`, { key: sk });
    expect(gone.status).toBe(404);
  });

  it('prunes each message once when several instances run at the same time', async () => {
    await publish('purchase.created', 20);
    await outboxDispatcher.run(ctx.deps);
    const before = (await tables()).messages.length;
    ctx.clock.advance(31 * DAY);
    const counts = await Promise.all([1, 2, 3].map(() => pruneWebhookHistory(ctx.deps)));
    const after = await tables();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(before - after.messages.length);
    // Only the trial.started message is left, its failing delivery retried once more by that run.
    expect(after).toEqual({ messages: ['trial.started'], deliveries: 2, attempts: 3 });
  });
});
