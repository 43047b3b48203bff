import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGN_IDS } from '../../demo/seed/campaigns.ts';
import { type SeedResult, seedDemo } from '../../demo/seed/index.ts';
import { outboxDispatcher } from '../../server/jobs/outbox-dispatcher.ts';
import { call, createTestApp, type TestContext } from '../support/app.ts';

let ctx: TestContext;
let seeded: SeedResult;
let server: ServerType;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  // A listening server: Attach delivers webhooks to the demo, and the demo confirms through the
  // admin API, both over real HTTP to the public URL.
  const port = await freePort();
  ctx = await createTestApp({ publicUrl: `http://127.0.0.1:${port}` });
  server = serve({ fetch: ctx.app.fetch, port, hostname: '127.0.0.1' });
  const dataDir = await mkdtemp(join(tmpdir(), 'attach-demo-host-'));
  seeded = await seedDemo(ctx.deps, { dataDir, print: () => {} });
  // Seeding ~200k rows takes seconds on an idle machine, much longer on a busy CI runner.
}, 180_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

async function session(persona: string) {
  const res = await call(ctx, 'GET', `/demo/api/session?persona=${persona}`);
  expect(res.status).toBe(200);
  return res.body as {
    token: string;
    expiresAt: string;
    user: { id: string; accountId: string; role: string };
  };
}

/** Decides as the demo page's widget does: the global placement and the page's two slots. */
async function decideAs(persona: string, path = '/demo') {
  const { token } = await session(persona);
  return call(ctx, 'POST', '/v1/decide', {
    key: seeded.credentials.publishableKey,
    token,
    body: { placement: 'global', slots: ['top', 'billing'], page: { path } },
  });
}

function signed(body: string, secret: string, id = `msg_${Math.random().toString(36).slice(2)}`) {
  const at = new Date();
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

describe('demo host page', () => {
  it('GET /demo › embeds Attach with one script tag carrying the publishable key and a signed user token', async () => {
    const res = await call(ctx, 'GET', '/demo?persona=exporter');
    expect(res.status).toBe(200);
    const tags = res.text.match(/<script src="\/widget\.js"[^>]*>/g) ?? [];
    expect(tags).toHaveLength(1);
    expect(tags[0]).toContain(`data-key="${seeded.credentials.publishableKey}"`);
    expect(tags[0]).toMatch(/data-user-token="ey[\w.-]+"/);
    expect(res.text).toContain('data-attach-slot="billing"');
    expect(res.text).toContain('data-attach-slot="top"');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Under that policy only external scripts and the inert JSON boot block may appear.
    const inline = res.text.match(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/g) ?? [];
    expect(inline).toEqual([]);
    expect(res.text).not.toMatch(/\sstyle=/);
  });

  it('GET /demo/assets/demo.css › serves its own stylesheet; unknown assets are 404', async () => {
    const css = await call(ctx, 'GET', '/demo/assets/demo.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await call(ctx, 'GET', '/demo/assets/secrets.json')).status).toBe(404);
  });
});

describe('demo host backend', () => {
  it('GET /demo/api/session › signs a short-lived token that the real /v1/decide accepts', async () => {
    // An at-risk persona: it is served nothing, so the persona tests below start from clean caps.
    const { token, expiresAt, user } = await session('at_risk');
    expect(user).toMatchObject({ id: 'user_at_risk_admin', accountId: 'acct_at_risk', role: 'admin' });
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const res = await call(ctx, 'POST', '/v1/decide', {
      key: seeded.credentials.publishableKey,
      token,
      body: {},
    });
    expect(res.status).toBe(200);
  });

  it('GET /demo/api/session › refuses an unknown persona', async () => {
    const res = await call(ctx, 'GET', '/demo/api/session?persona=root');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('POST /demo/api/webhooks › rejects a bad signature and changes nothing', async () => {
    const body = JSON.stringify({
      type: 'trial.started',
      timestamp: new Date().toISOString(),
      data: { trial: { id: 'trial_forged', accountId: 'acct_exporter', productKey: 'automation' } },
    });
    const forged = signed(
      body,
      `whsec_${Buffer.from('not the secret, 32 bytes long...').toString('base64')}`,
    );
    const res = await call(ctx, 'POST', '/demo/api/webhooks', { body, headers: forged });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_signature');
    const state = await call(ctx, 'GET', '/demo/api/state?persona=exporter');
    expect(state.body.products.find((p: { key: string }) => p.key === 'automation').status).toBe('locked');
  });

  it('POST /demo/api/webhooks › a signed trial.started unlocks the add-on once, however often it is delivered', async () => {
    const secret = seeded.credentials.endpointSecret ?? '';
    const body = JSON.stringify({
      type: 'trial.started',
      timestamp: new Date().toISOString(),
      data: { trial: { id: 'trial_1', accountId: 'acct_team', productKey: 'automation' } },
    });
    const headers = signed(body, secret, 'msg_demo_trial_1');
    expect((await call(ctx, 'POST', '/demo/api/webhooks', { body, headers })).status).toBe(200);
    const again = await call(ctx, 'POST', '/demo/api/webhooks', { body, headers });
    expect(again.body).toEqual({ duplicate: true });
    const state = await call(ctx, 'GET', '/demo/api/state?persona=member');
    expect(state.body.products.find((p: { key: string }) => p.key === 'automation').status).toBe('trial');
    expect(state.body.fulfilments).toHaveLength(1);
  });

  it('POST /demo/api/webhooks › a signed test send is acknowledged and provisions nothing', async () => {
    const secret = seeded.credentials.endpointSecret ?? '';
    const body = JSON.stringify({
      type: 'trial.started',
      timestamp: new Date().toISOString(),
      test: true,
      data: { trial: { id: 'trial_sample', accountId: 'acct_exporter', productKey: 'automation' } },
    });
    const res = await call(ctx, 'POST', '/demo/api/webhooks', { body, headers: signed(body, secret) });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ignored: true });
    const state = await call(ctx, 'GET', '/demo/api/state?persona=exporter');
    expect(state.body.products.find((p: { key: string }) => p.key === 'automation').status).toBe('locked');
  });
});

describe('persona decisions through the real /v1/decide', () => {
  it('onboarding › sees nothing', async () => {
    const res = await decideAs('onboarding');
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([]);
  });
  it('power user › gets the Capacity Pack and may buy it', async () => {
    const res = await decideAs('power');
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({ campaignId: DEMO_CAMPAIGN_IDS.capacity, canPurchase: true });
    expect(res.body.messages[0].target.key).toBe('capacity-pack');
  });
  it('starter › is offered Professional with its Starter plan credited, ahead of the Capacity Pack', async () => {
    const res = await decideAs('starter');
    expect(res.body.messages).toHaveLength(1);
    const [message] = res.body.messages;
    expect(message).toMatchObject({
      campaignId: DEMO_CAMPAIGN_IDS.starterUpgrade,
      canPurchase: true,
      target: { kind: 'tier', key: 'lumen-professional' },
    });
    expect(message.offer).toMatchObject({
      listAmount: 49_900,
      amount: 30_000,
      credit: { key: 'lumen-starter', plan: 'starter', amount: 19_900 },
    });
    expect(message.content.body).toContain('uses 23 of the 25 dashboards');
  });
  it('exporter › gets Automation with a guided trial, as a banner docked under the header', async () => {
    const res = await decideAs('exporter');
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({
      campaignId: DEMO_CAMPAIGN_IDS.automation,
      format: 'banner',
      placement: 'top',
    });
    expect(res.body.messages[0].trial.plan.weeks.length).toBeGreaterThan(0);
  });
  it('member › gets Automation but cannot buy (ask your admin)', async () => {
    const res = await decideAs('member');
    expect(res.body.messages[0]).toMatchObject({
      campaignId: DEMO_CAMPAIGN_IDS.automation,
      canPurchase: false,
    });
    expect(res.body.messages[0].actions).toContain('ask_admin');
  });
  it('at-risk account › sees nothing', async () => {
    expect((await decideAs('at_risk')).body.messages).toEqual([]);
  });
  it('enterprise › is routed to sales', async () => {
    const res = await decideAs('enterprise');
    expect(res.body.messages[0]).toMatchObject({
      campaignId: DEMO_CAMPAIGN_IDS.enterpriseSso,
      channel: 'sales',
    });
  });
  it('power user on the billing page › the inline slot offers the next best product by affinity', async () => {
    const { token } = await session('power');
    const res = await call(ctx, 'POST', '/v1/decide', {
      key: seeded.credentials.publishableKey,
      token,
      body: { placement: 'global', slots: ['billing'], page: { path: '/demo/settings' } },
    });
    const inline = res.body.messages.find(
      (m: { campaignId: string }) => m.campaignId === DEMO_CAMPAIGN_IDS.nextBest,
    );
    // Automation owners hold Warehouse Sync far more often than others: the designed affinity.
    expect(inline).toMatchObject({
      format: 'inline',
      placement: 'billing',
      target: { key: 'warehouse-sync' },
    });
    expect(inline.content.title).toBe('Teams like yours add Warehouse Sync');
  });
  it('holdout › sees nothing although eligible for the Capacity Pack', async () => {
    expect((await decideAs('holdout')).body.messages).toEqual([]);
  });
});

/** Buys the persona's offer as the widget's one-click purchase does, after checking what it is. */
async function buyWhatIsOffered(persona: string, productKey: string, billing?: 'annual') {
  const { token } = await session(persona);
  const [message] = (await decideAs(persona)).body.messages;
  expect(message.target.key).toBe(productKey);
  const bought = await call(ctx, 'POST', '/v1/purchases', {
    key: seeded.credentials.publishableKey,
    token,
    headers: { 'idempotency-key': `demo-test-${persona}-${productKey}` },
    body: { decisionId: message.decisionId, productKey, offerVersion: message.offer.version, billing },
  });
  expect(bought.status).toBe(201);
  return bought;
}

/** The account's MRR as Attach holds it, read through the host-data API. */
async function mrrOf(accountId: string): Promise<number> {
  const res = await call(ctx, 'GET', `/v1/admin/accounts/${accountId}`, {
    key: seeded.credentials.secretKey,
  });
  expect(res.status).toBe(200);
  return res.body.mrr;
}

describe('fulfilment: a purchase in the widget unlocks the add-on in the demo product', () => {
  it('POST /v1/purchases › Attach signs purchase.created to the demo backend, which provisions it', async () => {
    const before = await mrrOf('acct_power');
    const bought = await buyWhatIsOffered('power', 'capacity-pack', 'annual');
    // $99/month with 15% off for a year: $1,009.80 a year.
    expect([bought.body.amount, bought.body.interval]).toEqual([100_980, 'year']);
    await outboxDispatcher.run(ctx.deps);
    const state = await call(ctx, 'GET', '/demo/api/state?persona=power');
    expect(state.body.products.find((p: { key: string }) => p.key === 'capacity-pack').status).toBe(
      'unlocked',
    );
    // The pack adds 400 dashboards and 50M rows; the demo backend syncs the new quotas back.
    expect(state.body.usage).toEqual(
      expect.arrayContaining([
        { metric: 'dashboards', value: 88, limit: 500 },
        { metric: 'data_rows_millions', value: 25, limit: 100 },
      ]),
    );
    expect(state.body.fulfilments).toEqual([
      expect.objectContaining({
        productKey: 'capacity-pack',
        kind: 'purchase',
        confirmedAt: expect.any(String),
      }),
    ]);
    // The demo confirmed through POST /v1/admin/purchases/{id}/fulfil with its secret key.
    const listed = await call(ctx, 'GET', '/v1/admin/purchases?account=acct_power', {
      key: seeded.credentials.secretKey,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.purchases).toEqual([
      expect.objectContaining({ id: bought.body.id, status: 'completed' }),
    ]);
    // Billed like any sale: the account's MRR rose by the year's charge over twelve months.
    expect(await mrrOf('acct_power')).toBe(before + 8_415);
    // purchase.fulfilled follows; delivering it changes nothing more in the demo.
    await outboxDispatcher.run(ctx.deps);
    const after = await call(ctx, 'GET', '/demo/api/state?persona=power');
    expect(after.body.fulfilments).toHaveLength(1);
    expect(await mrrOf('acct_power')).toBe(before + 8_415);
  });

  it('a purchase.created delivered again under a new message id › bills the purchase once', async () => {
    const before = await mrrOf('acct_power');
    const [purchase] = (
      await call(ctx, 'GET', '/v1/admin/purchases?account=acct_power', { key: seeded.credentials.secretKey })
    ).body.purchases;
    const body = JSON.stringify({
      type: 'purchase.created',
      timestamp: new Date().toISOString(),
      data: { purchase },
    });
    const headers = signed(body, seeded.credentials.endpointSecret ?? '', 'msg_demo_purchase_again');
    const res = await call(ctx, 'POST', '/demo/api/webhooks', { body, headers });
    expect([res.status, res.body]).toEqual([200, { received: 'purchase.created' }]);
    expect(await mrrOf('acct_power')).toBe(before);
  });

  it('a tier upgrade › switches the plan, and the demo backend syncs the new plan’s quotas and MRR back', async () => {
    const before = await mrrOf('acct_bramble');
    await buyWhatIsOffered('starter', 'lumen-professional');
    await outboxDispatcher.run(ctx.deps);
    const state = await call(ctx, 'GET', '/demo/api/state?persona=starter');
    expect(state.body.account.plan).toBe('professional');
    expect(state.body.usage).toEqual(
      expect.arrayContaining([
        { metric: 'dashboards', value: 23, limit: 100 },
        { metric: 'data_rows_millions', value: 5, limit: 50 },
      ]),
    );
    expect(state.body.fulfilments).toEqual([
      expect.objectContaining({
        productKey: 'lumen-professional',
        kind: 'purchase',
        confirmedAt: expect.any(String),
      }),
    ]);
    // Professional ($499) with Starter ($199) credited: $300 more a month.
    expect(await mrrOf('acct_bramble')).toBe(before + 30_000);
    // On Professional with room to spare: neither the upgrade nor the Capacity Pack is pitched.
    expect((await decideAs('starter')).body.messages).toEqual([]);
  });
});
