import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../../server/db/queries/raw.ts';
import { isHeldOut } from '../../../server/domain/holdout.ts';
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
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

/** A workspace with one eligible account and user, and one always-ready campaign. */
async function setup(settings: Record<string, unknown>, frequency: Record<string, unknown>) {
  const ws = await createWorkspace(ctx, { name: 'Caps', settings });
  await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
  await seedAccount(ctx, ws.workspaceId, { id: 'acct', owns: ['core'] });
  await seedUser(ctx, ws.workspaceId, { id: 'user', accountId: 'acct' });
  await setUsage(ctx, ws.workspaceId, 'acct', 'reports', 90, 100);
  const campaignId = await activeCampaign(ctx, ws.secretKey, campaignInput({ frequency }));
  const token = await signUserToken(ws.identitySecret, { sub: 'user', account: 'acct', role: 'admin' });
  return { ws, campaignId, token };
}

async function burst(key: string, token: string, n: number) {
  const responses = await Promise.all(
    Array.from({ length: n }, () => call(ctx, 'POST', '/v1/decide', { key, token, body: {} })),
  );
  for (const r of responses) expect(r.status).toBe(200);
  return responses.reduce((served, r) => served + r.body.messages.length, 0);
}

async function stored(workspaceId: string) {
  const [row] = await ctx.database.rows<{ served: number; impressions: number; prompts: number }>(sql`
    select (select count(*)::int from decisions where workspace_id = ${workspaceId} and outcome = 'served') as served,
      (select coalesce(sum(impressions), 0)::int from message_states where workspace_id = ${workspaceId}) as impressions,
      (select coalesce(sum(count), 0)::int from user_daily_prompts where workspace_id = ${workspaceId}) as prompts`);
  return row;
}

describe('POST /v1/decide › caps under concurrency', () => {
  it('50 concurrent calls for one user never exceed the impression cap', async () => {
    const { ws, token } = await setup(
      { globalDailyCapPerUser: 20 },
      { maxImpressionsPerUser: 3, minIntervalHours: 0 },
    );
    const served = await burst(ws.publishableKey, token, 50);
    expect(served).toBe(3);
    expect(await stored(ws.workspaceId)).toEqual({ served: 3, impressions: 3, prompts: 3 });
  });

  it('50 concurrent calls for one user never exceed the daily prompt cap', async () => {
    const { ws, token } = await setup(
      { globalDailyCapPerUser: 2 },
      { maxImpressionsPerUser: 10, minIntervalHours: 0 },
    );
    const served = await burst(ws.publishableKey, token, 50);
    expect(served).toBe(2);
    expect(await stored(ws.workspaceId)).toEqual({ served: 2, impressions: 2, prompts: 2 });
  });

  it('50 concurrent calls across the seats of one account never exceed the per-account daily cap', async () => {
    const { ws } = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 5, minIntervalHours: 0, maxImpressionsPerAccountPerDay: 4 },
    );
    const tokens = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await seedUser(ctx, ws.workspaceId, { id: `seat-${i}`, accountId: 'acct' });
        return signUserToken(ws.identitySecret, { sub: `seat-${i}`, account: 'acct', role: 'admin' });
      }),
    );
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: tokens[i % 10], body: {} }),
      ),
    );
    const served = responses.reduce((n, r) => n + r.body.messages.length, 0);
    expect(served).toBe(4);
    const [row] = await ctx.database.rows<{ n: number }>(
      sql`select coalesce(sum(count), 0)::int as n from account_campaign_daily where workspace_id = ${ws.workspaceId}`,
    );
    expect(row?.n).toBe(4);
  });

  it('50 concurrent users of 10 accounts (shared statements) hold every cap and record each serve once', async () => {
    const { ws } = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 1, minIntervalHours: 0, maxImpressionsPerAccountPerDay: 2 },
    );
    for (let a = 0; a < 10; a++) {
      await seedAccount(ctx, ws.workspaceId, { id: `a-${a}`, owns: ['core'] });
      await setUsage(ctx, ws.workspaceId, `a-${a}`, 'reports', 90, 100);
    }
    const tokens = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signUserToken(ws.identitySecret, { sub: `u-${i}`, account: `a-${i % 10}`, role: 'admin' }),
      ),
    );
    // Each user asks twice at once: the second call of a user can never be a second impression.
    const responses = await Promise.all(
      [...tokens, ...tokens].map((token) =>
        call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} }),
      ),
    );
    for (const r of responses) expect(r.status).toBe(200);
    const served = responses.reduce((n, r) => n + r.body.messages.length, 0);
    expect(served).toBe(20);
    expect(await stored(ws.workspaceId)).toEqual({ served: 20, impressions: 20, prompts: 20 });
    const perAccount = await ctx.database.rows<{ n: number }>(
      sql`select count::int as n from account_campaign_daily where workspace_id = ${ws.workspaceId}`,
    );
    expect(perAccount.map((r) => r.n)).toEqual(Array(10).fill(2));
  });

  it('with a minimum interval, a burst serves once', async () => {
    const { ws, token } = await setup(
      { globalDailyCapPerUser: 10 },
      { maxImpressionsPerUser: 5, minIntervalHours: 24 },
    );
    expect(await burst(ws.publishableKey, token, 50)).toBe(1);
  });
});

describe('POST /v1/decide › holdout', () => {
  it('records a held-out exposure and shows nothing; the treatment side is served', async () => {
    const ws = await createWorkspace(ctx, { name: 'Holdout' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    const campaignId = await activeCampaign(ctx, ws.secretKey, campaignInput({ holdout: { percent: 50 } }));
    const ids = Array.from({ length: 64 }, (_, i) => `h-${i}`);
    const held = ids.find((id) => isHeldOut(campaignId, id, 50));
    const treated = ids.find((id) => !isHeldOut(campaignId, id, 50));
    if (!held || !treated) throw new Error('64 accounts all on one side of a 50% split');
    for (const [account, expected] of [
      [held, 'held_out'],
      [treated, 'served'],
    ] as const) {
      await seedAccount(ctx, ws.workspaceId, { id: account, owns: ['core'] });
      await setUsage(ctx, ws.workspaceId, account, 'reports', 90, 100);
      // Two seats of one account land on the same side.
      for (const seat of ['a', 'b']) {
        const token = await signUserToken(ws.identitySecret, {
          sub: `${account}-${seat}`,
          account,
          role: 'admin',
        });
        const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
        expect(res.body.messages.length).toBe(expected === 'served' ? 1 : 0);
      }
      const rows = await ctx.database.rows<{ outcome: string; holdout: boolean }>(
        sql`select outcome, holdout from decisions where workspace_id = ${ws.workspaceId} and account_id = ${account}`,
      );
      expect(rows).toEqual([
        { outcome: expected, holdout: expected === 'held_out' },
        { outcome: expected, holdout: expected === 'held_out' },
      ]);
    }
  });
});

describe('POST /v1/decide › holdout beside a treatment campaign', () => {
  it('50 concurrent calls record the held-out exposure and serve the next campaign, each within its caps', async () => {
    const ws = await createWorkspace(ctx, { name: 'Mixed', settings: { globalDailyCapPerUser: 20 } });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedProduct(ctx, ws.workspaceId, { key: 'storage' });
    const frequency = { maxImpressionsPerUser: 3, minIntervalHours: 0 };
    const heldCampaign = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({ name: 'Held', priority: 90, holdout: { percent: 50 }, frequency }),
    );
    const servedCampaign = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        name: 'Served',
        priority: 10,
        target: { kind: 'product', productKey: 'storage' },
        frequency,
      }),
    );
    const account = Array.from({ length: 64 }, (_, i) => `m-${i}`).find((id) =>
      isHeldOut(heldCampaign, id, 50),
    );
    if (!account) throw new Error('64 accounts all on the treatment side of a 50% split');
    await seedAccount(ctx, ws.workspaceId, { id: account, owns: ['core'] });
    await setUsage(ctx, ws.workspaceId, account, 'reports', 90, 100);
    const token = await signUserToken(ws.identitySecret, { sub: 'user', account, role: 'admin' });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} }),
      ),
    );
    for (const r of responses) expect(r.status).toBe(200);
    const shown = responses.flatMap((r) => r.body.messages.map((m: { campaignId: string }) => m.campaignId));
    expect(shown).toEqual([servedCampaign, servedCampaign, servedCampaign]);
    const rows = await ctx.database.rows<{
      campaign: string;
      outcome: string;
      n: number;
      impressions: number;
    }>(sql`
      select d.campaign_id as campaign, d.outcome, count(*)::int as n, max(m.impressions)::int as impressions
      from decisions d join message_states m
        on m.workspace_id = d.workspace_id and m.user_id = d.user_id and m.campaign_id = d.campaign_id
      where d.workspace_id = ${ws.workspaceId}
      group by d.campaign_id, d.outcome order by d.outcome`);
    expect(rows).toEqual([
      { campaign: heldCampaign, outcome: 'held_out', n: 3, impressions: 3 },
      { campaign: servedCampaign, outcome: 'served', n: 3, impressions: 3 },
    ]);
    expect((await stored(ws.workspaceId))?.prompts).toBe(3);
  });
});

describe('POST /v1/decide › several placements', () => {
  async function twoPlacements(globalDailyCapPerUser: number) {
    const ws = await createWorkspace(ctx, { name: 'Placements', settings: { globalDailyCapPerUser } });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedProduct(ctx, ws.workspaceId, { key: 'storage' });
    await seedAccount(ctx, ws.workspaceId, { id: 'acct', owns: ['core'] });
    await setUsage(ctx, ws.workspaceId, 'acct', 'reports', 90, 100);
    const frequency = { maxImpressionsPerUser: 10, minIntervalHours: 0 };
    const callout = await activeCampaign(ctx, ws.secretKey, campaignInput({ name: 'Callout', frequency }));
    const inline = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        name: 'Inline',
        target: { kind: 'product', productKey: 'storage' },
        presentation: { format: 'inline', placement: 'sidebar' },
        frequency,
      }),
    );
    const token = await signUserToken(ws.identitySecret, { sub: 'user', account: 'acct', role: 'admin' });
    const ask = () =>
      call(ctx, 'POST', '/v1/decide', {
        key: ws.publishableKey,
        token,
        body: { placement: 'global', slots: ['sidebar'] },
      });
    return { ws, callout, inline, ask };
  }

  it('serves one message per placement in one call, each recorded', async () => {
    const { ws, callout, inline, ask } = await twoPlacements(20);
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { campaignId: string }) => m.campaignId)).toEqual([callout, inline]);
    expect(await stored(ws.workspaceId)).toEqual({ served: 2, impressions: 2, prompts: 2 });
  });

  it("gives the user's last daily prompt to the requested placement before its slots", async () => {
    const { ws, callout, ask } = await twoPlacements(1);
    const res = await ask();
    expect(res.body.messages.map((m: { campaignId: string }) => m.campaignId)).toEqual([callout]);
    expect(await stored(ws.workspaceId)).toEqual({ served: 1, impressions: 1, prompts: 1 });
  });

  it("writes both placements' decisions in one statement: one serve round trip per call", async () => {
    const { ws, ask } = await twoPlacements(20);
    expect((await ask()).body.messages).toHaveLength(2);
    // Rows written by one statement share its transaction id.
    const [row] = await ctx.database.rows<{ statements: number; decisions: number }>(sql`
      select count(distinct xmin::text)::int as statements, count(*)::int as decisions
      from decisions where workspace_id = ${ws.workspaceId}`);
    expect(row).toEqual({ statements: 1, decisions: 2 });
  });

  it('a two-placement call is two statements: the account state in one round trip, both serves in one', async () => {
    const { ask } = await twoPlacements(20);
    expect((await ask()).body.messages).toHaveLength(2); // campaign config cached, statements prepared
    const client = rawClient(ctx.database);
    const query = client.query;
    const sent: string[] = [];
    client.query = <T>(text: string, params: Parameters<typeof query>[1]) => {
      sent.push(text);
      return query.call<typeof client, [string, typeof params], Promise<T[]>>(client, text, params);
    };
    try {
      expect((await ask()).body.messages).toHaveLength(2);
    } finally {
      client.query = query;
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain("'promptsToday'");
    expect(sent[1]).toContain('insert into decisions');
  });

  it('with one daily prompt left, a two-placement call gives it to the requested placement only', async () => {
    const { ws, callout, ask } = await twoPlacements(3);
    expect((await ask()).body.messages).toHaveLength(2);
    const res = await ask();
    expect(res.body.messages.map((m: { campaignId: string }) => m.campaignId)).toEqual([callout]);
    expect(await stored(ws.workspaceId)).toEqual({ served: 3, impressions: 3, prompts: 3 });
  });

  it('20 concurrent two-placement calls with a daily cap of 3 serve 3 messages in all', async () => {
    const { ws, ask } = await twoPlacements(3);
    const responses = await Promise.all(Array.from({ length: 20 }, ask));
    for (const r of responses) expect(r.status).toBe(200);
    expect(responses.reduce((n, r) => n + r.body.messages.length, 0)).toBe(3);
    expect(await stored(ws.workspaceId)).toEqual({ served: 3, impressions: 3, prompts: 3 });
  });
});

describe('POST /v1/decide › routing', () => {
  it('routes an enterprise account to its CSM: a "talk to us" message and one lead with its webhook', async () => {
    const ws = await createWorkspace(ctx, { name: 'Routing' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, ws.workspaceId, { id: 'big', owns: ['core'], segment: 'enterprise' });
    await setUsage(ctx, ws.workspaceId, 'big', 'reports', 90, 100);
    const campaignId = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        routing: { rules: [{ channel: 'csm', segments: ['enterprise'] }] },
        frequency: { maxImpressionsPerUser: 5, minIntervalHours: 0 },
      }),
    );
    for (const sub of ['cto', 'cfo']) {
      const token = await signUserToken(ws.identitySecret, { sub, account: 'big', role: 'admin' });
      const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
      expect(res.body.messages[0]).toMatchObject({ campaignId, channel: 'csm', actions: ['contact'] });
    }
    const [row] = await ctx.database.rows<{
      leads: number;
      channel: string;
      name: string;
      webhooks: number;
    }>(sql`
      select (select count(*)::int from leads where workspace_id = ${ws.workspaceId}) as leads,
        (select channel from leads where workspace_id = ${ws.workspaceId} limit 1) as channel,
        (select context->'account'->>'name' from leads where workspace_id = ${ws.workspaceId} limit 1) as name,
        (select count(*)::int from outbox where workspace_id = ${ws.workspaceId} and event_type = 'lead.created') as webhooks`);
    // The CSM reads the account by its name, as the host synced it.
    expect(row).toEqual({ leads: 1, channel: 'csm', name: 'Account big', webhooks: 1 });
  });
});

describe('POST /v1/decide › the workspace cap of prompts per account', () => {
  /** Two campaigns any seat of `acct` is eligible for, under an account-wide cap. */
  async function accountCapSetup(globalDailyCapPerAccount: number, seats: number) {
    const { ws } = await setup(
      { globalDailyCapPerUser: 10, globalDailyCapPerAccount },
      { maxImpressionsPerUser: 1, minIntervalHours: 0 },
    );
    await seedProduct(ctx, ws.workspaceId, { key: 'storage' });
    await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        name: 'Storage',
        priority: 10,
        target: { kind: 'product', productKey: 'storage' },
        frequency: { maxImpressionsPerUser: 1, minIntervalHours: 0 },
      }),
    );
    const tokens = await Promise.all(
      Array.from({ length: seats }, async (_, i) => {
        await seedUser(ctx, ws.workspaceId, { id: `seat-${i}`, accountId: 'acct' });
        return signUserToken(ws.identitySecret, { sub: `seat-${i}`, account: 'acct', role: 'admin' });
      }),
    );
    return { ws, tokens };
  }

  async function promptRows(workspaceId: string) {
    const [row] = await ctx.database.rows<{ account: number; users: number; served: number }>(sql`
      select (select coalesce(sum(count), 0)::int from account_daily_prompts where workspace_id = ${workspaceId}) as account,
        (select coalesce(sum(count), 0)::int from user_daily_prompts where workspace_id = ${workspaceId}) as users,
        (select count(*)::int from decisions where workspace_id = ${workspaceId} and outcome = 'served') as served`);
    return row;
  }

  it('counts every campaign and every seat of the account, and explain names the cap', async () => {
    const { ws, tokens } = await accountCapSetup(3, 3);
    const decideAs = async (token: string) =>
      (await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} })).body.messages
        .length as number;
    // seat-0 gets both campaigns, seat-1 one: the account's third prompt. seat-2 gets nothing.
    expect([
      await decideAs(tokens[0] as string),
      await decideAs(tokens[0] as string),
      await decideAs(tokens[1] as string),
      await decideAs(tokens[2] as string),
    ]).toEqual([1, 1, 1, 0]);
    expect(await promptRows(ws.workspaceId)).toEqual({ account: 3, users: 3, served: 3 });
    const res = await call(ctx, 'GET', '/v1/admin/explain?account=acct&user=seat-2', { key: ws.secretKey });
    expect(res.status).toBe(200);
    for (const c of res.body.campaigns) {
      const blocking = c.reasons
        .filter((r: { blocking: boolean }) => r.blocking)
        .map((r: { code: string }) => r.code);
      expect(blocking).toEqual(['frequency.account_prompts_cap']);
    }
  });

  it('50 concurrent calls across 10 seats never exceed it, and hand back what the losers reserved', async () => {
    const { ws, tokens } = await accountCapSetup(4, 10);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token: tokens[i % 10], body: {} }),
      ),
    );
    for (const r of responses) expect(r.status).toBe(200);
    expect(responses.reduce((n, r) => n + r.body.messages.length, 0)).toBe(4);
    expect(await promptRows(ws.workspaceId)).toEqual({ account: 4, users: 4, served: 4 });
  });

  it('is not counted when the workspace leaves it unset', async () => {
    const { ws, token } = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 3, minIntervalHours: 0 },
    );
    await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
    expect(await promptRows(ws.workspaceId)).toEqual({ account: 0, users: 1, served: 1 });
  });
});

describe('DELETE /v1/admin/accounts/{id}/frequency', () => {
  const reset = (key: string, query = '') =>
    call(ctx, 'DELETE', `/v1/admin/accounts/acct/frequency${query}`, { key });
  const served = async (key: string, token: string) =>
    (await call(ctx, 'POST', '/v1/decide', { key, token, body: {} })).body.messages.length;

  it("forgets one user's impressions and daily prompts, so the capped user is offered the campaign again", async () => {
    const { ws, campaignId, token } = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 1, minIntervalHours: 0 },
    );
    expect(await served(ws.publishableKey, token)).toBe(1);
    expect(await served(ws.publishableKey, token)).toBe(0);
    const res = await reset(ws.secretKey, '?user=user');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accountId: 'acct',
      userId: 'user',
      campaignId: null,
      cleared: { messageStates: 1, userDailyPrompts: 1, accountDailyPrompts: 0, accountCampaignDaily: 0 },
    });
    expect(await served(ws.publishableKey, token)).toBe(1);
    // Decisions are history, not frequency state: analytics keep both serves.
    expect(await stored(ws.workspaceId)).toEqual({ served: 2, impressions: 1, prompts: 1 });
    expect(
      (await reset(ws.secretKey, `?user=user&campaign=${crypto.randomUUID()}`)).body.cleared.messageStates,
    ).toBe(0);
    expect(await served(ws.publishableKey, token)).toBe(0);
    const one = await reset(ws.secretKey, `?user=user&campaign=${campaignId}`);
    // One campaign's reset leaves the workspace-wide daily prompt count alone.
    expect(one.body.cleared).toEqual({
      messageStates: 1,
      userDailyPrompts: 0,
      accountDailyPrompts: 0,
      accountCampaignDaily: 0,
    });
    expect(await served(ws.publishableKey, token)).toBe(1);
  });

  it("a user's reset keeps the account's own caps; the account's reset clears them for every seat", async () => {
    const { ws, token } = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 5, minIntervalHours: 0, maxImpressionsPerAccountPerDay: 1 },
    );
    await seedUser(ctx, ws.workspaceId, { id: 'seat-2', accountId: 'acct' });
    const other = await signUserToken(ws.identitySecret, { sub: 'seat-2', account: 'acct', role: 'admin' });
    expect(await served(ws.publishableKey, token)).toBe(1);
    expect(await served(ws.publishableKey, other)).toBe(0);
    expect((await reset(ws.secretKey, '?user=user')).status).toBe(200);
    expect(await served(ws.publishableKey, other)).toBe(0);
    const res = await reset(ws.secretKey);
    expect(res.body.cleared).toMatchObject({ accountCampaignDaily: 1, userDailyPrompts: 0 });
    expect(await served(ws.publishableKey, other)).toBe(1);
  });

  it('touches only its own workspace, and refuses a malformed campaign or an undeclared parameter', async () => {
    const first = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 1, minIntervalHours: 0 },
    );
    const second = await setup(
      { globalDailyCapPerUser: 5 },
      { maxImpressionsPerUser: 1, minIntervalHours: 0 },
    );
    expect(await served(first.ws.publishableKey, first.token)).toBe(1);
    const elsewhere = await reset(second.ws.secretKey);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.cleared.messageStates).toBe(0);
    expect(await served(first.ws.publishableKey, first.token)).toBe(0);
    for (const query of ['?campaign=nope', '?account=acct']) {
      const bad = await reset(first.ws.secretKey, query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
    expect(
      (await call(ctx, 'DELETE', '/v1/admin/accounts/acct/frequency', { key: first.ws.publishableKey }))
        .status,
    ).toBe(401);
  });
});
