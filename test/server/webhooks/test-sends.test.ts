import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.ts';

/**
 * A ping or sample is marked as a test wherever a delivery shows: the list (and its filter), the
 * detail, the body the receiver gets, and again when it is redelivered; a real event is not.
 */
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let receiver: Receiver;
let endpointId: string;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  ws = await createWorkspace(ctx);
  receiver = await startReceiver();
  const endpoint = await admin('POST', '/v1/admin/webhooks/endpoints', {
    url: receiver.url,
    eventTypes: ['purchase.created'],
  });
  expect(endpoint.status).toBe(201);
  endpointId = endpoint.body.id;
  await seedProducts(ctx, ws.workspaceId, [{ key: 'reports', amount: 4_900 }]);
  campaignId = await seedCampaign(ctx, ws.workspaceId, 'reports');
});
afterEach(() => {
  receiver.received.splice(0);
});
afterAll(async () => {
  await receiver.close();
  await ctx.close();
});

function admin(method: string, path: string, body?: unknown) {
  return call(ctx, method, path, { key: ws.secretKey, body });
}

const sentBody = (i: number) => JSON.parse(receiver.received[i]?.body ?? 'null');

async function listed(query = '') {
  const res = await admin('GET', `/v1/admin/webhooks/deliveries?limit=200${query}`);
  expect(res.status).toBe(200);
  return res.body.deliveries as Array<{ id: string; eventType: string; test: boolean }>;
}

/** A purchase made through the widget API, as an end user would: a real `purchase.created`. */
async function realPurchase(accountId: string) {
  const userId = `${accountId}_u`;
  await seedAccount(ctx, ws.workspaceId, accountId, {}, [{ id: userId, role: 'admin' }]);
  const decision = await seedDecision(ctx, ws.workspaceId, {
    campaignId,
    accountId,
    userId,
    productKey: 'reports',
  });
  const token = await signUserToken(ws.identitySecret, { sub: userId, account: accountId, role: 'admin' });
  const bought = await call(ctx, 'POST', '/v1/purchases', {
    key: ws.publishableKey,
    token,
    body: { decisionId: decision.decisionId, productKey: 'reports', offerVersion: decision.offer.version },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(bought.status).toBe(201);
}

describe('webhook test sends › marked as tests', () => {
  it('a ping and a sample are listed with test: true and their bodies and payloads say test: true', async () => {
    const ping = await admin('POST', `/v1/admin/webhooks/endpoints/${endpointId}/test`);
    const sample = await admin('POST', `/v1/admin/webhooks/endpoints/${endpointId}/test`, {
      eventType: 'purchase.fulfilled',
    });
    expect([ping.status, sample.status]).toEqual([200, 200]);
    expect(ping.body).toMatchObject({ eventType: 'webhook.test', test: true, payload: { test: true } });
    expect(sample.body).toMatchObject({
      eventType: 'purchase.fulfilled',
      test: true,
      payload: { test: true },
    });
    expect(receiver.received.map((_, i) => [sentBody(i).type, sentBody(i).test])).toEqual([
      ['webhook.test', true],
      ['purchase.fulfilled', true],
    ]);
    const rows = await listed();
    expect(rows.find((d) => d.id === ping.body.id)).toMatchObject({ eventType: 'webhook.test', test: true });
    expect(rows.find((d) => d.id === sample.body.id)).toMatchObject({
      eventType: 'purchase.fulfilled',
      test: true,
    });
  });

  it('a real purchase’s delivery is listed with test: false and its body says test: false', async () => {
    await realPurchase('real-buyer');
    await outboxDispatcher.run(ctx.deps);
    expect(receiver.received).toHaveLength(1);
    const body = sentBody(0);
    expect([body.type, body.test]).toEqual(['purchase.created', false]);
    expect(body.data.purchase.accountId).toBe('real-buyer');
    const [real] = await listed(`&message=${receiver.received[0]?.headers['webhook-id']}`);
    expect(real).toMatchObject({ eventType: 'purchase.created', test: false });
    if (!real) throw new Error('the real delivery is not listed');
    const detail = await admin('GET', `/v1/admin/webhooks/deliveries/${real.id}`);
    expect(detail.body).toMatchObject({ test: false, payload: { type: 'purchase.created', test: false } });
  });

  it('GET …/deliveries?test=true lists only test sends, ?test=false only real events', async () => {
    await admin('POST', `/v1/admin/webhooks/endpoints/${endpointId}/test`, { eventType: 'purchase.created' });
    await realPurchase('filtered-buyer');
    await outboxDispatcher.run(ctx.deps);
    const all = await listed();
    const tests = await listed('&test=true');
    const reals = await listed('&test=false');
    expect(tests.length).toBeGreaterThan(0);
    expect(reals.length).toBeGreaterThan(0);
    expect(tests.every((d) => d.test)).toBe(true);
    expect(reals.every((d) => !d.test)).toBe(true);
    expect(tests.length + reals.length).toBe(all.length);
  });

  it('GET …/deliveries?test=yes is refused (400 validation_failed: test must be true or false)', async () => {
    const res = await admin('GET', '/v1/admin/webhooks/deliveries?test=yes');
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    // A value the filter does not know, not a parameter the list does not declare.
    expect(res.body.error.details.issues).toEqual([
      expect.objectContaining({ path: ['test'], code: 'invalid_value' }),
    ]);
  });

  it('redelivering a sample sends it again as a test, and it stays listed as one', async () => {
    const sample = await admin('POST', `/v1/admin/webhooks/endpoints/${endpointId}/test`, {
      eventType: 'trial.started',
    });
    const again = await admin('POST', `/v1/admin/webhooks/deliveries/${sample.body.id}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ test: true, payload: { test: true } });
    expect(receiver.received.map((_, i) => sentBody(i).test)).toEqual([true, true]);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    const listedAgain = await listed('&test=true');
    expect(listedAgain.find((d) => d.id === sample.body.id)).toMatchObject({ test: true });
  });
});
