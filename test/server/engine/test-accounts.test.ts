import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldOut } from '../../../server/domain/holdout.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: WorkspaceCredentials;
let campaignId: string;
/** An account the campaign's 50 % holdout keeps, and one it shows the message to. */
let heldOut: string;
let treated: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Test accounts' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
  // No spacing: the held-out exposure recorded before the account is marked does not hide the message after.
  campaignId = await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({ holdout: { percent: 50 }, frequency: { minIntervalHours: 0 } }),
  );
  const ids = Array.from({ length: 40 }, (_, i) => `acct-${i}`);
  heldOut = ids.find((id) => isHeldOut(campaignId, id, 50)) as string;
  treated = ids.find((id) => !isHeldOut(campaignId, id, 50)) as string;
  for (const id of [heldOut, treated]) {
    await seedAccount(ctx, ws.workspaceId, { id, owns: ['core'] });
    await seedUser(ctx, ws.workspaceId, { id: `${id}-user`, accountId: id });
    await setUsage(ctx, ws.workspaceId, id, 'reports', 90, 100);
  }
});
afterAll(() => ctx.close());

async function decide(account: string) {
  const token = await signUserToken(ws.identitySecret, { sub: `${account}-user`, account, role: 'admin' });
  const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
  expect(res.status).toBe(200);
  return res.body.messages as Array<{ campaignId: string }>;
}

const markTest = (account: string, test: boolean) =>
  call(ctx, 'PATCH', `/v1/admin/accounts/${account}`, { key: ws.secretKey, body: { test } });

async function funnel() {
  // The clock stands still in tests: a period ending after it holds the decisions made at it.
  const to = new Date(ctx.clock.now.getTime() + 60_000).toISOString();
  const res = await call(ctx, 'GET', `/v1/admin/analytics/funnel?to=${to}`, { key: ws.secretKey });
  expect(res.status).toBe(200);
  return res.body.data.find((f: { campaignId: string }) => f.campaignId === campaignId);
}

async function listStats() {
  const res = await call(ctx, 'GET', '/v1/admin/campaigns', { key: ws.secretKey });
  expect(res.status).toBe(200);
  return res.body.data.find((c: { id: string }) => c.id === campaignId).stats;
}

describe('test accounts', () => {
  it('a held-out account sees nothing; marked as a test account it sees what the treatment sees', async () => {
    expect(await decide(heldOut)).toEqual([]);
    const marked = await markTest(heldOut, true);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ id: heldOut, test: true });
    expect((await decide(heldOut)).map((m) => m.campaignId)).toEqual([campaignId]);

    const explained = await call(ctx, 'GET', `/v1/admin/explain?account=${heldOut}&user=${heldOut}-user`, {
      key: ws.secretKey,
    });
    const verdict = explained.body.campaigns.find((c: { campaignId: string }) => c.campaignId === campaignId);
    expect(verdict.reasons.map((r: { code: string }) => r.code)).toContain('holdout.test_account');
  });

  it('leaves the test account out of the funnel and the campaigns list figures, its past included', async () => {
    expect((await decide(treated)).map((m) => m.campaignId)).toEqual([campaignId]);
    // The held-out decision before the mark and the served one after both belong to the test account.
    expect(await funnel()).toMatchObject({ eligible: 1, heldOut: 0, treated: 1 });
    expect(await listStats()).toMatchObject({ served: 1, heldOut: 0 });

    expect((await markTest(heldOut, false)).status).toBe(200);
    expect(await funnel()).toMatchObject({ eligible: 2, heldOut: 1, treated: 2 });
    expect(await listStats()).toMatchObject({ served: 2, heldOut: 1 });
  });

  it('leaves test accounts out of affinity and portfolio figures', async () => {
    const customers = async () => {
      const res = await call(ctx, 'GET', '/v1/admin/analytics/products-per-customer', { key: ws.secretKey });
      expect(res.status).toBe(200);
      return res.body.customers as number;
    };
    const affinityAccounts = async () => {
      const res = await call(ctx, 'POST', '/v1/admin/affinity/recompute', { key: ws.secretKey });
      expect(res.status).toBeLessThan(300);
      const read = await call(ctx, 'GET', '/v1/admin/affinity', { key: ws.secretKey });
      return read.body.overall.accounts as number;
    };
    expect(await customers()).toBe(2);
    expect(await affinityAccounts()).toBe(2);
    await markTest(treated, true);
    expect(await customers()).toBe(1);
    expect(await affinityAccounts()).toBe(1);
    await markTest(treated, false);
  });

  it('a batch can set the flag too, and leaves it alone when it does not name it', async () => {
    const post = (items: unknown[]) =>
      call(ctx, 'POST', '/v1/admin/accounts/batch', { key: ws.secretKey, body: { items } });
    expect((await post([{ id: 'qa-1', name: 'Our QA', test: true }])).status).toBe(200);
    expect((await post([{ id: 'qa-1', seats: 3 }])).status).toBe(200);
    const read = await call(ctx, 'GET', '/v1/admin/accounts/qa-1', { key: ws.secretKey });
    expect(read.body).toMatchObject({ test: true, seats: 3 });
  });

  it('refuses an unknown account, a flag that is not a boolean and an undeclared field', async () => {
    const missing = await markTest('nobody', true);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    for (const body of [{ test: 'yes' }, { test: true, name: 'Renamed' }, {}]) {
      const res = await call(ctx, 'PATCH', `/v1/admin/accounts/${treated}`, { key: ws.secretKey, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
