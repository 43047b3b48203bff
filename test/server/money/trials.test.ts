import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, entitlements, outbox, usageMetrics } from '../../../server/db/schema/index.ts';
import { trialExpiry } from '../../../server/jobs/trial-expiry.ts';
import { WEBHOOK_MESSAGES } from '../../../shared/webhook-payloads.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedDecision, seedProducts } from '../../support/money-builders.ts';

let ctx: TestContext;
let creds: WorkspaceCredentials;
let ws: string;
let campaignId: string;
let noTrialCampaign: string;
let n = 0;
const DAY = 86_400_000;

const plan = {
  weeks: [
    {
      week: 1,
      title: 'Set up',
      steps: [{ id: 'first-report', title: 'Create a report', event: 'report.created' }],
    },
    {
      week: 2,
      title: 'First use case',
      steps: [{ id: 'five-reports', title: 'Five reports in use', metric: { name: 'reports', atLeast: 5 } }],
    },
  ],
  successCriteria: [
    { id: 'shared', title: 'Share three reports', event: 'report.shared', count: 3 },
    { id: 'two-created', title: 'Create two reports', event: 'report.created', count: 2 },
  ],
};

beforeAll(async () => {
  ctx = await createTestApp();
  creds = await createWorkspace(ctx);
  ws = creds.workspaceId;
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900, prerequisites: ['core'], trialDays: 14 },
    { key: 'alerts', amount: 1_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws, 'reports', { trial: { enabled: true, plan } });
  noTrialCampaign = await seedCampaign(ctx, ws, 'alerts');
});
afterAll(() => ctx.close());

async function setup(options: { role?: string; ownsCore?: boolean } = {}) {
  const accountId = `acc_${++n}`;
  const userId = `${accountId}_u`;
  await seedAccount(ctx, ws, accountId, {}, [{ id: userId, role: options.role ?? 'admin' }]);
  if (options.ownsCore !== false) {
    await ctx.database.db
      .insert(entitlements)
      .values({ workspaceId: ws, accountId, productKey: 'core', status: 'active', source: 'host' });
  }
  const decision = await seedDecision(ctx, ws, { campaignId, accountId, userId, productKey: 'reports' });
  const token = await signUserToken(creds.identitySecret, {
    sub: userId,
    account: accountId,
    role: options.role ?? 'admin',
  });
  return { accountId, userId, token, ...decision };
}

const start = (token: string, decisionId: string, productKey = 'reports') =>
  call(ctx, 'POST', '/v1/trials', { key: creds.publishableKey, token, body: { decisionId, productKey } });
const trials = (token: string) => call(ctx, 'GET', '/v1/trials', { key: creds.publishableKey, token });
const ingest = (token: string, names: string[], at = ctx.clock.now) =>
  call(ctx, 'POST', '/v1/events', {
    key: creds.publishableKey,
    token,
    body: { events: names.map((name) => ({ id: randomUUID(), name, ts: at.toISOString() })) },
  });

async function entitlementOf(accountId: string) {
  const [row] = await ctx.database.db
    .select()
    .from(entitlements)
    .where(
      and(
        eq(entitlements.workspaceId, ws),
        eq(entitlements.accountId, accountId),
        eq(entitlements.productKey, 'reports'),
      ),
    );
  return row;
}

async function outboxTypes(accountId: string) {
  const rows = await ctx.database.db.select().from(outbox).where(eq(outbox.workspaceId, ws));
  return rows
    .filter((r) => JSON.stringify(r.payload).includes(`"${accountId}"`))
    .map((r) => r.eventType)
    .sort();
}

describe('POST /v1/trials', () => {
  it('starts a trial: time-boxed trial entitlement, ownership bit, plan and trial.started', async () => {
    const s = await setup();
    const res = await start(s.token, s.decisionId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      productKey: 'reports',
      productName: 'Reports',
      daysLeft: 14,
    });
    expect(res.body.progress).toEqual({ completed: 0, total: 4 });
    const ent = await entitlementOf(s.accountId);
    expect(ent).toMatchObject({ id: res.body.entitlementId, status: 'trial', source: 'trial' });
    expect(ent?.endsAt?.getTime()).toBe(ctx.clock.now.getTime() + 14 * DAY);
    const [account] = await ctx.database.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, s.accountId)));
    expect(account?.productMask).toBe(0b11);
    expect(await outboxTypes(s.accountId)).toEqual(['trial.started']);
  });

  it('lists the active trial with the priced offer it started from, so "buy now" works on any device', async () => {
    const s = await setup();
    expect((await start(s.token, s.decisionId)).status).toBe(201);
    const list = await trials(s.token);
    expect(list.status).toBe(200);
    expect(list.body.trials).toHaveLength(1);
    expect(list.body.trials[0].decisionId).toBe(s.decisionId);
    expect(list.body.trials[0].offer).toEqual(s.offer);
    expect(list.body.trials[0].offer.version).toEqual(expect.any(String));
  });

  it('the admin API lists trials as the trial.* webhooks carry them, by account and status, page by page', async () => {
    const a = await setup();
    const b = await setup();
    const startedA = await start(a.token, a.decisionId);
    ctx.clock.advance(1_000);
    expect((await start(b.token, b.decisionId)).status).toBe(201);
    const admin = (query: string) => call(ctx, 'GET', `/v1/admin/trials?${query}`, { key: creds.secretKey });
    const ofA = await admin(`account=${a.accountId}`);
    expect(ofA.status).toBe(200);
    const [webhook] = await ctx.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, ws), eq(outbox.eventType, 'trial.started')))
      .then((rows) => rows.filter((r) => JSON.stringify(r.payload).includes(`"${a.accountId}"`)));
    expect(ofA.body).toEqual({ trials: [(webhook?.payload as { trial: unknown }).trial], nextCursor: null });
    expect(ofA.body.trials[0]).toMatchObject({ id: startedA.body.id, userId: a.userId, campaignId });
    // One per page, newest first, every active trial once: b (started later) before a.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin(`status=active&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.trials.map((t: { accountId: string }) => t.accountId));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await admin('status=active&limit=200');
    expect(paged).toEqual(all.body.trials.map((t: { accountId: string }) => t.accountId));
    expect(paged.indexOf(b.accountId)).toBeLessThan(paged.indexOf(a.accountId));
    expect(paged.indexOf(b.accountId)).toBeGreaterThanOrEqual(0);
    expect((await admin('status=converted')).body.trials.map((t: { id: string }) => t.id)).not.toContain(
      startedA.body.id,
    );
  });

  it('refuses with clear codes: already_owned, prerequisites_missing, not_offered, purchase_not_allowed', async () => {
    const s = await setup();
    expect((await start(s.token, s.decisionId)).status).toBe(201);
    expect((await start(s.token, s.decisionId)).body.error.code).toBe('already_owned');
    const bare = await setup({ ownsCore: false });
    const missing = await start(bare.token, bare.decisionId);
    expect([missing.status, missing.body.error.code, missing.body.error.details.missing]).toEqual([
      409,
      'prerequisites_missing',
      ['core'],
    ]);
    const alerts = await seedDecision(ctx, ws, {
      campaignId: noTrialCampaign,
      accountId: s.accountId,
      userId: s.userId,
      productKey: 'alerts',
    });
    expect((await start(s.token, alerts.decisionId, 'alerts')).body.error.code).toBe('not_offered');
    const member = await setup({ role: 'member' });
    const refused = await start(member.token, member.decisionId);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'purchase_not_allowed']);
    expect(await entitlementOf(member.accountId)).toBeUndefined();
  });

  it('completes steps and success criteria from ingested events and usage metrics since the start', async () => {
    const s = await setup();
    await ingest(s.token, ['report.created'], new Date(ctx.clock.now.getTime() - 3_600_000));
    ctx.clock.advance(60_000);
    expect((await start(s.token, s.decisionId)).status).toBe(201);
    ctx.clock.advance(60_000);
    expect((await ingest(s.token, ['report.created', 'report.shared', 'report.shared'])).status).toBe(202);
    let trial = (await trials(s.token)).body.trials[0];
    expect(trial.weeks[0].steps[0].completedAt).not.toBeNull();
    // The event before the trial started does not count: one of two reports so far.
    expect(trial.successCriteria.map((c: { completedAt: string | null }) => c.completedAt !== null)).toEqual([
      false,
      false,
    ]);
    ctx.clock.advance(DAY);
    await ingest(s.token, ['report.created', 'report.shared']);
    await ctx.database.db.insert(usageMetrics).values({
      workspaceId: ws,
      accountId: s.accountId,
      metric: 'reports',
      value: 6,
      updatedAt: ctx.clock.now,
    });
    trial = (await trials(s.token)).body.trials[0];
    expect(trial.progress).toEqual({ completed: 4, total: 4 });
    expect(trial.daysLeft).toBe(13);
    // A completion is kept even when the metric drops later.
    await ctx.database.db
      .update(usageMetrics)
      .set({ value: 1 })
      .where(eq(usageMetrics.accountId, s.accountId));
    expect((await trials(s.token)).body.trials[0].progress.completed).toBe(4);
  });
});

describe('trial expiry and conversion', () => {
  it('expires a lapsed trial: entitlement expired, ownership bit cleared, trial.expired; no second trial', async () => {
    const s = await setup();
    const started = await start(s.token, s.decisionId);
    ctx.clock.advance(13 * DAY);
    await trialExpiry.run(ctx.deps);
    expect((await entitlementOf(s.accountId))?.status).toBe('trial');
    ctx.clock.advance(DAY + 1);
    await trialExpiry.run(ctx.deps);
    const ent = await entitlementOf(s.accountId);
    expect(ent).toMatchObject({ id: started.body.entitlementId, status: 'expired' });
    const trial = (await trials(s.token)).body.trials[0];
    expect([trial.status, trial.daysLeft, trial.decisionId]).toEqual(['expired', 0, null]);
    const [account] = await ctx.database.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ws), eq(accounts.id, s.accountId)));
    expect(account?.productMask).toBe(0b1);
    expect(await outboxTypes(s.accountId)).toEqual(['trial.expired', 'trial.started']);
    const again = await start(s.token, s.decisionId);
    expect([again.status, again.body.error.code]).toEqual([409, 'already_trialled']);
  });

  it('expires the trial of an account erased meanwhile: trial.expired says it left no entitlement', async () => {
    const s = await setup();
    const started = await start(s.token, s.decisionId);
    expect(started.status).toBe(201);
    const erased = await call(ctx, 'DELETE', `/v1/admin/accounts/${s.accountId}`, { key: creds.secretKey });
    expect(erased.status).toBe(200);
    ctx.clock.advance(15 * DAY);
    await trialExpiry.run(ctx.deps);
    const rows = await ctx.database.db.select().from(outbox).where(eq(outbox.workspaceId, ws));
    const expired = rows.find(
      (r) => r.eventType === 'trial.expired' && JSON.stringify(r.payload).includes(started.body.id),
    );
    // The outbox holds the message's data; the envelope is added on delivery.
    const data = WEBHOOK_MESSAGES['trial.expired'].shape.data.parse(expired?.payload);
    expect(data.entitlement).toBeNull();
    expect(data.trial).toMatchObject({ id: started.body.id, status: 'expired' });
  });

  it('trial → purchase keeps the same entitlement id, now active, and emits trial.converted', async () => {
    const s = await setup();
    const started = await start(s.token, s.decisionId);
    ctx.clock.advance(5 * DAY);
    const bought = await call(ctx, 'POST', '/v1/purchases', {
      key: creds.publishableKey,
      token: s.token,
      body: { decisionId: s.decisionId, productKey: 'reports', offerVersion: s.offer.version },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(bought.status).toBe(201);
    expect(bought.body.entitlementId).toBe(started.body.entitlementId);
    const ent = await entitlementOf(s.accountId);
    expect(ent).toMatchObject({
      id: started.body.entitlementId,
      status: 'active',
      source: 'purchase',
      endsAt: null,
    });
    expect(ent?.startedAt.toISOString()).toBe(started.body.startedAt);
    expect((await trials(s.token)).body.trials[0].status).toBe('converted');
    expect(await outboxTypes(s.accountId)).toEqual(['purchase.created', 'trial.converted', 'trial.started']);
    ctx.clock.advance(30 * DAY);
    await trialExpiry.run(ctx.deps);
    expect((await entitlementOf(s.accountId))?.status).toBe('active');
  });
});
