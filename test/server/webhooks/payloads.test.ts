import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../../server/db/schema/index.ts';
import { outboxDispatcher } from '../../../server/jobs/outbox-dispatcher.ts';
import { trialExpiry } from '../../../server/jobs/trial-expiry.ts';
import type { Message } from '../../../shared/decide.ts';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/money.ts';
import { WEBHOOK_MESSAGES } from '../../../shared/webhook-payloads.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount as seedEngineAccount,
  seedProduct,
  setUsage,
} from '../../support/engine-builders.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';
import { type Receiver, schemaMismatch, startReceiver } from '../../support/webhook-receiver.ts';

/**
 * Every event type, produced by the real flows (widget API, admin API, jobs, decide) and delivered
 * over HTTP, matches the schema published for it: what hosts generate their types from is what
 * they receive.
 */
let ctx: TestContext;
let receiver: Receiver;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestApp({ allowPrivateWebhooks: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await ctx.close();
});

async function workspace(name: string) {
  const ws = await createWorkspace(ctx, { name });
  const endpoint = await call(ctx, 'POST', '/v1/admin/webhooks/endpoints', {
    key: ws.secretKey,
    body: { url: receiver.url, eventTypes: [...WEBHOOK_EVENT_TYPES] },
  });
  expect(endpoint.status).toBe(201);
  return ws;
}

const trialPlan = {
  weeks: [
    { week: 1, title: 'Set up', steps: [{ id: 'first', title: 'Create a report', event: 'report.created' }] },
  ],
  successCriteria: [
    { id: 'shared', title: 'Share a report', event: 'report.shared' },
    { id: 'made', title: 'Create two reports', event: 'report.created', count: 2 },
  ],
};

/** trial.started, trial.converted, purchase.created, purchase.fulfilled, trial.expired, request.created. */
async function trialsPurchasesRequests() {
  const ws = await workspace('Trials');
  const id = ws.workspaceId;
  await seedProducts(ctx, id, [{ key: 'reports', amount: 4_900, trialDays: 14 }]);
  const campaignId = await seedCampaign(ctx, id, 'reports', { trial: { enabled: true, plan: trialPlan } });
  const widget = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(ctx, 'POST', path, { key: ws.publishableKey, token, body, headers });

  const user = async (accountId: string, role = 'admin') => {
    await seedAccount(ctx, id, accountId, {}, [{ id: `${accountId}_u`, role }]);
    const token = await signUserToken(ws.identitySecret, { sub: `${accountId}_u`, account: accountId, role });
    const decision = await seedDecision(ctx, id, {
      campaignId,
      accountId,
      userId: `${accountId}_u`,
      productKey: 'reports',
    });
    return { token, ...decision };
  };

  const buyer = await user('converts');
  expect(
    (await widget(buyer.token, '/v1/trials', { decisionId: buyer.decisionId, productKey: 'reports' })).status,
  ).toBe(201);
  const bought = await widget(
    buyer.token,
    '/v1/purchases',
    { decisionId: buyer.decisionId, productKey: 'reports', offerVersion: buyer.offer.version },
    { 'idempotency-key': randomUUID() },
  );
  expect(bought.status).toBe(201);
  const fulfilled = await call(ctx, 'POST', `/v1/admin/purchases/${bought.body.id}/fulfil`, {
    key: ws.secretKey,
  });
  expect(fulfilled.status).toBe(200);

  const lapses = await user('lapses');
  expect(
    (await widget(lapses.token, '/v1/trials', { decisionId: lapses.decisionId, productKey: 'reports' }))
      .status,
  ).toBe(201);
  ctx.clock.advance(15 * DAY);
  await trialExpiry.run(ctx.deps);

  const member = await user('asks', 'member');
  expect((await widget(member.token, '/v1/requests', { productKey: 'reports', note: 'for Q3' })).status).toBe(
    201,
  );
}

/** purchase.created with `ended` and purchase.failed with `restored`: a tier upgrade, then its failure. */
async function tierUpgradeFailing() {
  const ws = await workspace('Tiers');
  const admin = (path: string, body: unknown) => call(ctx, 'POST', path, { key: ws.secretKey, body });
  for (const [key, amount] of [
    ['starter', 9_900],
    ['business', 29_900],
  ] as const) {
    const res = await admin('/v1/admin/products', {
      key,
      name: key,
      role: 'anchor',
      price: { amount, currency: 'USD', interval: 'month' },
      plan: key,
    });
    expect(res.status).toBe(201);
  }
  await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      motion: 'upsell_tier',
      target: { kind: 'tier', toPlan: 'business', productKey: 'business' },
      content: { en: { title: 'Upgrade' } },
    }),
  );
  await admin('/v1/admin/accounts/batch', {
    items: [
      {
        id: 'upgrades',
        plan: 'starter',
        signupAt: new Date(ctx.clock.now.getTime() - 90 * DAY).toISOString(),
      },
    ],
  });
  await admin('/v1/admin/users/batch', { items: [{ id: 'boss', accountId: 'upgrades', role: 'admin' }] });
  await admin('/v1/admin/ownership/batch', {
    items: [{ accountId: 'upgrades', productKey: 'starter', status: 'active' }],
  });
  const token = await signUserToken(ws.identitySecret, { sub: 'boss', account: 'upgrades', role: 'admin' });
  const decided = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  const [message] = decided.body.messages as Message[];
  if (!message?.offer) throw new Error(`no tier offer: ${decided.text}`);
  const bought = await call(ctx, 'POST', '/v1/purchases', {
    key: ws.publishableKey,
    token,
    body: {
      decisionId: message.decisionId,
      productKey: message.offer.key,
      offerVersion: message.offer.version,
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(bought.status).toBe(201);
  const failed = await admin(`/v1/admin/purchases/${bought.body.id}/fail`, { reason: 'card declined' });
  expect(failed.status).toBe(200);
}

/** lead.created: decide routes an enterprise account to its CSM. */
async function routedLead() {
  const ws = await workspace('Routing');
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
  await seedEngineAccount(ctx, ws.workspaceId, { id: 'big', owns: ['core'], segment: 'enterprise' });
  await setUsage(ctx, ws.workspaceId, 'big', 'reports', 90, 100);
  await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({ routing: { rules: [{ channel: 'csm', segments: ['enterprise'] }] } }),
  );
  const token = await signUserToken(ws.identitySecret, { sub: 'cto', account: 'big', role: 'admin' });
  const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  expect(res.body.messages[0]).toMatchObject({ channel: 'csm' });
}

async function drain() {
  for (let pass = 0; pass < 20; pass++) {
    await outboxDispatcher.run(ctx.deps);
    const pending = await ctx.database.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, 'pending'));
    if (pending.length === 0) return;
  }
  throw new Error('deliveries still pending');
}

describe('webhook payloads › every event type as delivered', () => {
  it('matches the schema published for its type, including a tier upgrade’s `ended` and `restored`', async () => {
    await trialsPurchasesRequests();
    await tierUpgradeFailing();
    await routedLead();
    await drain();

    const messages = receiver.received.map((r) => {
      expect(schemaMismatch(r.body)).toBeNull();
      const { type } = JSON.parse(r.body) as { type: keyof typeof WEBHOOK_MESSAGES };
      return WEBHOOK_MESSAGES[type].parse(JSON.parse(r.body));
    });
    expect(new Set(messages.map((m) => m.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    // Real changes, not test sends: every body says so.
    expect(messages.filter((m) => m.test !== false)).toEqual([]);
    const data = messages.map((m) => m.data);
    expect(data.some((d) => 'ended' in d && d.ended?.length === 1)).toBe(true);
    expect(data.some((d) => 'restored' in d && d.restored?.length === 1)).toBe(true);
  });
});
