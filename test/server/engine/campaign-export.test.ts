import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_FILE_FORMAT, CampaignFile } from '../../../shared/campaign-file.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { campaignInput, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
let staging: Awaited<ReturnType<typeof createWorkspace>>;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  staging = await createWorkspace(ctx, { name: 'Acme staging' });
  await seedProduct(ctx, staging.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, staging.workspaceId, { key: 'capacity' });
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
    key: staging.secretKey,
    body: campaignInput({
      name: 'Capacity upsell (EU)',
      audience: { ownsAll: ['core'], segments: ['mid_market'] },
      holdout: { percent: 20 },
    }),
  });
  expect(created.status, created.text).toBe(201);
  campaignId = created.body.id;
  // Live, so the file is seen to leave the status behind.
  const live = await call(ctx, 'POST', `/v1/admin/campaigns/${campaignId}/status`, {
    key: staging.secretKey,
    body: { status: 'active' },
  });
  expect(live.status, live.text).toBe(200);
});
afterAll(() => ctx.close());

const exportPath = (id: string) => `/v1/admin/campaigns/${id}/export`;

describe('GET /v1/admin/campaigns/{id}/export', () => {
  it('sends the definition as saved, as an attachment named after the campaign, without status or figures', async () => {
    const res = await call(ctx, 'GET', exportPath(campaignId), { key: staging.secretKey });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="capacity-upsell-eu.campaign.json"',
    );
    const file = CampaignFile.parse(res.body);
    expect(file).toMatchObject({
      format: CAMPAIGN_FILE_FORMAT,
      exportedAt: ctx.clock.now.toISOString(),
      source: { workspace: 'Acme staging', campaignId },
      campaign: {
        name: 'Capacity upsell (EU)',
        target: { kind: 'product', productKey: 'capacity' },
        audience: { ownsAll: ['core'], segments: ['mid_market'] },
        holdout: { percent: 20 },
      },
    });
    for (const key of ['id', 'status', 'version', 'stats', 'createdAt'])
      expect(res.body.campaign).not.toHaveProperty(key);
  });

  it('imports into another workspace as a draft when its products are there, and names those that are not', async () => {
    const { body: file } = await call(ctx, 'GET', exportPath(campaignId), { key: staging.secretKey });
    const production = await createWorkspace(ctx, { name: 'Acme production' });
    const missing = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: production.secretKey,
      body: file.campaign,
    });
    expect(missing.status).toBe(400);
    expect(
      missing.body.error.details.issues.map((i: { path: unknown[]; code: string }) => [
        i.path.join('.'),
        i.code,
      ]),
    ).toEqual([
      ['target.productKey', 'unknown_product'],
      ['audience.ownsAll.0', 'unknown_product'],
    ]);

    await seedProduct(ctx, production.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, production.workspaceId, { key: 'capacity' });
    const imported = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: production.secretKey,
      body: file.campaign,
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body).toMatchObject({ status: 'draft', version: 1, ...file.campaign });
    // Exported again, the copy is the same campaign.
    const again = await call(ctx, 'GET', exportPath(imported.body.id), { key: production.secretKey });
    expect(again.body.campaign).toEqual(file.campaign);
  });

  it('is read by any role, and is 404 for another workspace’s campaign', async () => {
    const other = await createWorkspace(ctx, { name: 'Someone else' });
    const res = await call(ctx, 'GET', exportPath(campaignId), { key: other.secretKey });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('campaign_not_found');
    const viewer = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: staging.secretKey,
      body: { name: 'Reader', role: 'viewer' },
    });
    expect((await call(ctx, 'GET', exportPath(campaignId), { key: viewer.body.key })).status).toBe(200);
  });
});
