import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../../server/db/schema/index.ts';
import type { Message } from '../../../shared/decide.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput } from '../../support/engine-builders.ts';

/**
 * A tier upgrade from a plan the catalogue prices: the offer credits the current plan, the purchase
 * charges the difference and replaces the plan (its entitlement cancelled, the account moved), and a
 * failed purchase puts the plan back. Everything through the real API, as a host would drive it.
 */
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let n = 0;

const admin = (method: string, path: string, body?: unknown) =>
  call(ctx, method, path, { key: ws.secretKey, body });

async function syncAccount(id: string, plan: string | null, owns: string[]) {
  await admin('POST', '/v1/admin/accounts/batch', {
    items: [
      { id, name: id, plan, signupAt: new Date(ctx.clock.now.getTime() - 90 * 86_400_000).toISOString() },
    ],
  });
  await admin('POST', '/v1/admin/users/batch', {
    items: [{ id: `${id}_admin`, accountId: id, role: 'admin' }],
  });
  if (owns.length > 0) {
    await admin('POST', '/v1/admin/ownership/batch', {
      items: owns.map((productKey) => ({ accountId: id, productKey, status: 'active' })),
    });
  }
}

async function decideFor(accountId: string) {
  const token = await signUserToken(ws.identitySecret, {
    sub: `${accountId}_admin`,
    account: accountId,
    role: 'admin',
  });
  const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  expect(res.status).toBe(200);
  return { token, messages: res.body.messages as Message[] };
}

async function buy(token: string, message: Message | undefined) {
  const offer = message?.offer;
  if (!message || !offer) throw new Error('no offer to buy');
  return call(ctx, 'POST', '/v1/purchases', {
    key: ws.publishableKey,
    token,
    body: {
      decisionId: message.decisionId,
      productKey: offer.key,
      offerVersion: offer.version,
    },
    headers: { 'idempotency-key': randomUUID() },
  });
}

async function stateOf(accountId: string) {
  const account = await admin('GET', `/v1/admin/accounts/${accountId}`);
  const owned = await admin('GET', `/v1/admin/entitlements?account=${accountId}`);
  const status = Object.fromEntries(
    (owned.body.entitlements as Array<{ productKey: string; status: string }>).map((e) => [
      e.productKey,
      e.status,
    ]),
  );
  return { plan: account.body.plan as string | null, status };
}

async function lastEvent(type: string) {
  const rows = await ctx.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.workspaceId, ws.workspaceId), eq(outbox.eventType, type)));
  return rows.at(-1)?.payload as Record<string, unknown> | undefined;
}

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Tiers' });
  const product = (key: string, amount: number, plan: string | null, interval = 'month') =>
    admin('POST', '/v1/admin/products', {
      key,
      name: `${key[0]?.toUpperCase()}${key.slice(1)} plan`,
      role: 'anchor',
      price: { amount, currency: 'USD', interval },
      plan,
    });
  for (const res of [
    await product('starter', 9_900, 'starter'),
    await product('business', 29_900, 'business'),
    await product('premier', 480_000, 'premier', 'year'),
  ]) {
    expect(res.status).toBe(201);
  }
  await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      name: 'Business tier',
      motion: 'upsell_tier',
      target: { kind: 'tier', toPlan: 'business', productKey: 'business' },
      content: { en: { title: 'Upgrade to Business for {{offer.price}}' } },
    }),
  );
});
afterAll(() => ctx.close());

describe('tier upgrade from a catalogued plan', () => {
  it('a product may be one plan only, and one product per plan name (409 plan_taken)', async () => {
    const taken = await admin('POST', '/v1/admin/products', {
      key: 'starter-2',
      name: 'Starter again',
      role: 'anchor',
      price: { amount: 1_000, currency: 'USD', interval: 'month' },
      plan: 'starter',
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'plan_taken']);
    const patched = await admin('PATCH', '/v1/admin/products/premier', { plan: 'starter' });
    expect([patched.status, patched.body.error.code]).toEqual([409, 'plan_taken']);
    expect((await admin('GET', '/v1/admin/products/starter')).body.plan).toBe('starter');
  });

  it('offers the difference, credits the current plan, and the purchase replaces that plan', async () => {
    const id = `acc_${++n}`;
    await syncAccount(id, 'starter', ['starter']);
    const { token, messages } = await decideFor(id);
    const [message] = messages;
    expect(message?.offer).toMatchObject({
      kind: 'tier',
      key: 'business',
      listAmount: 29_900,
      amount: 20_000,
      credit: { key: 'starter', plan: 'starter', amount: 9_900 },
    });
    expect(message?.content.title).toBe('Upgrade to Business for $200.00');

    const bought = await buy(token, message);
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ productKey: 'business', amount: 20_000, interval: 'month' });
    expect(await stateOf(id)).toEqual({
      plan: 'business',
      status: { starter: 'cancelled', business: 'active' },
    });

    const created = await lastEvent('purchase.created');
    expect(created?.purchase).toHaveProperty('offer.replaces', {
      entitlementId: expect.any(String),
      productKey: 'starter',
      from: 'starter',
      to: 'business',
    });
    expect(created?.ended).toEqual([expect.objectContaining({ productKey: 'starter', status: 'cancelled' })]);
    expect((await decideFor(id)).messages).toEqual([]);
  });

  it('a failed upgrade revokes the tier and puts the replaced plan back', async () => {
    const id = `acc_${++n}`;
    await syncAccount(id, 'starter', ['starter']);
    const { token, messages } = await decideFor(id);
    const bought = await buy(token, messages[0]);
    expect(bought.status).toBe(201);
    const failed = await admin('POST', `/v1/admin/purchases/${bought.body.id}/fail`, {
      reason: 'card declined',
    });
    expect(failed.status).toBe(200);
    expect(await stateOf(id)).toEqual({
      plan: 'starter',
      status: { starter: 'active', business: 'revoked' },
    });
    const event = await lastEvent('purchase.failed');
    expect(event?.restored).toEqual([expect.objectContaining({ productKey: 'starter', status: 'active' })]);
  });

  it('a plan the catalogue does not price gets the full tier price and keeps what it owns', async () => {
    const id = `acc_${++n}`;
    await syncAccount(id, 'legacy', []);
    const { token, messages } = await decideFor(id);
    const offer = messages[0]?.offer;
    expect(offer).toMatchObject({ listAmount: 29_900, amount: 29_900 });
    expect(offer?.credit).toBeUndefined();
    expect((await buy(token, messages[0])).body.amount).toBe(29_900);
    expect(await stateOf(id)).toEqual({ plan: 'legacy', status: { business: 'active' } });
  });

  it('a plan priced at or above the tier is no upgrade: not offered, and explain says why', async () => {
    const id = `acc_${++n}`;
    await syncAccount(id, 'premier', ['premier']);
    expect((await decideFor(id)).messages).toEqual([]);
    const explained = await admin('GET', `/v1/admin/explain?account=${id}&user=${id}_admin`);
    const reasons = explained.body.campaigns[0].reasons as Array<{ code: string; message: string }>;
    expect(reasons.find((r) => r.code === 'target.tier_not_higher')?.message).toBe(
      "Plan premier (premier) costs $400.00 per month, not less than business's $299.00: not an upgrade.",
    );
  });

  it('a plan switched by the host between the offer and the click re-prices the purchase (409 price_changed)', async () => {
    const id = `acc_${++n}`;
    await syncAccount(id, 'starter', ['starter']);
    const { token, messages } = await decideFor(id);
    await admin('POST', '/v1/admin/accounts/batch', { items: [{ id, plan: 'legacy' }] });
    const res = await buy(token, messages[0]);
    expect([res.status, res.body.error.code]).toEqual([409, 'price_changed']);
    expect(res.body.error.details.offer).toMatchObject({ amount: 29_900 });
    expect(await stateOf(id)).toEqual({ plan: 'legacy', status: { starter: 'active' } });
  });
});
