import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlements } from '../../../server/db/schema/index.ts';
import { copyVariant } from '../../../server/domain/copy-variant.ts';
import { isHeldOut } from '../../../server/domain/holdout.ts';
import { chiSquareTail } from '../../../server/domain/sample-ratio.ts';
import { CampaignDefinition } from '../../../shared/campaign.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedProduct,
  seedUser,
} from '../../support/engine-builders.ts';

/**
 * A copy experiment end to end: decide serves each treated account its variant's copy and records
 * which, explain says which, and analytics compares each copy's conversion with the original's.
 */
const HOUR_MS = 3_600_000;
const ACCOUNTS = 40;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
let plainCampaignId: string;
let started: Date;

const input = campaignInput({
  name: 'Capacity, two copies',
  holdout: { percent: 20 },
  content: { en: { title: 'Original: more room for {{account.name}}', body: 'Get more room.' } },
  variants: [
    { key: 'b', percent: 50, content: { en: { title: 'Variant b: never hit the limit', body: '' } } },
  ],
});
const definition = CampaignDefinition.parse(input);
const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `acct-${i}`);

const decideAs = async (workspace: typeof ws, account: string) =>
  call(ctx, 'POST', '/v1/decide', {
    key: workspace.publishableKey,
    token: await signUserToken(workspace.identitySecret, { sub: `u-${account}`, account, role: 'admin' }),
    body: {},
  });
const admin = (path: string) => call(ctx, 'GET', path, { key: ws.secretKey });
const range = () =>
  `from=${new Date(started.getTime() - HOUR_MS).toISOString()}&to=${new Date(ctx.clock.now.getTime() + HOUR_MS).toISOString()}`;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Copy experiment' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  for (const id of accountIds) {
    await seedAccount(ctx, ws.workspaceId, { id, owns: ['core'] });
    await seedUser(ctx, ws.workspaceId, { id: `u-${id}`, accountId: id });
  }
  campaignId = await activeCampaign(ctx, ws.secretKey, input);
  started = ctx.clock.now;
});
afterAll(() => ctx.close());

const expectedVariant = (account: string) => copyVariant(definition, campaignId, account).key;
const heldOut = (account: string) => isHeldOut(campaignId, account, 20);

describe('a campaign with copy variants', () => {
  it('serves every treated account its variant’s copy and records which', async () => {
    for (const account of accountIds) {
      const res = await decideAs(ws, account);
      expect(res.status).toBe(200);
      if (heldOut(account)) {
        expect(res.body.messages).toEqual([]);
        continue;
      }
      const [message] = res.body.messages;
      const variant = expectedVariant(account);
      expect(message.variant).toBe(variant);
      expect(message.content.title).toBe(
        variant === 'b' ? 'Variant b: never hit the limit' : `Original: more room for Account ${account}`,
      );
    }
    // Both copies and the holdout are all drawn in 40 accounts, so the test means something.
    const treated = accountIds.filter((a) => !heldOut(a));
    expect(new Set(treated.map(expectedVariant))).toEqual(new Set(['original', 'b']));
    expect(treated.length).toBeLessThan(ACCOUNTS);

    const rows = await ctx.database.rows<{ account_id: string; outcome: string; variant: string | null }>(
      sql`select account_id, outcome, variant from decisions where workspace_id = ${ws.workspaceId} order by account_id`,
    );
    expect(rows).toHaveLength(ACCOUNTS);
    for (const row of rows) {
      // A held-out account saw no copy: its exposure is no variant's.
      expect(row).toEqual({
        account_id: row.account_id,
        outcome: heldOut(row.account_id) ? 'held_out' : 'served',
        variant: heldOut(row.account_id) ? null : expectedVariant(row.account_id),
      });
    }
  });

  it('explain names the copy an account gets', async () => {
    const account = accountIds.find((a) => !heldOut(a) && expectedVariant(a) === 'b') as string;
    const res = await admin(`/v1/admin/explain?account=${account}&user=u-${account}`);
    expect(res.status).toBe(200);
    const verdict = res.body.campaigns.find((v: { campaignId: string }) => v.campaignId === campaignId);
    expect(verdict.reasons).toContainEqual(
      expect.objectContaining({
        code: 'content.variant',
        message: 'The copy experiment gives this account the copy “b”.',
      }),
    );
    expect(verdict.reasons).toContainEqual(
      expect.objectContaining({ code: 'content.filled', message: 'Copy “b” (en) fully filled.' }),
    );
  });

  it('GET …/variants compares each copy’s treated accounts, views, clicks and purchases with the original’s', async () => {
    const treated = accountIds.filter((a) => !heldOut(a));
    const b = treated.filter((a) => expectedVariant(a) === 'b');
    const original = treated.filter((a) => expectedVariant(a) === 'original');
    // Every treated account saw its message; the first two of each copy clicked; b's first three and
    // the original's first one bought the product (host-recorded), after their decision.
    const decisionsByAccount = new Map(
      (
        await ctx.database.rows<{ account_id: string; id: string }>(
          sql`select account_id, id::text from decisions where workspace_id = ${ws.workspaceId}`,
        )
      ).map((r) => [r.account_id, r.id]),
    );
    ctx.clock.advance(HOUR_MS);
    for (const account of treated) {
      const clicked = [...b.slice(0, 2), ...original.slice(0, 2)].includes(account);
      const names = clicked ? ['message.shown', 'message.clicked'] : ['message.shown'];
      const res = await call(ctx, 'POST', '/v1/events', {
        key: ws.publishableKey,
        token: await signUserToken(ws.identitySecret, { sub: `u-${account}`, account, role: 'admin' }),
        body: {
          events: names.map((name) => ({
            id: randomUUID(),
            name,
            ts: ctx.clock.now.toISOString(),
            decisionId: decisionsByAccount.get(account),
            campaignId,
          })),
        },
      });
      expect(res.status).toBe(202);
    }
    const buyers = [...b.slice(0, 3), ...original.slice(0, 1)];
    await ctx.database.db.insert(entitlements).values(
      buyers.map((accountId) => ({
        workspaceId: ws.workspaceId,
        accountId,
        productKey: 'capacity',
        status: 'active' as const,
        source: 'host' as const,
        startedAt: ctx.clock.now,
      })),
    );

    const res = await admin(`/v1/admin/analytics/campaigns/${campaignId}/variants?${range()}`);
    expect(res.status).toBe(200);
    expect(res.body.campaignId).toBe(campaignId);
    const [first, second] = res.body.variants;
    expect(res.body.variants).toHaveLength(2);
    expect(first).toEqual({
      key: 'original',
      share: 0.5,
      accounts: original.length,
      expectedAccounts: treated.length / 2,
      shown: original.length,
      clicked: 2,
      conversions: 1,
      rate: 1 / original.length,
      vsOriginal: null,
    });
    expect(second).toMatchObject({
      key: 'b',
      share: 0.5,
      accounts: b.length,
      shown: b.length,
      clicked: 2,
      conversions: 3,
      rate: 3 / b.length,
    });
    expect(second.vsOriginal.difference).toBeCloseTo(3 / b.length - 1 / original.length, 12);
    expect(second.vsOriginal.interval.low).toBeLessThan(second.vsOriginal.difference);
    expect(second.vsOriginal.interval.high).toBeGreaterThan(second.vsOriginal.difference);
    expect(second.vsOriginal.reliable).toBe(false);
    // The split is checked against the 50 % the campaign's only version gave b.
    const chiSquare = (b.length - treated.length / 2) ** 2 / (treated.length / 4);
    expect(res.body.sampleRatio.pValue).toBeCloseTo(chiSquareTail(chiSquare, 1), 12);

    const missing = await admin(`/v1/admin/analytics/campaigns/${randomUUID()}/variants?${range()}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'campaign_not_found']);
  });

  it('a campaign without variants serves no variant, records none, and reports its one copy', async () => {
    const other = await createWorkspace(ctx, { name: 'No experiment' });
    await seedProduct(ctx, other.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, other.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
    await seedAccount(ctx, other.workspaceId, { id: 'solo', owns: ['core'] });
    await seedUser(ctx, other.workspaceId, { id: 'u-solo', accountId: 'solo' });
    plainCampaignId = await activeCampaign(
      ctx,
      other.secretKey,
      campaignInput({ content: { en: { title: 'One copy', body: '' } } }),
    );
    const res = await decideAs(other, 'solo');
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).not.toHaveProperty('variant');
    const [row] = await ctx.database.rows<{ variant: string | null }>(
      sql`select variant from decisions where workspace_id = ${other.workspaceId}`,
    );
    expect(row).toEqual({ variant: null });
    const report = await call(
      ctx,
      'GET',
      `/v1/admin/analytics/campaigns/${plainCampaignId}/variants?${range()}`,
      {
        key: other.secretKey,
      },
    );
    expect(report.body.variants).toEqual([
      {
        key: 'original',
        share: 1,
        accounts: 1,
        expectedAccounts: 1,
        shown: 0,
        clicked: 0,
        conversions: 0,
        rate: 0,
        vsOriginal: null,
      },
    ]);
    expect(report.body.sampleRatio).toEqual({ pValue: null, mismatch: false });
  });

  it('refuses variants that leave the original nothing, with nothing saved', async () => {
    const before = await admin('/v1/admin/campaigns');
    const res = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: ws.secretKey,
      body: campaignInput({
        name: 'Too many copies',
        variants: [
          { key: 'b', percent: 50, content: { en: { title: 'B' } } },
          { key: 'c', percent: 50, content: { en: { title: 'C' } } },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/the variants take 100% of the treated accounts/);
    expect((await admin('/v1/admin/campaigns')).body.data).toHaveLength(before.body.data.length);
  });
});
