import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  countRows,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

const DAY_MS = 86_400_000;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;

const token = (sub: string, role = 'admin', account = 'acme') =>
  signUserToken(ws.identitySecret, { sub, account, role });
const decide = async (sub: string, role = 'admin', body: Record<string, unknown> = {}) =>
  call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: await token(sub, role), body });
/** A decide call of an admin of `account` in another workspace than the shared one. */
const decideIn = async (shop: typeof ws, account: string) =>
  call(ctx, 'POST', '/v1/decide', {
    key: shop.publishableKey,
    token: await signUserToken(shop.identitySecret, { sub: `u-${account}`, account, role: 'admin' }),
    body: {},
  });
/** The account's lifecycle stage, as the product manager reads it (decide keeps it from the browser). */
const stageOf = async (account: string) =>
  (await call(ctx, 'GET', `/v1/admin/explain?account=${account}`, { key: ws.secretKey })).body.stage;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme analytics' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  await seedAccount(ctx, ws.workspaceId, { id: 'acme', signupDaysAgo: 3, owns: ['core'] });
  await seedUser(ctx, ws.workspaceId, { id: 'u-admin', accountId: 'acme', role: 'admin' });
  await seedUser(ctx, ws.workspaceId, { id: 'u-member', accountId: 'acme', role: 'member' });
  await setUsage(ctx, ws.workspaceId, 'acme', 'reports', 85, 100);
  campaignId = await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
      frequency: {
        maxImpressionsPerUser: 5,
        minIntervalHours: 0,
        dismissCooldownDays: 14,
        stopAfterDismissals: 2,
      },
    }),
  );
});
afterAll(() => ctx.close());

describe('POST /v1/decide', () => {
  it('shows nothing to an account in onboarding and records nothing', async () => {
    const res = await decide('u-admin');
    expect(res.status).toBe(200);
    expect(await stageOf('acme')).toBe('onboarding');
    expect(res.body.messages).toEqual([]);
    expect(res.body).not.toHaveProperty('stage');
    expect(await countRows(ctx, 'decisions', ws.workspaceId)).toBe(0);
  });

  it('serves the capacity add-on once the account is activated and uses 85% of its quota', async () => {
    ctx.clock.advance(20 * DAY_MS);
    const res = await decide('u-admin');
    expect(res.status).toBe(200);
    expect(await stageOf('acme')).toBe('activated');
    expect(res.body.messages).toHaveLength(1);
    const [message] = res.body.messages;
    expect(message).toMatchObject({
      campaignId,
      motion: 'upsell_capacity',
      channel: 'in_app',
      canPurchase: true,
      target: { kind: 'product', key: 'capacity' },
      content: { title: 'Running out of 85?' },
      offer: { key: 'capacity', amount: 4_900, currency: 'USD' },
    });
    expect(message.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await ctx.database.rows<{ outcome: string; offer: unknown }>(
      sql`select outcome, offer from decisions where id = ${message.decisionId}::uuid`,
    );
    expect(rows[0]?.outcome).toBe('served');
  });

  it('gives a member the message without a buy button (canPurchase false, ask your admin)', async () => {
    const res = await decide('u-member', 'member');
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({
      canPurchase: false,
      purchaseBlockedReason: 'role',
      actions: ['ask_admin'],
    });
  });

  it('does not show a dismissed message again within the cooldown, and does after it', async () => {
    const first = await decide('u-admin');
    const decisionId = first.body.messages[0]?.decisionId;
    expect(decisionId).toBeDefined();
    const ingest = await call(ctx, 'POST', '/v1/events', {
      key: ws.publishableKey,
      token: await token('u-admin'),
      body: {
        events: [
          {
            id: randomUUID(),
            name: 'message.dismissed',
            ts: ctx.clock.now.toISOString(),
            decisionId,
            campaignId,
          },
        ],
      },
    });
    expect(ingest.status).toBe(202);
    expect((await decide('u-admin')).body.messages).toEqual([]);
    ctx.clock.advance(13 * DAY_MS);
    expect((await decide('u-admin')).body.messages).toEqual([]);
    ctx.clock.advance(2 * DAY_MS);
    expect((await decide('u-admin')).body.messages.map((m: { campaignId: string }) => m.campaignId)).toEqual([
      campaignId,
    ]);
  });

  it('returns 401 and records nothing for forged, expired, other-workspace and over-24-hour tokens', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const before = await countRows(ctx, 'decisions', ws.workspaceId);
    const valid = await token('u-admin');
    const [head, payload] = valid.split('.');
    const forged = `${head}.${payload}.${Buffer.from('not-the-signature').toString('base64url')}`;
    const expired = await signUserToken(
      ws.identitySecret,
      { sub: 'u-admin', account: 'acme', role: 'admin' },
      '-1m',
    );
    const foreign = await signUserToken(other.identitySecret, {
      sub: 'u-admin',
      account: 'acme',
      role: 'admin',
    });
    const tooLong = await signUserToken(
      ws.identitySecret,
      { sub: 'u-admin', account: 'acme', role: 'admin' },
      '25h',
    );
    const hs512 = await new SignJWT({ account: 'acme' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u-admin')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(ws.identitySecret));
    const cases: Array<[string, string]> = [
      [forged, 'User token signature is invalid'],
      [expired, 'User token has expired'],
      [foreign, 'User token signature is invalid'],
      [tooLong, 'User token claim check failed: lifetime (exp − iat) is over 24 hours'],
      [hs512, 'User token must be signed with HS256 (alg "HS256" in its header)'],
      ['not-a-jwt', 'User token is not a well-formed JWT (header.payload.signature, base64url)'],
    ];
    for (const [bad, message] of cases) {
      const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: bad, body: {} });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'invalid_user_token', message });
    }
    // The keys swapped: each is named, and a secret key sent from a browser is called out.
    const secretAsPublishable = await call(ctx, 'POST', '/v1/decide', {
      token: valid,
      headers: { 'x-attach-key': ws.secretKey },
      body: {},
    });
    expect(secretAsPublishable.body.error).toMatchObject({
      code: 'invalid_api_key',
      message:
        'This is a secret key (sk_…), not the publishable key (pk_…) this API takes; a secret key must never reach a browser or a client',
    });
    const publishableAsSecret = await call(ctx, 'GET', '/v1/admin/settings', {
      headers: { authorization: `Bearer ${ws.publishableKey}` },
    });
    expect(publishableAsSecret.status).toBe(401);
    expect(publishableAsSecret.body.error.message).toBe(
      'This is a publishable key (pk_…), not the secret key (sk_…) this API takes',
    );
    expect(await countRows(ctx, 'decisions', ws.workspaceId)).toBe(before);
    expect(await countRows(ctx, 'decisions', other.workspaceId)).toBe(0);
  });

  it('stops accepting a token it already verified once the token expires', async () => {
    const shortLived = await signUserToken(
      ws.identitySecret,
      { sub: 'u-admin', account: 'acme', role: 'admin' },
      '2s',
    );
    const ask = () =>
      call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: shortLived, body: {} });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    // `exp` has one-second resolution: wait past it whatever fraction of a second it was signed at.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const late = await ask();
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('invalid_user_token');
  });

  it('shows buyers the open access requests of their account, and members none', async () => {
    await ctx.database.rows(sql`
      insert into access_requests (workspace_id, account_id, user_id, product_key, status)
      values (${ws.workspaceId}, 'acme', 'u-member', 'capacity', 'open')`);
    const admin = await decide('u-admin');
    expect(admin.body.requests).toEqual([
      expect.objectContaining({ productKey: 'capacity', productName: 'capacity', requestedBy: 'u-member' }),
    ]);
    const member = await decide('u-member', 'member');
    expect(member.body.requests).toEqual([]);
  });

  it('shows nothing to a user of an account the host never synced, and records nothing', async () => {
    const shop = await createWorkspace(ctx, { name: 'Unsynced' });
    await seedProduct(ctx, shop.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, shop.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, shop.workspaceId, { id: 'synced', owns: ['core'] });
    const plain = { en: { title: 'More room', body: 'Get more room.' } };
    await activeCampaign(ctx, shop.secretKey, campaignInput({ content: plain }));
    expect((await decideIn(shop, 'synced')).body.messages).toHaveLength(1);
    const res = await decideIn(shop, 'never-synced');
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([]);
    expect(await countRows(ctx, 'decisions', shop.workspaceId)).toBe(1);
  });

  it('offers a product again once its entitlement has passed its end date, though still marked active', async () => {
    const shop = await createWorkspace(ctx, { name: 'Lapsed' });
    await seedProduct(ctx, shop.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, shop.workspaceId, { key: 'capacity' });
    const day = (offset: number) => new Date(ctx.clock.now.getTime() + offset * DAY_MS).toISOString();
    for (const [id, capacityEnds] of [
      ['lapsed', day(-1)],
      ['current', day(30)],
    ] as const) {
      await seedAccount(ctx, shop.workspaceId, { id, owns: ['core'] });
      const synced = await call(ctx, 'POST', '/v1/admin/ownership/batch', {
        key: shop.secretKey,
        body: { items: [{ accountId: id, productKey: 'capacity', status: 'active', endsAt: capacityEnds }] },
      });
      expect(synced.status).toBe(200);
    }
    const plain = { en: { title: 'More room', body: 'Get more room.' } };
    await activeCampaign(ctx, shop.secretKey, campaignInput({ content: plain }));
    expect((await decideIn(shop, 'lapsed')).body.messages).toHaveLength(1);
    expect((await decideIn(shop, 'current')).body.messages).toEqual([]);
  });

  it("fills the ROI line from the campaign's ROI model and the account's seats, and skips an account with none", async () => {
    const shop = await createWorkspace(ctx, { name: 'ROI' });
    await seedProduct(ctx, shop.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, shop.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, shop.workspaceId, { id: 'team', seats: 12, owns: ['core'] });
    await seedAccount(ctx, shop.workspaceId, { id: 'seatless', seats: 0, owns: ['core'] });
    const roiLine = 'Teams like yours save {{roi.hoursPerYear}} hours a year — about {{roi.valuePerYear}}';
    await activeCampaign(
      ctx,
      shop.secretKey,
      campaignInput({
        content: { en: { title: 'More room', roiLine } },
        roi: { hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7_500, currency: 'USD' } },
      }),
    );
    const [message] = (await decideIn(shop, 'team')).body.messages;
    expect(message.content.roiLine).toBe('Teams like yours save 3,120 hours a year — about $234,000.00');
    expect((await decideIn(shop, 'seatless')).body.messages).toEqual([]);
  });

  it('answers 400 validation_failed for an invalid request body', async () => {
    const res = await decide('u-admin', 'admin', { placement: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
