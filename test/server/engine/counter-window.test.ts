import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCounters } from '../../../server/db/schema/index.ts';
import { DAY_MS, utcDay } from '../../../server/domain/time.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

/**
 * Decide loads daily counters as far back as the longest active trigger window (the schema allows
 * 365 days), not a fixed horizon: three exports 120 days ago fire "3 exports within 180 days".
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function exportsDaysAgo(workspaceId: string, accountId: string, daysAgo: number, count: number) {
  const at = new Date(ctx.clock.now.getTime() - daysAgo * DAY_MS);
  await ctx.database.db.insert(eventCounters).values({
    workspaceId,
    accountId,
    userId: '',
    name: 'report.exported',
    day: utcDay(at),
    count,
    firstAt: at,
    lastAt: at,
  });
}

describe('POST /v1/decide › counter windows', () => {
  it('an event_count trigger counts events over its whole window, beyond 90 days', async () => {
    const ws = await createWorkspace(ctx, { name: 'Windows' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    for (const [account, daysAgo] of [
      ['long-ago', 120],
      ['too-long-ago', 200],
    ] as const) {
      await seedAccount(ctx, ws.workspaceId, { id: account, signupDaysAgo: 400, owns: ['core'] });
      await seedUser(ctx, ws.workspaceId, { id: `${account}-user`, accountId: account });
      await setUsage(ctx, ws.workspaceId, account, 'reports', 10, 100);
      await exportsDaysAgo(ws.workspaceId, account, daysAgo, 3);
    }
    const campaignId = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        triggers: {
          type: 'all',
          triggers: [
            { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 180, scope: 'account' },
          ],
        },
      }),
    );
    const decide = async (account: string) => {
      const token = await signUserToken(ws.identitySecret, {
        sub: `${account}-user`,
        account,
        role: 'admin',
      });
      const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
      expect(res.status).toBe(200);
      return res.body.messages.map((m: { campaignId: string }) => m.campaignId);
    };
    expect(await decide('long-ago')).toEqual([campaignId]);
    expect(await decide('too-long-ago')).toEqual([]);
  });

  it("explain reads the history a draft's longer window needs, beyond what active campaigns load", async () => {
    const ws = await createWorkspace(ctx, { name: 'Draft windows' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, ws.workspaceId, { id: 'exporter', signupDaysAgo: 400, owns: ['core'] });
    await exportsDaysAgo(ws.workspaceId, 'exporter', 120, 3);
    await activeCampaign(ctx, ws.secretKey, campaignInput({ name: 'Active, short history' }));
    const draft = await call(ctx, 'POST', '/v1/admin/campaigns', {
      key: ws.secretKey,
      body: campaignInput({
        name: 'Draft, 180-day window',
        triggers: {
          type: 'all',
          triggers: [
            { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 180, scope: 'account' },
          ],
        },
      }),
    });
    expect(draft.status).toBe(201);
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=exporter', { key: ws.secretKey });
    expect(res.status).toBe(200);
    const explained = res.body.campaigns.find((c: { campaignId: string }) => c.campaignId === draft.body.id);
    const codes = explained.reasons.map((r: { code: string }) => r.code);
    expect(codes).toContain('triggers.fired');
    expect(codes).toContain('status.inactive');
  });
});
