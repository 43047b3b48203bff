import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput, seedAccount, seedProduct } from '../../support/engine-builders.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const content = (title: string) => ({ en: { title, body: 'Get more.' } });

describe('GET /v1/admin/explain › what decide would pick', () => {
  it('marks the campaign decide shows and names it on the eligible ones it outranks', async () => {
    const ws = await createWorkspace(ctx, { name: 'Ranked' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedProduct(ctx, ws.workspaceId, { key: 'storage' });
    await seedAccount(ctx, ws.workspaceId, { id: 'acme', owns: ['core'] });
    const top = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({ name: 'Top', priority: 5, content: content('Top') }),
    );
    const under = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        name: 'Under',
        priority: 1,
        target: { kind: 'product', productKey: 'storage' },
        content: content('Under'),
      }),
    );
    const aside = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        name: 'Aside',
        priority: 1,
        target: { kind: 'product', productKey: 'storage' },
        presentation: { format: 'inline', placement: 'sidebar' },
        content: content('Aside'),
      }),
    );
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acme&user=pat', { key: ws.secretKey });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.campaigns.map((c: { campaignId: string }) => [c.campaignId, c]));
    expect(byId.get(top)).toMatchObject({ eligible: true, wouldServe: true });
    expect(byId.get(top)).not.toHaveProperty('outrankedBy');
    expect(byId.get(under)).toMatchObject({
      eligible: true,
      wouldServe: false,
      outrankedBy: { campaignId: top, name: 'Top' },
    });
    // Another placement: it competes there alone.
    expect(byId.get(aside)).toMatchObject({ eligible: true, wouldServe: true });

    // And decide agrees.
    const token = await signUserToken(ws.identitySecret, { sub: 'pat', account: 'acme', role: 'admin' });
    const decided = await call(ctx, 'POST', '/v1/decide', {
      key: ws.publishableKey,
      token,
      body: { placement: 'global', slots: ['sidebar'] },
    });
    expect(decided.body.messages.map((m: { campaignId: string }) => m.campaignId)).toEqual([top, aside]);
  });
});
