import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let ws: Awaited<ReturnType<typeof createWorkspace>>;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme analytics' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  await seedAccount(ctx, ws.workspaceId, { id: 'acme', signupDaysAgo: 40, owns: ['core'] });
  await seedUser(ctx, ws.workspaceId, { id: 'u-admin', accountId: 'acme', role: 'admin' });
  await setUsage(ctx, ws.workspaceId, 'acme', 'reports', 90, 100);
  const patched = await call(ctx, 'PATCH', '/v1/admin/settings', {
    key: ws.secretKey,
    body: { settings: { theme: { primaryColor: '#ffcc00', radius: 6 } } },
  });
  expect(patched.status).toBe(200);
  await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
      presentation: { format: 'callout', theme: { primaryColor: '#1e3a8a' } },
    }),
  );
});
afterAll(() => ctx.close());

describe('POST /v1/decide › themes', () => {
  it('carries the text colour that reads on each primary colour, worked out by the server', async () => {
    const res = await call(ctx, 'POST', '/v1/decide', {
      key: ws.publishableKey,
      token: await signUserToken(ws.identitySecret, { sub: 'u-admin', account: 'acme', role: 'admin' }),
      body: {},
    });
    expect(res.status).toBe(200);
    // A yellow brand takes near-black text; the campaign's navy override takes white.
    expect(res.body.theme).toMatchObject({ primaryColor: '#ffcc00', onPrimaryColor: '#000000', radius: 6 });
    expect(res.body.messages).toHaveLength(1);
    // The override names only its colour: the workspace's radius (6) is not reset to the default.
    expect(res.body.messages[0].theme).toEqual({ primaryColor: '#1e3a8a', onPrimaryColor: '#ffffff' });
  });
});
