import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceById } from '../../../server/db/queries/workspaces.ts';
import type { RoiModel } from '../../../shared/campaign.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
const sk = () => ws.secretKey;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Campaigns' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
});
afterAll(() => ctx.close());

const configVersion = async () => (await findWorkspaceById(ctx.database.db, ws.workspaceId))?.configVersion;

describe('/v1/admin/campaigns', () => {
  it('creates a draft with defaults filled in and bumps the config version', async () => {
    const before = await configVersion();
    const res = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk(), body: campaignInput() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      version: 1,
      priority: 50,
      frequency: { maxImpressionsPerUser: 3 },
    });
    expect(await configVersion()).toBe((before ?? 0) + 1);
  });

  it('refuses products and bundles that do not exist, naming the field path', async () => {
    const res = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({
        target: { kind: 'bundle', bundleKey: 'suite' },
        audience: { ownsAll: ['core', 'nope'] },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.issues.map((i: { path: unknown[] }) => i.path);
    expect(paths).toEqual([
      ['target', 'bundleKey'],
      ['audience', 'ownsAll', 1],
    ]);
  });

  it('a live campaign cannot target a sunset product (it would block every account); a draft may', async () => {
    await seedProduct(ctx, ws.workspaceId, { key: 'legacy', role: 'sunset' });
    const body = campaignInput({ target: { kind: 'product', productKey: 'legacy' } });
    const live = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: { ...body, status: 'active' },
    });
    expect(live.status).toBe(400);
    expect(live.body.error.details.issues).toEqual([
      {
        path: ['target', 'productKey'],
        message: 'legacy is a sunset product: it is never offered',
        code: 'target_not_offerable',
      },
    ]);
    const draft = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk(), body });
    expect(draft.status).toBe(201);
    const activate = await call(ctx, 'POST', `/v1/admin/campaigns/${draft.body.id}/status`, {
      key: sk(),
      body: { status: 'active' },
    });
    expect([activate.status, activate.body.error.details.issues[0].code]).toEqual([
      400,
      'target_not_offerable',
    ]);
  });

  it('refuses copy naming a variable the engine cannot fill with 400, naming the locale, field and variable', async () => {
    const content = {
      en: { title: 'Running out of room?', body: 'You won {{offer.prize}}!' },
      de: { title: 'Hallo {{account.name | Team}}', roiLine: '{{account.attributes.roi_hours}} h' },
    };
    const res = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({ content }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_failed',
      message: 'body.content.en.body: {{offer.prize}} is not a variable the engine can fill (and 1 more)',
    });
    expect(res.body.error.details.issues).toEqual([
      {
        path: ['content', 'en', 'body'],
        message: '{{offer.prize}} is not a variable the engine can fill',
        code: 'unknown_template_variable',
      },
      {
        path: ['content', 'de', 'title'],
        message: '{{account.name | Team}} is not a variable the engine can fill',
        code: 'unknown_template_variable',
      },
    ]);
  });

  it('refuses an update whose copy names a variable the offer never fills, and keeps the saved version', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({ name: 'Annual' }),
    });
    const id = created.body.id;
    const content = { en: { title: 'Save with {{offer.annualPrice}} a year' } };
    const res = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Annual', content }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      {
        path: ['content', 'en', 'title'],
        message:
          '{{offer.annualPrice}} is never filled: the offer has no annual plan (set offer.annualPercentOff)',
        code: 'unknown_template_variable',
      },
    ]);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).body.version).toBe(1);
    const fixed = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Annual', content, offer: { annualPercentOff: 15 } }),
    });
    expect(fixed.status).toBe(200);
  });

  it('refuses ROI variables the campaign has no ROI model or hourly rate for with 400, naming the field', async () => {
    const content = { en: { title: 'Save time', roiLine: 'About {{roi.valuePerYear}} a year' } };
    const issues = async (roi?: RoiModel) => {
      const res = await call(ctx, 'POST', '/v1/admin/campaigns', {
        key: sk(),
        body: campaignInput({ name: 'ROI', content, roi }),
      });
      return res.status === 400 ? res.body.error.details.issues : res.status;
    };
    expect(await issues()).toEqual([
      {
        path: ['content', 'en', 'roiLine'],
        message:
          '{{roi.valuePerYear}} is never filled: the campaign has no ROI model (set roi.hoursSavedPerSeatPerWeek)',
        code: 'unknown_template_variable',
      },
    ]);
    expect((await issues({ hoursSavedPerSeatPerWeek: 5 }))[0].message).toBe(
      '{{roi.valuePerYear}} is never filled: the ROI model has no hourly rate (set roi.hourlyRate)',
    );
    expect(
      await issues({ hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7_500, currency: 'USD' } }),
    ).toBe(201);
  });

  it('answers 400 for an invalid definition and 404 for an unknown campaign', async () => {
    const bad = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk(), body: { name: 'x' } });
    expect(bad.status).toBe(400);
    const missing = await call(ctx, 'GET', '/v1/admin/campaigns/00000000-0000-4000-8000-000000000001', {
      key: sk(),
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('campaign_not_found');
  });

  it('updates with version + 1, keeps a revision per change with its actor, and honours If-Match', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({ name: 'Edit me' }),
    });
    const id = created.body.id;
    const updated = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Edited', priority: 80 }),
      headers: { 'if-match': '1' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Edited', priority: 80, version: 2 });
    const stale = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: sk(),
      body: campaignInput({ name: 'Lost update' }),
      headers: { 'if-match': '1' },
    });
    expect(stale.status).toBe(409);
    const revisions = await call(ctx, 'GET', `/v1/admin/campaigns/${id}/revisions`, { key: sk() });
    expect(
      revisions.body.data.map((r: { version: number; action: string; actor: string }) => [
        r.version,
        r.action,
        r.actor,
      ]),
    ).toEqual([
      [2, 'updated', 'api'],
      [1, 'created', 'api'],
    ]);
    expect(revisions.body.data[1].definition.name).toBe('Edit me');
    // A tab still at version 1 cannot flip the status either; one at the current version can.
    const staleStatus = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, {
      key: sk(),
      body: { status: 'archived' },
      headers: { 'if-match': '1' },
    });
    expect([staleStatus.status, staleStatus.body.error.details]).toEqual([409, { version: 2 }]);
    expect((await call(ctx, 'GET', `/v1/admin/campaigns/${id}`, { key: sk() })).body.status).toBe('draft');
    const current = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, {
      key: sk(),
      body: { status: 'archived' },
      headers: { 'if-match': '2' },
    });
    expect(current.body).toMatchObject({ status: 'archived', version: 3 });
  });

  it('moves through draft → active → paused → active → archived, and archived is final', async () => {
    const created = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: sk(),
      body: campaignInput({ name: 'Lifecycle' }),
    });
    const id = created.body.id;
    const to = (status: string) =>
      call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk(), body: { status } });
    expect((await to('active')).body.status).toBe('active');
    expect((await to('paused')).body.status).toBe('paused');
    expect((await to('active')).body.status).toBe('active');
    const archived = await to('archived');
    expect(archived.body).toMatchObject({ status: 'archived', version: 5 });
    const again = await to('active');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const edit = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, { key: sk(), body: campaignInput() });
    expect(edit.status).toBe(409);
  });

  it('duplicates as a new draft named "(copy)"', async () => {
    const id = await activeCampaign(ctx, sk(), campaignInput({ name: 'Original' }));
    const copy = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/duplicate`, { key: sk() });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Original (copy)', status: 'draft', version: 1 });
    expect(copy.body.id).not.toBe(id);
  });

  it('lists newest first with a cursor, filters by status and carries key figures', async () => {
    const page1 = await call(ctx, 'GET', '/v1/admin/campaigns?limit=2', { key: sk() });
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.data[0].stats).toEqual({
      served: 0,
      heldOut: 0,
      shown: 0,
      clicked: 0,
      dismissed: 0,
      conversions: 0,
      conversionRate: 0,
    });
    const all: string[] = page1.body.data.map((c: { id: string }) => c.id);
    let cursor = page1.body.nextCursor;
    while (cursor) {
      const next = await call(ctx, 'GET', `/v1/admin/campaigns?limit=2&cursor=${cursor}`, { key: sk() });
      all.push(...next.body.data.map((c: { id: string }) => c.id));
      cursor = next.body.nextCursor;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const active = await call(ctx, 'GET', '/v1/admin/campaigns?status=active', { key: sk() });
    expect(active.body.data.every((c: { status: string }) => c.status === 'active')).toBe(true);
    const badCursor = await call(ctx, 'GET', '/v1/admin/campaigns?cursor=zzz', { key: sk() });
    expect(badCursor.status).toBe(400);
  });

  it('does not show one workspace’s campaigns to another', async () => {
    const other = await createWorkspace(ctx, { name: 'Other' });
    const list = await call(ctx, 'GET', '/v1/admin/campaigns', { key: other.secretKey });
    expect(list.body.data).toEqual([]);
    const mine = await call(ctx, 'GET', '/v1/admin/campaigns?limit=1', { key: sk() });
    const peek = await call(ctx, 'GET', `/v1/admin/campaigns/${mine.body.data[0].id}`, {
      key: other.secretKey,
    });
    expect(peek.status).toBe(404);
  });
});

describe('/v1/admin/campaigns › audience estimate', () => {
  it('counts accounts and users eligible now and held out, for unsaved and saved definitions', async () => {
    const est = await createWorkspace(ctx, { name: 'Estimate' });
    await seedProduct(ctx, est.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, est.workspaceId, { key: 'capacity' });
    for (let i = 0; i < 6; i++) {
      await seedAccount(ctx, est.workspaceId, { id: `a${i}`, owns: ['core'], signupDaysAgo: i < 2 ? 2 : 60 });
      await seedUser(ctx, est.workspaceId, { id: `a${i}-admin`, accountId: `a${i}`, role: 'admin' });
      await seedUser(ctx, est.workspaceId, { id: `a${i}-member`, accountId: `a${i}`, role: 'member' });
      await setUsage(ctx, est.workspaceId, `a${i}`, 'reports', i % 2 === 0 ? 90 : 10, 100);
    }
    const definition = campaignInput({
      audience: { roles: ['admin'] },
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
    });
    const res = await call(ctx, 'POST', '/v1/admin/campaigns/estimate', {
      key: est.secretKey,
      body: definition,
    });
    expect(res.status).toBe(200);
    // a0, a2 and a4 are over 80%; a0 is still onboarding → a2 and a4, one admin each.
    expect(res.body).toMatchObject({
      accountsEvaluated: 6,
      accountsTotal: 6,
      eligibleAccounts: 2,
      eligibleUsers: 2,
      heldOutAccounts: 0,
      sampled: false,
    });
    const codes = res.body.topBlockers.map((b: { code: string }) => b.code);
    expect(codes).toContain('triggers.not_fired');
    // A test account is reached like any other, and said to be one: reports will not count it.
    expect(res.body.testAccounts).toBe(0);
    const marked = await call(ctx, 'PATCH', '/v1/admin/accounts/a2', {
      key: est.secretKey,
      body: { test: true },
    });
    expect(marked.status).toBe(200);
    const id = await activeCampaign(ctx, est.secretKey, definition);
    const saved = await call(ctx, 'GET', `/v1/admin/campaigns/${id}/estimate`, { key: est.secretKey });
    expect(saved.body).toMatchObject({ eligibleAccounts: 2, eligibleUsers: 2, testAccounts: 1 });
  });
});
