import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions } from '../../../server/db/schema/index.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { campaignInput, seedProduct } from '../../support/engine-builders.ts';

/**
 * The lift's sample-ratio check, through the HTTP app. Arms are assigned by a fixed pattern rather
 * than the holdout hash, whose split varies with the (random) campaign id: the counts, and so the
 * verdicts, stay the same on every run.
 */
let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;
const t0 = new Date(Date.UTC(2026, 2, 1));

async function createCampaign(name: string, percent: number): Promise<string> {
  const res = await call(ctx, 'POST', '/v1/admin/campaigns', {
    key: ws.secretKey,
    body: campaignInput({ name, holdout: { percent } }),
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** One decision per account at a campaign version; `held(i)` puts the i-th account in the holdout. */
async function decide(
  campaignId: string,
  version: number,
  accountIds: string[],
  held: (i: number) => boolean,
) {
  const rows = accountIds.map((accountId, i) => ({
    workspaceId: ws.workspaceId,
    id: randomUUID(),
    campaignId,
    campaignVersion: version,
    accountId,
    userId: `${accountId}_u`,
    outcome: held(i) ? ('held_out' as const) : ('served' as const),
    holdout: held(i),
    channel: 'in_app' as const,
    targetKind: 'product',
    targetKey: 'capacity',
    motion: 'upsell_capacity',
    createdAt: new Date(t0.getTime() + version * 86_400_000),
  }));
  await ctx.database.db.insert(decisions).values(rows);
}

const accounts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function sampleRatioOf(campaignId: string) {
  const res = await call(
    ctx,
    'GET',
    `/v1/admin/analytics/lift?campaign=${campaignId}&from=${t0.toISOString()}&to=${new Date(t0.getTime() + 10 * 86_400_000).toISOString()}`,
    { key: ws.secretKey },
  );
  expect(res.status).toBe(200);
  return res.body.data[0].sampleRatio;
}

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'SRM' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
});
afterAll(() => ctx.close());

describe('GET /v1/admin/analytics/lift › sampleRatio', () => {
  it('reports the split the holdout % promised and no mismatch when it was kept', async () => {
    const id = await createCampaign('Kept', 20);
    await decide(id, 1, accounts('k', 400), (i) => i % 5 === 0);
    const ratio = await sampleRatioOf(id);
    expect(ratio).toMatchObject({ expectedHoldoutShare: 0.2, observedHoldoutShare: 0.2, mismatch: false });
    expect(ratio.pValue).toBeCloseTo(1, 6);
  });

  it('reports the setting exactly, however many accounts it is averaged over', async () => {
    // 7 × 10 % summed as shares and divided gives 0.09999999999999999; averaged in percent, 0.1.
    const id = await createCampaign('Seven', 10);
    await decide(id, 1, accounts('s', 7), (i) => i === 0);
    expect((await sampleRatioOf(id)).expectedHoldoutShare).toBe(0.1);
  });

  it('flags a mismatch when half the held-out accounts went unrecorded', async () => {
    const id = await createCampaign('Lossy', 20);
    // 40 of 360 held out where 72 were expected: χ² = 32²/72 + 32²/288 = 17.78, p = 2.5e-5.
    await decide(id, 1, accounts('l', 360), (i) => i % 9 === 0);
    const ratio = await sampleRatioOf(id);
    expect(ratio).toMatchObject({
      expectedHoldoutShare: 0.2,
      observedHoldoutShare: 40 / 360,
      mismatch: true,
    });
    expect(ratio.pValue).toBeCloseTo(2.48266e-5, 9);
  });

  it('weighs a holdout % changed mid-campaign by the accounts each version assigned', async () => {
    const id = await createCampaign('Changed', 10);
    const raised = await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
      key: ws.secretKey,
      body: campaignInput({ name: 'Changed', holdout: { percent: 30 } }),
    });
    expect(raised.body.version).toBe(2);
    // 200 accounts first decided at 10 % (20 held out), 200 at 30 % (60): 20 % expected, not today's 30 %.
    await decide(id, 1, accounts('v1_', 200), (i) => i % 10 === 0);
    await decide(id, 2, accounts('v2_', 200), (i) => i % 10 < 3);
    const ratio = await sampleRatioOf(id);
    expect(ratio.expectedHoldoutShare).toBeCloseTo(0.2, 12);
    expect(ratio).toMatchObject({ observedHoldoutShare: 0.2, mismatch: false });
  });
});
