import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, trials } from '../../../server/db/schema/index.ts';
import type { Message } from '../../../shared/decide.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput } from '../../support/engine-builders.ts';

/**
 * Campaign reports slice by the plan and segment an account had when the campaign decided for it,
 * not by the ones it has now: a tier upsell moves its converters to the plan it sold. Four Starter
 * accounts in segment `smb` are decided for by a Business tier campaign through the real decide
 * route; two buy Business through the real purchase path (which moves them to Business), and the
 * host then moves a third to segment `mid`. A fifth account, now on Business, has one decision
 * written before decisions recorded plan and segment: it counts in its current ones.
 */
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
const STARTER = ['st1', 'st2', 'st3', 'st4'];

const admin = (method: string, path: string, body?: unknown) =>
  call(ctx, method, path, { key: ws.secretKey, body });
const get = async (path: string) => {
  const res = await admin('GET', `/v1/admin/analytics/${path}`);
  expect(res.status).toBe(200);
  return res.body;
};

async function sync(id: string, plan: string, segment: string) {
  const res = await admin('POST', '/v1/admin/accounts/batch', {
    items: [{ id, plan, segment, signupAt: '2026-01-05T00:00:00Z' }],
  });
  expect(res.status).toBe(200);
}

async function decideAndMaybeBuy(accountId: string, buy: boolean) {
  const token = await signUserToken(ws.identitySecret, {
    sub: `${accountId}_admin`,
    account: accountId,
    role: 'admin',
  });
  const decided = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  const message = (decided.body.messages as Message[])[0];
  expect(message?.offer?.key).toBe('business');
  if (!buy || !message?.offer) return;
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
}

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Slices at decision' });
  for (const [key, amount] of [
    ['starter', 9_900],
    ['business', 29_900],
  ] as const) {
    const res = await admin('POST', '/v1/admin/products', {
      key,
      name: key,
      role: 'anchor',
      price: { amount, currency: 'USD', interval: 'month' },
      plan: key,
    });
    expect(res.status).toBe(201);
  }
  campaignId = await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      name: 'Business tier',
      motion: 'upsell_tier',
      target: { kind: 'tier', toPlan: 'business', productKey: 'business' },
      content: { en: { title: 'Upgrade to Business' } },
    }),
  );
  for (const id of [...STARTER, 'old1']) await sync(id, id === 'old1' ? 'business' : 'starter', 'smb');
  const users = await admin('POST', '/v1/admin/users/batch', {
    items: STARTER.map((id) => ({ id: `${id}_admin`, accountId: id, role: 'admin' })),
  });
  expect(users.status).toBe(200);
  const owned = await admin('POST', '/v1/admin/ownership/batch', {
    items: STARTER.map((accountId) => ({ accountId, productKey: 'starter', status: 'active' })),
  });
  expect(owned.status).toBe(200);
  for (const id of STARTER) await decideAndMaybeBuy(id, id === 'st1' || id === 'st2');
  await sync('st3', 'starter', 'mid');
  await ctx.database.db.insert(decisions).values({
    workspaceId: ws.workspaceId,
    id: randomUUID(),
    campaignId,
    campaignVersion: 1,
    accountId: 'old1',
    userId: 'old1_admin',
    outcome: 'served',
    channel: 'in_app',
    targetKind: 'tier',
    targetKey: 'business',
    motion: 'upsell_tier',
    createdAt: ctx.clock.now,
  });
  // Reports end now, exclusive.
  ctx.clock.advance(60_000);
});
afterAll(() => ctx.close());

describe('campaign reports sliced by plan and segment', () => {
  it('the purchase moved the converters to Business; the portfolio reads the current plan', async () => {
    const converter = await admin('GET', '/v1/admin/accounts/st1');
    expect(converter.body.plan).toBe('business');
    expect((await get('products-per-customer?plan=business')).customers).toBe(2);
  });

  it('counts the funnel in the plan each account was decided on, converters included', async () => {
    const funnel = (query: string) => get(`campaigns/${campaignId}/funnel?${query}`);
    expect(await funnel('plan=starter')).toMatchObject({ eligible: 4, treated: 4, converted: 2 });
    // old1's decision predates the recording: its current plan counts.
    expect(await funnel('plan=business')).toMatchObject({ eligible: 1, converted: 0 });
    expect(await funnel('')).toMatchObject({ eligible: 5, converted: 2 });
    const all = await get('funnel?plan=starter');
    expect(all.data).toEqual([expect.objectContaining({ campaignId, eligible: 4, converted: 2 })]);
  });

  it('counts the segment as decided, although the host moved st3 since', async () => {
    const funnel = (query: string) => get(`campaigns/${campaignId}/funnel?${query}`);
    expect(await funnel('segment=smb')).toMatchObject({ eligible: 5, converted: 2 });
    expect(await funnel('segment=mid')).toMatchObject({ eligible: 0 });
    expect(await funnel('segment=smb&plan=starter')).toMatchObject({ eligible: 4, converted: 2 });
  });

  it('slices the lift, the daily steps and the copy experiment the same way', async () => {
    const lift = await get(`lift?plan=starter&campaign=${campaignId}`);
    expect(lift.data).toEqual([
      expect.objectContaining({ campaignId, treatment: { accounts: 4, conversions: 2, rate: 0.5 } }),
    ]);
    const daily = await get(`campaigns/${campaignId}/daily?plan=starter`);
    expect(daily.days.reduce((n: number, d: { converted: number }) => n + d.converted, 0)).toBe(2);
    const copy = await get(`campaigns/${campaignId}/variants?plan=starter`);
    expect(copy.variants).toEqual([
      expect.objectContaining({ key: 'original', accounts: 4, conversions: 2 }),
    ]);
    const business = await get(`campaigns/${campaignId}/variants?plan=business`);
    expect(business.variants).toEqual([
      expect.objectContaining({ key: 'original', accounts: 1, conversions: 0 }),
    ]);
  });

  it('counts purchases in the plan their own decision recorded: expansion MRR and activation', async () => {
    const purchases = (body: { months: Array<{ purchases: number }> }) =>
      body.months.reduce((n, m) => n + m.purchases, 0);
    expect(purchases(await get('expansion-mrr?plan=starter'))).toBe(2);
    expect(purchases(await get('expansion-mrr?plan=business'))).toBe(0);
    expect(purchases(await get('expansion-mrr?segment=smb'))).toBe(2);
    expect((await get('activation?plan=starter')).purchases).toBe(2);
    expect((await get('activation?plan=business')).purchases).toBe(0);
    // Unsliced, nothing changes: every purchase counts.
    expect(purchases(await get('expansion-mrr'))).toBe(2);
  });

  it('counts a trial in the plan its decision recorded', async () => {
    const [decided] = await ctx.database.db
      .select({ id: decisions.id })
      .from(decisions)
      .where(and(eq(decisions.workspaceId, ws.workspaceId), eq(decisions.accountId, 'st1')));
    await ctx.database.db.insert(trials).values({
      workspaceId: ws.workspaceId,
      accountId: 'st1',
      userId: 'st1_admin',
      productKey: 'business',
      entitlementId: randomUUID(),
      decisionId: decided?.id,
      campaignId,
      status: 'converted',
      plan: {},
      startedAt: new Date(ctx.clock.now.getTime() - 30_000),
      endsAt: ctx.clock.now,
    });
    expect(await get('trials?plan=starter')).toMatchObject({ started: 1, converted: 1 });
    expect(await get('trials?plan=business')).toMatchObject({ started: 0 });
  });
});
