import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import type { AuditEntry } from '../../../shared/audit.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

let ctx: TestContext;
let sk: string;
let workspaceId: string;
let receiver: Receiver;

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  ({ secretKey: sk, workspaceId } = await createWorkspace(ctx));
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await ctx.close();
});

const auditMessages = async () =>
  (await ctx.database.db.select().from(outbox).where(eq(outbox.workspaceId, workspaceId))).filter(
    (m) => m.eventType === 'audit.recorded',
  );

describe('audit.recorded webhooks', () => {
  it('are not written while no endpoint listens for them', async () => {
    await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: `${receiver.url}/other`, eventTypes: ['purchase.created'] },
    });
    await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('quiet') });
    expect(await auditMessages()).toEqual([]);
  });

  it('stream each entry, signed, to an endpoint subscribed to them, with the same fields as the log', async () => {
    const endpoint = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
      key: sk,
      body: { url: `${receiver.url}/siem`, eventTypes: ['audit.recorded'] },
    });
    expect(endpoint.status).toBe(201);
    await call(ctx, 'PATCH', '/v1/admin/products/quiet', {
      key: sk,
      body: { price: { amount: 5900, currency: 'USD', interval: 'month' } },
    });
    await outboxDispatcher.run(ctx.deps);

    const wh = new Webhook(endpoint.body.secret);
    const messages = receiver.received
      .filter((m) => m.body.includes('"audit.recorded"'))
      .map((m) => wh.verify(m.body, m.headers as Record<string, string>) as { data: { entry: AuditEntry } });
    // Its own creation came first: the endpoint listened from the moment it existed.
    const entries = messages.map((m) => m.data.entry).sort((a, b) => a.at.localeCompare(b.at));
    expect(entries.map((e) => e.action)).toEqual(['webhook_endpoint.created', 'product.updated']);
    const [logged] = (await call(ctx, 'GET', '/v1/admin/audit-log?action=product.updated', { key: sk })).body
      .data;
    expect(entries[1]).toEqual(logged);
    expect(logged).toMatchObject({ changes: [{ field: 'price.amount', from: 4900, to: 5900 }] });
  });
});
