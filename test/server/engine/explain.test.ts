import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
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

  it('does not explain another workspace’s account', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acme', { key: other.secretKey });
    expect(res.status).toBe(404);
  });
});
