import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit.ts';
import { CAMPAIGN_FILE_FORMAT, CampaignFile } from '../../../shared/campaign-file.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { campaignInput, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
let staging: Awaited<ReturnType<typeof createWorkspace>>;
let liveId: string;
let draftId: string;

async function createCampaign(key: string, body: Record<string, unknown>): Promise<string> {
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key, body: campaignInput(body) });
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  ctx = await createTestApp();
  staging = await createWorkspace(ctx, { name: 'Acme staging' });
  await seedProduct(ctx, staging.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, staging.workspaceId, { key: 'capacity' });
  liveId = await createCampaign(staging.secretKey, {
    name: 'Capacity upsell (EU)',
    audience: { ownsAll: ['core'], segments: ['mid_market'] },
    holdout: { percent: 20 },
  });
  const live = await call(ctx, 'POST', `/v1/admin/campaigns/${liveId}/status`, {
    key: staging.secretKey,
    body: { status: 'active' },
  });
  expect(live.status, live.text).toBe(200);
  ctx.clock.advance(1_000);
  draftId = await createCampaign(staging.secretKey, { name: 'Second draft', priority: 70 });
  ctx.clock.advance(1_000);
  const archivedId = await createCampaign(staging.secretKey, { name: 'Old one' });
  const archived = await call(ctx, 'POST', `/v1/admin/campaigns/${archivedId}/status`, {
    key: staging.secretKey,
    body: { status: 'archived' },
  });
  expect(archived.status).toBe(200);
});
afterAll(() => ctx.close());

async function exported(path: string, key = staging.secretKey): Promise<CampaignFile> {
  const res = await call(ctx, 'GET', path, { key });
  expect(res.status, res.text).toBe(200);
  return CampaignFile.parse(res.body);
}

describe('campaign files', () => {
  it('exports one campaign as saved, as an attachment named after it, without figures or history', async () => {
    const res = await call(ctx, 'GET', `/v1/admin/campaigns/${liveId}/export`, { key: staging.secretKey });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="capacity-upsell-eu.campaigns.json"',
    );
    expect(CampaignFile.parse(res.body)).toMatchObject({
      format: CAMPAIGN_FILE_FORMAT,
      exportedAt: ctx.clock.now.toISOString(),
      source: { workspace: 'Acme staging' },
      campaigns: [
        {
          id: liveId,
          status: 'active',
          campaign: {
            name: 'Capacity upsell (EU)',
            target: { kind: 'product', productKey: 'capacity' },
            audience: { ownsAll: ['core'], segments: ['mid_market'] },
            holdout: { percent: 20 },
          },
        },
      ],
    });
    for (const key of ['id', 'status', 'version', 'stats', 'createdAt']) {
      expect(res.body.campaigns[0].campaign).not.toHaveProperty(key);
    }
  });

  it('exports every campaign not archived, oldest first, or those of a status', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/campaigns/export', { key: staging.secretKey });
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="acme-staging-campaigns.campaigns.json"',
    );
    const all = CampaignFile.parse(res.body);
    expect(all.campaigns.map((e) => [e.id, e.status])).toEqual([
      [liveId, 'active'],
      [draftId, 'draft'],
    ]);
    const archived = await exported('/v1/admin/campaigns/export?status=archived');
    expect(archived.campaigns.map((e) => e.campaign.name)).toEqual(['Old one']);
    const none = await call(ctx, 'GET', '/v1/admin/campaigns/export?status=paused', {
      key: staging.secretKey,
    });
    expect(none.status).toBe(404);
  });

  it('imports a file into another workspace as drafts, all or none, naming what that workspace lacks', async () => {
    const file = await exported('/v1/admin/campaigns/export');
    const production = await createWorkspace(ctx, { name: 'Acme production' });
    await seedProduct(ctx, production.workspaceId, { key: 'capacity' });
    const refused = await call(ctx, 'POST', '/v1/admin/campaigns/import', {
      key: production.secretKey,
      body: file,
    });
    expect(refused.status).toBe(400);
    expect(
      refused.body.error.details.issues.map((i: { path: unknown[]; code: string }) => [
        i.path.join('.'),
        i.code,
      ]),
    ).toEqual([['campaigns.0.campaign.audience.ownsAll.0', 'unknown_product']]);
    // All or none: the draft that could have been created was not.
    const before = await call(ctx, 'GET', '/v1/admin/campaigns', { key: production.secretKey });
    expect(before.body.data).toEqual([]);

    await seedProduct(ctx, production.workspaceId, { key: 'core', role: 'anchor' });
    const imported = await call(ctx, 'POST', '/v1/admin/campaigns/import', {
      key: production.secretKey,
      body: file,
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.created.map((c: { name: string }) => c.name)).toEqual([
      'Capacity upsell (EU)',
      'Second draft',
    ]);
    const ids: string[] = imported.body.created.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(liveId);
    for (const [i, id] of ids.entries()) {
      const campaign = await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: production.secretKey });
      expect(campaign.body).toMatchObject({ status: 'draft', version: 1, ...file.campaigns[i]?.campaign });
    }
    const audit = await call(ctx, 'GET', '/v1/admin/audit-log?action=campaign.imported', {
      key: production.secretKey,
    });
    expect(audit.body.data.map((e: AuditEntry) => e.target.name).sort()).toEqual([
      'Capacity upsell (EU)',
      'Second draft',
    ]);
    // Exported again, the copies are the same campaigns.
    const again = await exported('/v1/admin/campaigns/export', production.secretKey);
    expect(again.campaigns.map((e) => e.campaign)).toEqual(file.campaigns.map((e) => e.campaign));
  });

  it('refuses a file that is not a campaign file, or has no campaign, with 400 naming the field', async () => {
    const ws = await createWorkspace(ctx, { name: 'Bad files' });
    const file = await exported(`/v1/admin/campaigns/${draftId}/export`);
    for (const [body, field] of [
      [{ ...file, format: 'attach.campaign/0' }, 'format'],
      [{ ...file, campaigns: [] }, 'campaigns'],
      [{ ...file, campaigns: [{ campaign: { name: 'x' } }] }, 'campaigns'],
    ] as const) {
      const res = await call(ctx, 'POST', '/v1/admin/campaigns/import', { key: ws.secretKey, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path[0]).toBe(field);
    }
  });

  it('is read by any role; importing needs an editor; another workspace’s campaign is 404', async () => {
    const other = await createWorkspace(ctx, { name: 'Someone else' });
    const res = await call(ctx, 'GET', `/v1/admin/campaigns/${liveId}/export`, { key: other.secretKey });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('campaign_not_found');
    const viewer = await call(ctx, 'POST', '/v1/admin/api-keys', {
      key: staging.secretKey,
      body: { name: 'Reader', role: 'viewer' },
    });
    const file = await exported('/v1/admin/campaigns/export', viewer.body.key);
    const refused = await call(ctx, 'POST', '/v1/admin/campaigns/import', {
      key: viewer.body.key,
      body: file,
    });
    expect(refused.status).toBe(403);
  });
});
