import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import {
  campaignInput,
  countRows,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

let ctx: TestContext;
let ws: Awaited<ReturnType<typeof createWorkspace>>;

const definition = campaignInput({
  triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'reports', atLeastPercent: 80 }] },
  content: {
    en: {
      title: '{{account.name}} uses {{usage.reports.percent}}% of its reports',
      body: 'Add {{product.name}} for {{offer.price}} a month.',
    },
  },
});
const preview = (body: Record<string, unknown>) =>
  call(ctx, 'POST', '/v1/admin/campaigns/preview', { key: ws.secretKey, body });

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme analytics' });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity', role: 'attach', amount: 4_900 });
  for (const [id, used] of [
    ['busy', 85],
    ['calm', 40],
  ] as const) {
    await seedAccount(ctx, ws.workspaceId, { id, signupDaysAgo: 40, owns: ['core'] });
    await setUsage(ctx, ws.workspaceId, id, 'reports', used, 100);
  }
  await seedUser(ctx, ws.workspaceId, { id: 'u-member', accountId: 'busy', role: 'member' });
});
afterAll(() => ctx.close());

describe('POST /v1/admin/campaigns/preview', () => {
  it('shows an unsaved definition as the account would get it: copy filled, offer priced, buy flow', async () => {
    const res = await preview({ definition, account: 'busy' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accountName: 'Account busy',
      eligible: true,
      holdout: false,
      blocking: [],
    });
    expect(res.body.message).toMatchObject({
      content: { title: 'Account busy uses 85% of its reports', body: 'Add capacity for $49.00 a month.' },
      offer: { key: 'capacity', amount: 4_900 },
      canPurchase: true,
    });
    expect(await countRows(ctx, 'decisions', ws.workspaceId)).toBe(0);
  });

  it("as a member: the account's own words, and ask-your-admin instead of buy", async () => {
    const res = await preview({ definition, account: 'busy', user: 'u-member' });
    expect(res.body.message).toMatchObject({ canPurchase: false, actions: ['ask_admin'] });
  });

  it('for an account it would not reach now: the message filled all the same, and what blocks it', async () => {
    const res = await preview({ definition, account: 'calm' });
    expect(res.status).toBe(200);
    expect(res.body.eligible).toBe(false);
    expect(res.body.blocking.map((r: { code: string }) => r.code)).toContain('triggers.not_fired');
    expect(res.body.message.content.title).toBe('Account calm uses 40% of its reports');
  });

  it('on a page the campaign may show on, unless another is given', async () => {
    const onSettings = {
      ...definition,
      presentation: { format: 'inline', placement: 'billing', pages: ['/settings/*'] },
    };
    expect((await preview({ definition: onSettings, account: 'busy' })).body.eligible).toBe(true);
    const elsewhere = await preview({ definition: onSettings, account: 'busy', path: '/reports' });
    expect(elsewhere.body.eligible).toBe(false);
    expect(elsewhere.body.blocking.map((r: { code: string }) => r.code)).toEqual(['page.mismatch']);
  });

  it('answers 404 for an account the host never synced and 400 for an invalid definition', async () => {
    const unknown = await preview({ definition, account: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const invalid = await preview({ definition: { ...definition, priority: 'high' }, account: 'busy' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
  });
});
