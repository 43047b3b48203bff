import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCampaignDaily,
  accountDailyPrompts,
  eventCounters,
  FOLDED_COUNTER_DAY,
  userDailyPrompts,
} from '../../../server/db/schema/index.ts';
import { DAY_MS, utcDay } from '../../../server/domain/time.ts';
import { pruneEvents } from '../../../server/services/event-retention.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';
import {
  activeCampaign,
  campaignInput,
  seedAccount,
  seedProduct,
  seedUser,
  setUsage,
} from '../../support/engine-builders.ts';

/**
 * With event retention on, daily counter days older than any trigger window (365 days, and a month
 * for late events) fold into one all-time row per account and name: a milestone ("has ever…")
 * still holds, windows read what they read before, and the table stops growing with every day.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ eventRetentionDays: 120 });
});
afterAll(() => ctx.close());

async function counted(workspaceId: string, userId: string, name: string, daysAgo: number, count: number) {
  const at = new Date(ctx.clock.now.getTime() - daysAgo * DAY_MS);
  await ctx.database.db.insert(eventCounters).values({
    workspaceId,
    accountId: 'veteran',
    userId,
    name,
    day: utcDay(at),
    count,
    firstAt: at,
    lastAt: at,
  });
}

describe('event retention › daily counters', () => {
  it('folds days beyond every window into an all-time row: milestones and windows read the same', async () => {
    const ws = await createWorkspace(ctx, { name: 'Folds' });
    await seedProduct(ctx, ws.workspaceId, { key: 'core', role: 'anchor' });
    await seedProduct(ctx, ws.workspaceId, { key: 'capacity' });
    await seedAccount(ctx, ws.workspaceId, { id: 'veteran', signupDaysAgo: 900, owns: ['core'] });
    await seedUser(ctx, ws.workspaceId, { id: 'first', accountId: 'veteran' });
    await setUsage(ctx, ws.workspaceId, 'veteran', 'reports', 10, 100);
    // The first report was built long ago; exports are recent. Per account ('') and per user.
    for (const userId of ['', 'first']) {
      await counted(ws.workspaceId, userId, 'report.built', 700, 2);
      await counted(ws.workspaceId, userId, 'report.built', 500, 1);
      await counted(ws.workspaceId, userId, 'report.exported', 100, 3);
    }
    // A day just inside the kept span (365 + 30 days) stays a day.
    await counted(ws.workspaceId, '', 'report.built', 394, 4);
    const campaignId = await activeCampaign(
      ctx,
      ws.secretKey,
      campaignInput({
        triggers: {
          type: 'all',
          triggers: [
            { type: 'milestone', event: 'report.built' },
            { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 180, scope: 'user' },
          ],
        },
        // Decided for again after each change, without waiting a day between prompts.
        frequency: { minIntervalHours: 0, maxImpressionsPerUser: 10 },
      }),
    );
    const decide = async (user: string) => {
      const token = await signUserToken(ws.identitySecret, { sub: user, account: 'veteran', role: 'admin' });
      const res = await call(ctx, 'POST', '/v1/decide', { key: ws.publishableKey, token, body: {} });
      expect(res.status).toBe(200);
      return res.body.messages.map((m: { campaignId: string }) => m.campaignId);
    };
    expect(await decide('first')).toEqual([campaignId]);

    const run = await pruneEvents(ctx.deps);
    expect(run).toEqual({ settled: 0, pruned: 0, countersFolded: 4, talliesPruned: 0 });
    const rows = await ctx.database.db
      .select({
        userId: eventCounters.userId,
        name: eventCounters.name,
        day: eventCounters.day,
        count: eventCounters.count,
      })
      .from(eventCounters)
      .where(eq(eventCounters.workspaceId, ws.workspaceId));
    const byDay = (r: { userId: string; name: string; day: string; count: number }) =>
      `${r.userId || '(account)'} ${r.name} ${r.day} ${r.count}`;
    expect(rows.map(byDay).sort()).toEqual(
      [
        `(account) report.built 1970-01-01 3`,
        `(account) report.built ${utcDay(new Date(ctx.clock.now.getTime() - 394 * DAY_MS))} 4`,
        `(account) report.exported ${utcDay(new Date(ctx.clock.now.getTime() - 100 * DAY_MS))} 3`,
        `first report.exported ${utcDay(new Date(ctx.clock.now.getTime() - 100 * DAY_MS))} 3`,
      ].sort(),
    );
    // The milestone now holds by the all-time row alone (the day kept beside it removed), and the
    // user's window by the user's recent day; without the all-time row it would not hold.
    const keptDay = utcDay(new Date(ctx.clock.now.getTime() - 394 * DAY_MS));
    await ctx.database.db.delete(eventCounters).where(eq(eventCounters.day, keptDay));
    expect(await decide('first')).toEqual([campaignId]);
    await ctx.database.db.delete(eventCounters).where(eq(eventCounters.day, FOLDED_COUNTER_DAY));
    expect(await decide('first')).toEqual([]);

    // Folding again adds to the all-time row.
    await counted(ws.workspaceId, '', 'report.built', 450, 5);
    await counted(ws.workspaceId, '', 'report.built', 460, 1);
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 0,
      pruned: 0,
      countersFolded: 2,
      talliesPruned: 0,
    });
    await counted(ws.workspaceId, '', 'report.built', 470, 2);
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 0,
      pruned: 0,
      countersFolded: 1,
      talliesPruned: 0,
    });
    const [allTime] = await ctx.database.db
      .select({ count: eventCounters.count })
      .from(eventCounters)
      .where(eq(eventCounters.day, FOLDED_COUNTER_DAY));
    expect(allTime?.count).toBe(8);
    expect(await decide('first')).toEqual([campaignId]);
  });

  it('deletes the daily cap tallies of days before the last week; today’s and the week’s stay', async () => {
    const ws = await createWorkspace(ctx, { name: 'Tallies' });
    const day = (daysAgo: number) => utcDay(new Date(ctx.clock.now.getTime() - daysAgo * DAY_MS));
    const w = ws.workspaceId;
    const campaignId = '00000000-0000-4000-8000-000000000001';
    for (const daysAgo of [0, 6, 8, 30]) {
      await ctx.database.db
        .insert(userDailyPrompts)
        .values({ workspaceId: w, userId: 'u', day: day(daysAgo), count: 1 });
      await ctx.database.db
        .insert(accountDailyPrompts)
        .values({ workspaceId: w, accountId: 'a', day: day(daysAgo), count: 1 });
      await ctx.database.db
        .insert(accountCampaignDaily)
        .values({ workspaceId: w, accountId: 'a', campaignId, day: day(daysAgo), count: 1 });
    }
    expect((await pruneEvents(ctx.deps)).talliesPruned).toBe(6);
    const days = async (
      table: typeof userDailyPrompts | typeof accountDailyPrompts | typeof accountCampaignDaily,
    ) =>
      (await ctx.database.db.select({ day: table.day }).from(table).where(eq(table.workspaceId, w)))
        .map((r) => r.day)
        .sort();
    const kept = [day(6), day(0)].sort();
    expect(await days(userDailyPrompts)).toEqual(kept);
    expect(await days(accountDailyPrompts)).toEqual(kept);
    expect(await days(accountCampaignDaily)).toEqual(kept);
  });
});
