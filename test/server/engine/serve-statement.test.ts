import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  releaseReservation,
  type ServeAttempt,
  type ServeResult,
  tryServe,
} from '../../../server/db/queries/decide.ts';
import { rawClient } from '../../../server/db/queries/raw.ts';
import { utcDay } from '../../../server/domain/time.ts';
import { createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { activeCampaign, campaignInput, seedProduct } from '../../support/engine-builders.ts';

/**
 * The serve statement's own guarantees, below decide's in-memory pre-check: what it does when the
 * state decide read is already stale (another call or instance served meanwhile).
 */
let ctx: TestContext;
let workspaceId: string;
const campaigns: string[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  const ws = await createWorkspace(ctx, { name: 'Serve statement' });
  workspaceId = ws.workspaceId;
  await seedProduct(ctx, workspaceId, { key: 'core', role: 'anchor' });
  await seedProduct(ctx, workspaceId, { key: 'capacity' });
  for (const name of ['First', 'Second', 'Third']) {
    campaigns.push(await activeCampaign(ctx, ws.secretKey, campaignInput({ name })));
  }
});
afterAll(() => ctx.close());

function attempt(userId: string, campaignId: string, outcome: ServeAttempt['outcome']): ServeAttempt {
  const now = ctx.clock.now;
  return {
    workspaceId,
    userId,
    accountId: 'acct',
    campaignId,
    campaignVersion: 1,
    day: utcDay(now),
    now,
    globalDailyCap: 3,
    maxImpressions: 10,
    minIntervalSeconds: 0,
    stopAfterDismissals: 3,
    dismissCooldownSeconds: 0,
    stopAfterConversion: true,
    accountDailyCap: null,
    accountPromptCap: null,
    decisionId: randomUUID(),
    placement: 'global',
    outcome,
    channel: 'in_app',
    targetKind: 'product',
    targetKey: 'capacity',
    motion: 'upsell_capacity',
    variant: null,
    plan: null,
    segment: null,
    offer: null,
    context: {},
  };
}

async function promptsToday(userId: string, count: number) {
  await ctx.database.rows(sql`
    insert into user_daily_prompts (workspace_id, user_id, day, count)
    values (${workspaceId}, ${userId}, ${utcDay(ctx.clock.now)}::date, ${count})`);
}

async function stored(userId: string) {
  const [row] = await ctx.database.rows<{ decisions: number; held: number; prompts: number }>(sql`
    select (select count(*)::int from decisions where workspace_id = ${workspaceId} and user_id = ${userId}) as decisions,
      (select count(*)::int from decisions where workspace_id = ${workspaceId} and user_id = ${userId}
        and outcome = 'held_out') as held,
      (select count from user_daily_prompts where workspace_id = ${workspaceId} and user_id = ${userId}) as prompts`);
  return row;
}

describe('the serve statement', () => {
  it('records a held-out exposure only while the daily quota has room, and never takes from it', async () => {
    await promptsToday('full', 3);
    const refused = await tryServe(
      rawClient(ctx.database),
      attempt('full', campaigns[0] as string, 'held_out'),
    );
    expect(refused).toMatchObject({ quota: 0, shown: 0 });
    expect(await stored('full')).toEqual({ decisions: 0, held: 0, prompts: 3 });

    await promptsToday('room', 2);
    const recorded = await tryServe(
      rawClient(ctx.database),
      attempt('room', campaigns[0] as string, 'held_out'),
    );
    expect(recorded).toMatchObject({ quota: 1, shown: 1 });
    expect(await stored('room')).toEqual({ decisions: 1, held: 1, prompts: 2 });
  });

  it("grants a user's served attempts in one batch in their order, up to the daily cap", async () => {
    await promptsToday('busy', 1);
    const client = rawClient(ctx.database);
    // Queued in one turn of the event loop: they leave in one statement.
    const results = await Promise.all(campaigns.map((c) => tryServe(client, attempt('busy', c, 'served'))));
    expect(results.map((r) => r.shown)).toEqual([1, 1, 0]);
    expect(results.map((r) => r.quota)).toEqual([1, 1, 0]);
    expect(await stored('busy')).toEqual({ decisions: 2, held: 0, prompts: 3 });
  });

  it("grants the account's attempts across its users up to the account-wide cap, and hands back a loser's", async () => {
    const client = rawClient(ctx.database);
    const capped = (userId: string, campaignId: string): ServeAttempt => ({
      ...attempt(userId, campaignId, 'served'),
      accountId: 'capped-acct',
      accountPromptCap: 2,
    });
    const accountPrompts = async () => {
      const [row] = await ctx.database.rows<{ count: number }>(sql`
        select coalesce(sum(count), 0)::int as count from account_daily_prompts
        where workspace_id = ${workspaceId} and account_id = 'capped-acct'`);
      return row?.count;
    };
    // Three users of one account in one statement: the first two (batch order) get the account's two.
    const results = await Promise.all(
      ['seat-a', 'seat-b', 'seat-c'].map((u) => tryServe(client, capped(u, campaigns[0] as string))),
    );
    expect(results.map((r) => [r.quota, r.accountQuota, r.shown])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(await accountPrompts()).toBe(2);
    await releaseReservation(client, capped('seat-c', campaigns[0] as string), results[2] as ServeResult);
    expect(await stored('seat-c')).toEqual({ decisions: 0, held: 0, prompts: 0 });

    // seat-a is at the campaign's impression cap: its attempt wins the account's quota (room again
    // after a hand-back) but loses at the message state, and handing back returns the quota.
    await ctx.database.rows(sql`
      update account_daily_prompts set count = 1 where workspace_id = ${workspaceId} and account_id = 'capped-acct'`);
    await ctx.database.rows(sql`
      update message_states set impressions = 10 where workspace_id = ${workspaceId} and user_id = 'seat-a'`);
    const lost = await tryServe(client, capped('seat-a', campaigns[0] as string));
    expect(lost).toMatchObject({ quota: 1, accountQuota: 1, shown: 0 });
    expect(await accountPrompts()).toBe(2);
    await releaseReservation(client, capped('seat-a', campaigns[0] as string), lost);
    expect(await accountPrompts()).toBe(1);
  });
});
