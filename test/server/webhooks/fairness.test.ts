import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox, webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { FANOUT_BATCH, fanOut, PARALLEL_SENDS } from '../../../server/services/webhook-delivery.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

let ctx: TestContext;
const receivers: Receiver[] = [];

// A fresh database per test: what one leaves in the outbox would change the other's batches.
beforeEach(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await ctx.close();
});

interface Workspace {
  sk: string;
  workspaceId: string;
}

async function workspace(name: string): Promise<Workspace> {
  const { secretKey: sk, workspaceId } = await createWorkspace(ctx, { name });
  return { sk, workspaceId };
}

async function endpoint(ws: Workspace, respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
    key: ws.sk,
    body: { url: r.url, eventTypes: ['purchase.created'] },
  });
  expect(res.status).toBe(201);
  return r;
}

/** Four endpoints of `ws` whose receivers hold every request until `release()`. */
async function hangingEndpoints(ws: Workspace) {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  const hang = async () => {
    waiting++;
    await held;
    return { status: 200 };
  };
  const hanging = await Promise.all([1, 2, 3, 4].map(() => endpoint(ws, hang)));
  return { hanging, sendsWaiting: () => waiting, release: () => release() };
}

async function publish(ws: Workspace, count: number) {
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++)
      await enqueue(
        tx,
        ws.workspaceId,
        'purchase.created',
        webhookSample('purchase.created', ctx.clock.now),
        ctx.clock.now,
      );
  });
}

async function dispatchedOf(ws: Workspace): Promise<number> {
  const rows = await ctx.database.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.workspaceId, ws.workspaceId), isNotNull(outbox.dispatchedAt)));
  return rows.length;
}

describe('webhook fairness across workspaces', () => {
  it("fans out a workspace's new message in the first batch, ahead of another's older backlog", async () => {
    const a = await workspace('Backlog');
    const b = await workspace('Quiet');
    const quiet = await endpoint(b);
    await publish(a, FANOUT_BATCH + 50);
    ctx.clock.advance(1_000);
    await publish(b, 1);
    const handled = await fanOut(ctx.deps);
    expect(await dispatchedOf(b)).toBe(1);
    const bDeliveries = await ctx.database.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, b.workspaceId));
    expect(bDeliveries).toHaveLength(1);
    // The backlog keeps its share of the batch meanwhile, and drains in the passes that follow.
    expect(await dispatchedOf(a)).toBe(handled - 1);
    expect(handled - 1).toBeGreaterThanOrEqual(FANOUT_BATCH / 2);
    await outboxDispatcher.run(ctx.deps);
    expect(await dispatchedOf(a)).toBe(FANOUT_BATCH + 50);
    expect(quiet.received).toHaveLength(1);
  });

  it("claims a workspace's one due delivery in the same batch as another's larger backlog of due deliveries", async () => {
    const a = await workspace('Many endpoints');
    const b = await workspace('One endpoint');
    // Four endpoints of three due deliveries each: more than one claim batch even at the per-endpoint cap.
    const { hanging, sendsWaiting, release } = await hangingEndpoints(a);
    const quick = await endpoint(b);
    await publish(a, 3);
    await fanOut(ctx.deps);
    // B's delivery falls due later, so due order alone puts it behind all of A's.
    ctx.clock.advance(1_000);
    await publish(b, 1);
    await fanOut(ctx.deps);
    const run = outboxDispatcher.run(ctx.deps);
    try {
      await vi.waitFor(() => expect(quick.received).toHaveLength(1), { timeout: 3_000 });
      // A is not starved either: its sends take every other slot.
      await vi.waitFor(() => expect(sendsWaiting()).toBe(PARALLEL_SENDS), { timeout: 3_000 });
    } finally {
      release();
      await run;
    }
    expect(hanging.map((r) => r.received.length)).toEqual([3, 3, 3, 3]);
  });

  it("sends a workspace's new webhook while another's hanging receivers hold all of its sends", async () => {
    const a = await workspace('Hanging receivers');
    const b = await workspace('Healthy receiver');
    const { hanging, sendsWaiting, release } = await hangingEndpoints(a);
    const quick = await endpoint(b);
    await publish(a, 3);
    const run = outboxDispatcher.run(ctx.deps);
    try {
      // A's receivers hang with as many sends as one workspace may have in flight.
      await vi.waitFor(() => expect(sendsWaiting()).toBe(PARALLEL_SENDS), { timeout: 3_000 });
      // Only now does B publish: the dispatcher, still waiting on A's sends, fans it out and sends it.
      await publish(b, 1);
      await vi.waitFor(() => expect(quick.received).toHaveLength(1), { timeout: 5_000 });
      // A got no more than its share meanwhile.
      expect(sendsWaiting()).toBe(PARALLEL_SENDS);
    } finally {
      release();
      await run;
    }
    expect(hanging.map((r) => r.received.length)).toEqual([3, 3, 3, 3]);
  });
});
