import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { FANOUT_BATCH, fanOut } from '../../../server/services/webhook-delivery.ts';
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
});
