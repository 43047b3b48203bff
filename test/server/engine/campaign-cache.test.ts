import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput, seedAccount, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('campaign definitions cached by decide', () => {
  // Decide learns of a change only from the workspace's config version, read in the same round trip
  // as the account state: nothing in memory is told. So what holds here holds for an edit saved
  // through another instance.
  it('serve an edit and stop at a pause from the very next call', async () => {
    const ws = await createWorkspace(ctx, { name: 'Cached' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, ws.workspaceId, { id: 'acct', owns: ['core'] });
    const input = (title: string) =>
      campaignInput({
        content: { en: { title, body: 'Get more room.' } },
        frequency: { maxImpressionsPerUser: 10, minIntervalHours: 0 },
      });
    const id = await activeCampaign(ctx, ws.secretKey, input('More room'));
    const token = await signUserToken(ws.identitySecret, { sub: 'u1', account: 'acct', role: 'admin' });
    const titles = async () => {
      const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
      expect(res.status).toBe(200);
      return res.body.messages.map((m: { content: { title: string } }) => m.content.title);
    };
    expect(await titles()).toEqual(['More room']);

    const edited = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: ws.secretKey,
      body: input('Twice the room'),
    });
    expect(edited.status).toBe(200);
    expect(await titles()).toEqual(['Twice the room']);

    const paused = await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, {
      key: ws.secretKey,
      body: { status: 'paused' },
    });
    expect(paused.status).toBe(200);
    expect(await titles()).toEqual([]);
  });
});
