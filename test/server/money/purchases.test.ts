import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  entitlements,
  messageStates,
  outbox,
  products,
  purchases,
} from '../../../server/db/schema/index.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';

let ctx: TestContext;
let creds: WorkspaceCredentials;
let ws: string;
let campaignId: string;
let n = 0;

beforeAll(async () => {
  ctx = await createTestApp();
  creds = await createWorkspace(ctx);
  ws = creds.workspaceId;
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900, prerequisites: ['core'] },
    { key: 'warehouse', amount: 20_000, prerequisites: ['core'] },
  ]);
  campaignId = await seedCampaign(ctx, ws, 'reports', { offer: { annualPercentOff: 20 } });
});
afterAll(() => ctx.close());

/** A fresh account owning core, with one admin and one member, and a served decision. */
async function setup(role = 'admin') {
  const accountId = `acc_${++n}`;
  await seedAccount(ctx, ws, accountId, {}, [{ id: `${accountId}_u`, role }]);
  await ctx.database.db
    .insert(entitlements)
    .values({ workspaceId: ws, accountId, productKey: 'core', status: 'active', source: 'host' });
  const { decisionId, offer } = await seedDecision(ctx, ws, {
    campaignId,
    accountId,
    userId: `${accountId}_u`,
    productKey: 'reports',
  });
  const token = await signUserToken(creds.identitySecret, {
    sub: `${accountId}_u`,
    account: accountId,
    role,
  });
  const body = { decisionId, productKey: 'reports', offerVersion: offer.version };
  return { accountId, decisionId, offer, token, body };
}

const buy = (token: string, body: unknown, key?: string) =>
  call(ctx, 'POST', '/v1/purchases', {
    key: creds.publishableKey,
    token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });

async function counts(accountId: string) {
  const db = ctx.database.db;
  const p = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.workspaceId, ws), eq(purchases.accountId, accountId)));
  const e = await db
    .select()
    .from(entitlements)
    .where(
      and(
        eq(entitlements.workspaceId, ws),
        eq(entitlements.accountId, accountId),
        eq(entitlements.productKey, 'reports'),
      ),
    );
  const o = (await db.select().from(outbox).where(eq(outbox.workspaceId, ws))).filter(
    (r) =>
      r.eventType === 'purchase.created' &&
      (r.payload.purchase as { accountId: string }).accountId === accountId,
  );
  return { purchases: p, entitlements: e, outbox: o };
}

describe('POST /v1/purchases', () => {
  it('buys the offer: purchase, active entitlement, ownership bit, conversion and outbox row in one go', async () => {
    const s = await setup();
    const res = await buy(s.token, s.body, randomUUID());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      productKey: 'reports',
      amount: 4_900,
      currency: 'USD',
      interval: 'month',
    });
    const c = await counts(s.accountId);
    expect(c.purchases).toHaveLength(1);
    expect(c.entitlements[0]).toMatchObject({
      id: res.body.entitlementId,
      status: 'active',
      source: 'purchase',
    });
    expect(c.outbox).toHaveLength(1);
    const [account] = await ctx.database.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, s.accountId)));
    const bits = await ctx.database.db.select().from(products).where(eq(products.workspaceId, ws));
    const bit = (k: string) => 2 ** (bits.find((p) => p.key === k)?.bit ?? -1);
    expect((account?.productMask ?? 0) & bit('reports')).toBe(bit('reports'));
    expect(account?.firstPurchaseAt).not.toBeNull();
    const [state] = await ctx.database.db
      .select()
      .from(messageStates)
      .where(and(eq(messageStates.accountId, s.accountId), eq(messageStates.campaignId, campaignId)));
    expect(state?.convertedAt).not.toBeNull();
  });

  it('charges the annual alternative when billing is annual', async () => {
    const s = await setup();
    const res = await buy(s.token, { ...s.body, billing: 'annual' }, randomUUID());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: Math.round(4_900 * 12 * 0.8), interval: 'year' });
  });

  it('requires an Idempotency-Key (400 idempotency_key_required)', async () => {
    const s = await setup();
    const res = await buy(s.token, s.body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('idempotency_key_required');
  });

  it('replays with the same Idempotency-Key return the first result byte for byte', async () => {
    const s = await setup();
    const key = randomUUID();
    const first = await buy(s.token, s.body, key);
    const again = await buy(s.token, s.body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // Each response carries its own request id, the one to quote to support.
    expect(first.headers.get('x-request-id')).toMatch(/\S/);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('refuses the same Idempotency-Key with a different body (422 idempotency_key_reused)', async () => {
    const s = await setup();
    const key = randomUUID();
    expect((await buy(s.token, s.body, key)).status).toBe(201);
    const res = await buy(s.token, { ...s.body, billing: 'annual' }, key);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('idempotency_key_reused');
  });

  it('refuses a stale offer version (409 price_changed) and writes nothing', async () => {
    const s = await setup();
    const res = await buy(s.token, { ...s.body, offerVersion: 'stale' }, randomUUID());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('price_changed');
    expect(res.body.error.message).toBe(
      `Offer version "stale" is not the current one (${s.offer.version}): the price or terms changed since it was shown, or decide never returned it; show the new offer`,
    );
    expect(res.body.error.details.offer.version).toBe(s.offer.version);
    expect((await counts(s.accountId)).purchases).toHaveLength(0);
  });

  it('re-prices from the current catalogue: a price change since the decision is a 409', async () => {
    const s = await setup();
    await ctx.database.db
      .update(products)
      .set({ priceAmount: 5_900 })
      .where(and(eq(products.workspaceId, ws), eq(products.key, 'reports')));
    try {
      const res = await buy(s.token, s.body, randomUUID());
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('price_changed');
    } finally {
      await ctx.database.db
        .update(products)
        .set({ priceAmount: 4_900 })
        .where(and(eq(products.workspaceId, ws), eq(products.key, 'reports')));
    }
  });

  it('refuses a member (403 purchase_not_allowed) and writes nothing', async () => {
    const s = await setup('member');
    const res = await buy(s.token, s.body, randomUUID());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('purchase_not_allowed');
    const c = await counts(s.accountId);
    expect([c.purchases.length, c.entitlements.length, c.outbox.length]).toEqual([0, 0, 0]);
  });

  it('refuses an unverified identity (403 purchase_requires_verified_identity) and writes nothing', async () => {
    const loose = await createWorkspace(ctx, { name: 'Loose', settings: { identityMode: 'report' } });
    const forged = await signUserToken('not-the-identity-secret', {
      sub: 'u9',
      account: 'acc_9',
      role: 'admin',
    });
    const res = await call(ctx, 'POST', '/v1/purchases', {
      key: loose.publishableKey,
      token: forged,
      body: { decisionId: randomUUID(), productKey: 'reports', offerVersion: 'v' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'purchase_requires_verified_identity']);
    const written = await ctx.database.db
      .select()
      .from(purchases)
      .where(eq(purchases.workspaceId, loose.workspaceId));
    expect(written).toHaveLength(0);
  });

  it("refuses another account's decision, a held-out decision and a product the decision did not offer", async () => {
    const s = await setup();
    const other = await setup();
    expect((await buy(s.token, other.body, randomUUID())).body.error.code).toBe('unknown_decision');
    const held = await seedDecision(ctx, ws, {
      campaignId,
      accountId: s.accountId,
      userId: `${s.accountId}_u`,
      productKey: 'reports',
      outcome: 'held_out',
    });
    const res = await buy(s.token, { ...s.body, decisionId: held.decisionId }, randomUUID());
    expect([res.status, res.body.error.code]).toEqual([409, 'not_offered']);
    const wrong = await buy(s.token, { ...s.body, productKey: 'warehouse' }, randomUUID());
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'not_offered']);
  });

  it('refuses when prerequisites are missing (409 prerequisites_missing)', async () => {
    const s = await setup();
    await ctx.database.db
      .delete(entitlements)
      .where(and(eq(entitlements.workspaceId, ws), eq(entitlements.accountId, s.accountId)));
    const res = await buy(s.token, s.body, randomUUID());
    expect([res.status, res.body.error.code]).toEqual([409, 'prerequisites_missing']);
    expect(res.body.error.details.missing).toEqual(['core']);
  });

  it('50 concurrent purchases with one key: one purchase, one entitlement, one outbox row, 49 identical replays', async () => {
    const s = await setup();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 50 }, () => buy(s.token, s.body, key)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    const c = await counts(s.accountId);
    expect([c.purchases.length, c.entitlements.length, c.outbox.length]).toEqual([1, 1, 1]);
  });

  it('20 concurrent purchases with different keys for one account and product: 1 succeeds, 19 get 409', async () => {
    const s = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => buy(s.token, s.body, randomUUID())));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(19).fill(409));
    // A loser that raced the winner's commit sees a live purchase; one that came after it sees the
    // product owned. Both are the right refusal.
    expect(refused.every((r) => ['purchase_in_progress', 'already_owned'].includes(r.body.error.code))).toBe(
      true,
    );
    const c = await counts(s.accountId);
    expect([c.purchases.length, c.entitlements.length, c.outbox.length]).toEqual([1, 1, 1]);
  });
});
