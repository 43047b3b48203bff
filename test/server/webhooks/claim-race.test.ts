import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { fanOut } from '../../../server/services/webhook-delivery.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  ({ secretKey: sk, workspaceId } = await createWorkspace(ctx));
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await ctx.close();
});

async function endpoint(
  eventType: 'purchase.created' | 'trial.started',
  respond?: () => Promise<{ status: number }>,
) {
  const r = await startReceiver(respond);
  receivers.push(r);
  const res = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
    key: sk,
    body: { url: r.url, eventTypes: [eventType] },
  });
  expect(res.status).toBe(201);
  return { receiver: r, id: res.body.id as string };
}

async function publish(eventType: 'purchase.created' | 'trial.started', n: number) {
  await ctx.database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await enqueue(tx, workspaceId, eventType, webhookSample(eventType, ctx.clock.now), ctx.clock.now);
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('webhook dispatcher', () => {
  // Needs two connections at once: a claim waiting on a row another transaction holds.
  it.runIf(process.env.DATABASE_URL)(
    'claims again when sends end while a claim runs, rather than stopping with deliveries due',
    async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let waiting = 0;
      const busy = await endpoint('purchase.created', async () => {
        waiting++;
        await held;
        return { status: 204 };
      });
      const other = await endpoint('trial.started');
      // The other endpoint's one delivery falls due five seconds from now.
      await publish('trial.started', 1);
      await fanOut(ctx.deps);
      const soon = new Date(ctx.clock.now.getTime() + 5_000);
      await ctx.database.db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: soon })
        .where(eq(webhookDeliveries.endpointId, other.id));

      // Four for the busy endpoint: three go out (its cap of sends in flight), the fourth waits a slot.
      await publish('purchase.created', 4);
      const run = outboxDispatcher.run(ctx.deps);
      await until('three sends are in flight', () => waiting === 3);

      // A transaction reschedules the other delivery and holds its row, so the dispatcher's next
      // claim (made once that delivery falls due) waits on it, having counted three in flight.
      let commit = () => {};
      const committing = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let rescheduled = () => {};
      const updated = new Promise<void>((resolve) => {
        rescheduled = resolve;
      });
      const holding = ctx.database.db.transaction(async (tx) => {
        await tx
          .update(webhookDeliveries)
          .set({ nextAttemptAt: new Date(ctx.clock.now.getTime() + 3_600_000) })
          .where(eq(webhookDeliveries.endpointId, other.id));
        rescheduled();
        await committing;
      });
      await updated;
      ctx.clock.advance(6_000);
      await until('a claim waits on the held row', async () => {
        const [row] = await ctx.database.rows<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return (row?.n ?? 0) > 0;
      });

      // The three sends end while that claim waits; then the claim finds nothing it may take.
      release();
      await until('the three sends are recorded', async () => {
        const rows = await ctx.database.db
          .select({ status: webhookDeliveries.status })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.endpointId, busy.id));
        return rows.filter((d) => d.status === 'succeeded').length === 3;
      });
      // Lets the dispatcher take in the ends of those sends before its claim returns.
      await new Promise((resolve) => setTimeout(resolve, 100));
      commit();
      await holding;
      await run;

      const deliveries = await ctx.database.db
        .select({ status: webhookDeliveries.status, endpointId: webhookDeliveries.endpointId })
        .from(webhookDeliveries);
      expect(deliveries.filter((d) => d.endpointId === busy.id).map((d) => d.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(busy.receiver.received).toHaveLength(4);
      expect(deliveries.filter((d) => d.endpointId === other.id).map((d) => d.status)).toEqual(['pending']);
      expect(other.receiver.received).toHaveLength(0);
    },
  );
});
