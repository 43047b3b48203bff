import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { productBody } from '../../support/catalog.ts';
import { campaignInput } from '../../support/engine-builders.ts';

const DAY = 86_400_000;
let ctx: TestContext;
let sk: string;
let id: string;
let start: Date;

beforeAll(async () => {
  ctx = await createTestApp();
  sk = (await createWorkspace(ctx)).secretKey;
  await call(ctx, 'POST', '/v1/admin/products', { key: sk, body: productBody('capacity') });
  start = ctx.clock.now;
  // Created and launched on day 0 (versions 1 and 2), its title rewritten on day 3, its holdout raised on day 6, paused on day 8.
  const created = await call(ctx, 'POST', '/v1/admin/campaigns', { key: sk, body: campaignInput() });
  id = created.body.id;
  await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk, body: { status: 'active' } });
  ctx.clock.advance(3 * DAY);
  const retitled = campaignInput({
    content: { en: { title: 'Running out of room?', body: 'Get more room.' } },
  });
  await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, { key: sk, body: retitled });
  ctx.clock.advance(3 * DAY);
  await call(ctx, 'PUT', `/v1/admin/campaigns/${id}`, {
    key: sk,
    body: { ...retitled, holdout: { percent: 20 } },
  });
  ctx.clock.advance(2 * DAY);
  await call(ctx, 'POST', `/v1/admin/campaigns/${id}/status`, { key: sk, body: { status: 'paused' } });
});
afterAll(() => ctx.close());

const daily = (fromDay: number, toDay: number) =>
  call(
    ctx,
    'GET',
    `/v1/admin/analytics/campaigns/${id}/daily?from=${new Date(start.getTime() + fromDay * DAY).toISOString()}&to=${new Date(start.getTime() + toDay * DAY).toISOString()}`,
    { key: sk },
  );

describe('GET /v1/admin/analytics/campaigns/{id}/daily: the campaign’s changes in the period', () => {
  it('lists each change in the period with its version, who made it and the fields it changed', async () => {
    const res = await daily(1, 7);
    expect(res.status).toBe(200);
    expect(
      res.body.changes.map((c: { version: number; action: string; actor: string; fields: string[] }) => [
        c.version,
        c.action,
        c.actor,
        c.fields,
      ]),
    ).toEqual([
      [3, 'updated', 'api', ['content.en.title']],
      [4, 'updated', 'api', ['holdout.percent']],
    ]);
    expect(res.body.changes[0].at).toBe(new Date(start.getTime() + 3 * DAY).toISOString());
  });

  it('includes the launch and the pause when the period does, and nothing for a quiet period', async () => {
    const whole = await daily(0, 9);
    expect(whole.body.changes.map((c: { action: string }) => c.action)).toEqual([
      'created',
      'activated',
      'updated',
      'updated',
      'paused',
    ]);
    expect((await daily(-30, -1)).body.changes).toEqual([]);
  });
});
