import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyVariant } from '../../../server/domain/copy-variant.ts';
import { CampaignDefinition } from '../../../shared/campaign.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { campaignInput, seedAccount, seedProduct, seedUser } from '../../support/engine-builders.ts';

/**
 * A variant testing its own offer: the accounts given it are priced with its terms at decide and
 * again at purchase; the original's accounts keep the campaign's. Once the variant is gone, a
 * purchase from its decision is repriced with today's terms, like any changed offer.
 */
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;
const accountOf: Record<string, string> = {};
const input = campaignInput({
  name: 'Capacity, two offers',
  content: { en: { title: 'More room', body: '' } },
  variants: [
    {
      key: 'half-off',
      percent: 50,
      content: { en: { title: 'More room, half price for 3 months', body: '' } },
      offer: { intro: { percent: 50, months: 3 } },
    },
  ],
});

const tokenFor = (account: string) =>
  signUserToken(ws.identitySecret, { sub: `u-${account}`, account, role: 'admin' });
const decide = async (account: string) =>
  call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: await tokenFor(account), body: {} });
const buy = async (account: string, message: { decisionId: string; offer: { version: string } }) =>
  call(ctx, 'POST', '/v1/purchases', {
    key: ws.publishableKey,
    token: await tokenFor(account),
    body: { decisionId: message.decisionId, productKey: 'capacity', offerVersion: message.offer.version },
    headers: { 'idempotency-key': randomUUID() },
  });

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Offer test' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
    key: ws.secretKey,
    body: { ...input, status: 'active' },
  });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
  const definition = CampaignDefinition.parse(input);
  for (let i = 0; i < 20; i++) {
    const account = `acct-${i}`;
    await seedAccount(ctx, ws.workspaceId, { id: account, owns: ['core'] });
    await seedUser(ctx, ws.workspaceId, { id: `u-${account}`, accountId: account });
    accountOf[copyVariant(definition, campaignId, account).key] ??= account;
  }
});
afterAll(() => ctx.close());

describe('a variant testing its own offer', () => {
  it('prices its accounts with its terms and the original’s with the campaign’s, at decide and at purchase', async () => {
    expect(Object.keys(accountOf).sort()).toEqual(['half-off', 'original']);
    const variant = (await decide(accountOf['half-off'] as string)).body.messages[0];
    const original = (await decide(accountOf.original as string)).body.messages[0];
    expect(variant.variant).toBe('half-off');
    expect(variant.offer).toMatchObject({ listAmount: 4_900, amount: 2_450 });
    expect(variant.offer.discounts).toEqual([{ kind: 'intro', percent: 50, months: 3 }]);
    expect(original.offer).toMatchObject({ listAmount: 4_900, amount: 4_900, discounts: [] });
    expect(variant.offer.version).not.toBe(original.offer.version);

    const bought = await buy(accountOf['half-off'] as string, variant);
    expect(bought.status).toBe(201);
    expect(bought.body.amount).toBe(2_450);
    const full = await buy(accountOf.original as string, original);
    expect([full.status, full.body.amount]).toEqual([201, 4_900]);
  });

  it('reprices a purchase from a removed variant’s decision with today’s terms: 409 price_changed', async () => {
    // Another account of the variant, decided while it ran.
    const definition = CampaignDefinition.parse(input);
    const account = Array.from({ length: 20 }, (_, i) => `acct-${i}`).find(
      (a) => a !== accountOf['half-off'] && copyVariant(definition, campaignId, a).key === 'half-off',
    ) as string;
    const message = (await decide(account)).body.messages[0];
    expect(message.offer.amount).toBe(2_450);
    const current = await call(ctx, 'GET', `/v1/admin/campaigns/${campaignId}`, { key: ws.secretKey });
    const {
      id: _id,
      status: _s,
      version,
      deletable: _d,
      createdAt: _c,
      updatedAt: _u,
      stats: _st,
      ...rest
    } = current.body;
    const ended = await call(ctx, 'PUT', `/v1/admin/campaigns/${campaignId}`, {
      key: ws.secretKey,
      body: { ...rest, variants: [] },
      headers: { 'if-match': `"${version}"` },
    });
    expect(ended.status).toBe(200);
    const refused = await buy(account, message);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'price_changed']);
  });
});
