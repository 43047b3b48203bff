import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../server/db/schema/index.ts';
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

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Explain' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
  await seedAccount(ctx, ws.workspaceId, { id: 'acme', owns: ['core'], segment: 'smb' });
  await seedUser(ctx, ws.workspaceId, { id: 'pat', accountId: 'acme', role: 'member' });
  await setUsage(ctx, ws.workspaceId, 'acme', 'reports', 50, 100);
  ids.ready = await activeCampaign(ctx, ws.secretKey, campaignInput({ name: 'Ready' }));
  ids.blocked = await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      name: 'Blocked twice',
      audience: { segments: ['enterprise'], roles: ['admin'] },
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
    }),
  );
  const draft = await call(ctx, 'POST', '/v1/admin/campaigns', {
    key: ws.secretKey,
    body: campaignInput({ name: 'Draft' }),
  });
  ids.draft = draft.body.id;
});
afterAll(() => ctx.close());

describe('GET /v1/admin/explain', () => {
  it('lists every campaign with its verdict and all blocking reasons, plus the stage and its reasons', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acme&user=pat', { key: ws.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: 'acme', userId: 'pat', role: 'member', stage: 'activated' });
    expect(res.body.stageReasons.length).toBeGreaterThan(0);
    const byName = new Map(res.body.campaigns.map((c: { name: string }) => [c.name, c]));
    expect(byName.get('Ready')).toMatchObject({ eligible: true, campaignId: ids.ready });
    const blocked = byName.get('Blocked twice') as {
      eligible: boolean;
      reasons: Array<{ code: string; blocking: boolean }>;
    };
    expect(blocked.eligible).toBe(false);
    const blocking = blocked.reasons.filter((r) => r.blocking).map((r) => r.code);
    expect(blocking).toEqual(
      expect.arrayContaining(['audience.segment.excluded', 'audience.role.excluded', 'triggers.not_fired']),
    );
    // Blocking reasons come first; passing checks are listed too.
    expect(blocked.reasons[0]?.blocking).toBe(true);
    expect(blocked.reasons.some((r) => !r.blocking)).toBe(true);
    expect(byName.get('Draft')).toMatchObject({ eligible: false, status: 'draft' });
  });

  it('lets the product manager try another role', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acme&user=pat&role=admin', {
      key: ws.secretKey,
    });
    const blocked = res.body.campaigns.find((c: { name: string }) => c.name === 'Blocked twice');
    const codes = blocked.reasons
      .filter((r: { blocking: boolean }) => r.blocking)
      .map((r: { code: string }) => r.code);
    expect(codes).not.toContain('audience.role.excluded');
  });

  it('records nothing', async () => {
    await call(ctx, 'GET', '/v1/admin/explain?account=acme', { key: ws.secretKey });
    expect(await countRows(ctx, 'decisions', ws.workspaceId)).toBe(0);
    expect(await countRows(ctx, 'message_states', ws.workspaceId)).toBe(0);
  });

  it('answers 404 for an unknown account and 400 without one', async () => {
    const unknown = await call(ctx, 'GET', '/v1/admin/explain?account=nobody', { key: ws.secretKey });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const missing = await call(ctx, 'GET', '/v1/admin/explain', { key: ws.secretKey });
    expect(missing.status).toBe(400);
  });

  it('shows why copy with a variable the account has no value for is not served, and serves it once filled', async () => {
    const shop = await createWorkspace(ctx, { name: 'Copy holes' });
    await seedProduct(ctx, shop.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, shop.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, shop.workspaceId, { id: 'acme', owns: ['core'] });
    const content = {
      en: { title: 'More room', roiLine: 'Saves ~{{account.attributes.roi_hours}} h a week' },
    };
    const id = await activeCampaign(ctx, shop.secretKey, campaignInput({ name: 'ROI', content }));
    const decide = async () =>
      call(ctx, 'POST', '/v1/decide', {
        key: shop.publishableKey,
        token: await signUserToken(shop.identitySecret, { sub: 'kim', account: 'acme', role: 'admin' }),
        body: {},
      });

    expect((await decide()).body.messages).toEqual([]);
    expect(await countRows(ctx, 'decisions', shop.workspaceId)).toBe(0);
    const why = await call(ctx, 'GET', '/v1/admin/explain?account=acme', { key: shop.secretKey });
    const campaign = why.body.campaigns.find((c: { campaignId: string }) => c.campaignId === id);
    expect(campaign.eligible).toBe(false);
    expect(campaign.reasons[0]).toEqual({
      code: 'content.missing_value',
      message:
        'Copy (en) roiLine: {{account.attributes.roi_hours}} has no value for this account, so the message is not shown.',
      blocking: true,
    });

    await ctx.database.db
      .update(accounts)
      .set({ attributes: { roi_hours: 5 } })
      .where(and(eq(accounts.workspaceId, shop.workspaceId), eq(accounts.id, 'acme')));
    const served = (await decide()).body.messages;
    expect(served).toHaveLength(1);
    expect(served[0].content.roiLine).toBe('Saves ~5 h a week');
  });

  it('does not explain another workspace’s account', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acme', { key: other.secretKey });
    expect(res.status).toBe(404);
  });
});
