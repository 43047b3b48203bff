import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_LINK_TTL_MS } from '../../../shared/preview-link.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { addConsoleUser, createWorkspaceWithOwner, OWNER, signIn } from '../../support/console.ts';
import {
  campaignInput,
  countRows,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
let draftId: string;
let buyer: string;
let member: string;

const definition = campaignInput({
  triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
  content: {
    en: { title: '{{account.name}} uses {{usage.reports.percent}}% of its reports', body: 'More room.' },
  },
});

const previewOf = (token: string, body: Record<string, unknown>, as = buyer) =>
  call(ctx, 'POST', '/v1/preview', { key: ws.publishableKey, token: as, body: { token, ...body } });

async function linkFor(campaignId: string, key = ws.secretKey) {
  const res = await call(ctx, 'POST', '/v1/admin/campaigns/preview-link', { key, body: { campaignId } });
  expect(res.status, res.text).toBe(200);
  return res.body as { token: string; expiresAt: string };
}

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspaceWithOwner(ctx, 'Acme analytics');
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  // 40% of its quota: the trigger has not fired, so a decision would show nothing.
  await seedAccount(ctx, ws.workspaceId, { id: 'calm', signupDaysAgo: 40, owns: ['core'] });
  await setUsage(ctx, ws.workspaceId, 'calm', 'reports', 40, 100);
  await seedUser(ctx, ws.workspaceId, { id: 'u-admin', accountId: 'calm', role: 'admin' });
  await seedUser(ctx, ws.workspaceId, { id: 'u-member', accountId: 'calm', role: 'member' });
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key: ws.secretKey, body: definition });
  expect(created.status).toBe(201);
  draftId = created.body.id;
  buyer = await signUserToken(ws.identitySecret, { sub: 'u-admin', account: 'calm', role: 'admin' });
  member = await signUserToken(ws.identitySecret, { sub: 'u-member', account: 'calm', role: 'member' });
});
afterAll(() => ctx.close());

describe('preview links', () => {
  it('show a draft to the user who opens one, filled for their account, whether or not it would be shown', async () => {
    const decided = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: buyer, body: {} });
    expect(decided.body.messages).toEqual([]);

    const link = await linkFor(draftId);
    expect(Date.parse(link.expiresAt) - ctx.clock.now.getTime()).toBe(PREVIEW_LINK_TTL_MS);
    const res = await previewOf(link.token, { page: { path: '/reports' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({
      preview: true,
      campaignId: draftId,
      content: { title: 'Account calm uses 40% of its reports' },
      canPurchase: true,
    });
    expect(res.body.theme).toBeDefined();
  });

  it('record nothing: no decision, no message state', async () => {
    const link = await linkFor(draftId);
    for (let i = 0; i < 3; i++) expect((await previewOf(link.token, {})).status).toBe(200);
    expect(await countRows(ctx, 'decisions', ws.workspaceId)).toBe(0);
    expect(await countRows(ctx, 'message_states', ws.workspaceId)).toBe(0);
  });

  it('follow the token’s role: a member gets ask-your-admin', async () => {
    const link = await linkFor(draftId);
    const res = await previewOf(link.token, {}, member);
    expect(res.body.messages[0]).toMatchObject({ canPurchase: false, actions: ['ask_admin'] });
  });

  it('show the campaign as saved when the page loads', async () => {
    const link = await linkFor(draftId);
    const patched = await call(ctx, 'PUT', `/v1/admin/campaigns/${draftId}`, {
      key: ws.secretKey,
      body: {
        ...definition,
        content: { en: { title: 'Edited after the link was made', body: 'More room.' } },
      },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await previewOf(link.token, {})).body.messages[0].content.title).toBe(
      'Edited after the link was made',
    );
  });

  it('stop working after 4 hours', async () => {
    const link = await linkFor(draftId);
    ctx.clock.advance(PREVIEW_LINK_TTL_MS);
    try {
      const res = await previewOf(link.token, {});
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('preview_link_expired');
    } finally {
      ctx.clock.advance(-PREVIEW_LINK_TTL_MS);
    }
  });

  it('refuse a forged token, or one of another workspace', async () => {
    const forged = await previewOf('v1.aaaa.bbbb.cccc', {});
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('preview_link_invalid');

    const other = await createWorkspace(ctx, { name: 'Globex' });
    await seedProduct(ctx, other.workspaceId, { key: 'capacity' });
    const theirs = await call(ctx, 'POST', '/v1/admin/campaigns', { key: other.secretKey, body: definition });
    const link = await linkFor(theirs.body.id, other.secretKey);
    const res = await previewOf(link.token, {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('preview_link_invalid');
    // The link of another workspace's campaign is not made from this one's key either.
    const crossed = await call(ctx, 'POST', '/v1/admin/campaigns/preview-link', {
      key: ws.secretKey,
      body: { campaignId: theirs.body.id },
    });
    expect(crossed.status).toBe(404);
  });

  it('need the end user’s signed token, as a decision does', async () => {
    const link = await linkFor(draftId);
    const res = await call(ctx, 'POST', '/v1/preview', {
      key: ws.publishableKey,
      body: { token: link.token },
    });
    expect(res.status).toBe(401);
  });

  it('may be made by a console viewer (nothing is stored)', async () => {
    const owner = await signIn(ctx, OWNER);
    await addConsoleUser(owner, { email: 'v@acme.test', password: 'viewer-password-1', role: 'viewer' });
    const viewer = await signIn(ctx, { email: 'v@acme.test', password: 'viewer-password-1' });
    const res = await viewer.call('POST', '/v1/admin/campaigns/preview-link', {
      body: { campaignId: draftId },
    });
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
  });

  it('answer 404 once the campaign is deleted', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key: ws.secretKey, body: definition });
    const link = await linkFor(created.body.id);
    expect(
      (await call(ctx, 'DELETE', `/v1/admin/campaigns/${created.body.id}`, { key: ws.secretKey })).status,
    ).toBe(204);
    const res = await previewOf(link.token, {});
    expect(res.status).toBe(404);
    // The link's own code: the widget ends the preview on it, as on an expired link.
    expect(res.body.error.code).toBe('preview_link_invalid');
  });
});
