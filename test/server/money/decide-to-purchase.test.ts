import { randomUUID } from 'node:crypto';
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

/** The whole path through the real engine: decide → trial → buy, the offer version round-tripping. */
const DAY_MS = 86_400_000;
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme analytics' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  await seedAccount(ctx, ws.workspaceId, { id: 'acme', signupDaysAgo: 30, owns: ['core'] });
  await seedUser(ctx, ws.workspaceId, { id: 'u-admin', accountId: 'acme', role: 'admin' });
  await setUsage(ctx, ws.workspaceId, 'acme', 'reports', 85, 100);
  await activeCampaign(
    ctx,
    ws.secretKey,
    campaignInput({
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
      offer: { intro: { percent: 50, months: 3 }, annualPercentOff: 20 },
      trial: {
        enabled: true,
        days: 21,
        plan: {
          weeks: [
            {
              week: 1,
              title: 'Set up',
              steps: [{ id: 's', title: 'Raise a limit', event: 'capacity.raised' }],
            },
          ],
          successCriteria: [
            { id: 'a', title: 'Raise twice', event: 'capacity.raised', count: 2 },
            { id: 'b', title: 'Use 95%', metric: { name: 'reports', atLeast: 95 } },
          ],
        },
      },
    }),
  );
});
afterAll(() => ctx.close());

describe('decide → trial → purchase', () => {
  it('buys the offer decide served, at the price it showed, converting the trial in place', async () => {
    const token = await signUserToken(ws.identitySecret, { sub: 'u-admin', account: 'acme', role: 'admin' });
    const decided = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
    expect(decided.status).toBe(200);
    const [message] = decided.body.messages;
    expect(message.actions).toContain('trial');
    const trial = await call(ctx, 'POST', '/v1/trials', {
      key: ws.publishableKey,
      token,
      body: { decisionId: message.decisionId, productKey: 'capacity' },
    });
    expect([trial.status, trial.body.daysLeft]).toEqual([201, 21]);
    ctx.clock.advance(3 * DAY_MS);
    const bought = await call(ctx, 'POST', '/v1/purchases', {
      key: ws.publishableKey,
      token,
      body: { decisionId: message.decisionId, productKey: 'capacity', offerVersion: message.offer.version },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({
      amount: message.offer.amount,
      entitlementId: trial.body.entitlementId,
    });
    const again = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
    expect(again.body.messages).toEqual([]);
  });
});
