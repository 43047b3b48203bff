import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCounters, events, purchases } from '../../../server/db/schema/index.ts';
import { EnvSchema, loadEnv } from '../../../server/env.ts';
import { pruneEvents } from '../../../server/services/event-retention.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { seedAccount, seedCampaign, seedProducts } from '../../support/money-builders.ts';

const DAY = 86_400_000;
let ctx: TestContext;
let sk: string;
let ws: string;
let campaignId: string;
let t0: Date;
const at = (days: number) => new Date(t0.getTime() + days * DAY).toISOString();

beforeAll(async () => {
  ctx = await createTestApp({ eventRetentionDays: 120 });
  ({ secretKey: sk, workspaceId: ws } = await createWorkspace(ctx));
  t0 = ctx.clock.now;
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'reports', amount: 4_900 },
  ]);
  campaignId = await seedCampaign(ctx, ws, 'reports', { motion: 'upsell_addon' });
  // Three buyers of reports at t0: one uses it on day 3, one on day 20, one not (yet).
  for (const accountId of ['quick', 'slow', 'idle']) {
    await seedAccount(ctx, ws, accountId);
    await ctx.database.db.insert(purchases).values({
      workspaceId: ws,
      idempotencyKey: randomUUID(),
      requestHash: 'x',
      accountId,
      userId: `${accountId}_u1`,
      productKey: 'reports',
      campaignId,
      offer: {},
      amount: 4_900,
      currency: 'USD',
      interval: 'month',
      status: 'completed',
      createdAt: new Date(at(0)),
    });
  }
});
afterAll(() => ctx.close());

/** Sends events through the host's server API, as received now (the test clock). */
async function send(
  list: Array<{ name: string; accountId: string; ts: string; props?: object; campaignId?: string }>,
) {
  const res = await call(ctx, 'POST', '/v1/admin/events', {
    key: sk,
    body: { events: list.map((e) => ({ id: randomUUID(), userId: `${e.accountId}_u1`, ...e })) },
  });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ accepted: list.length });
}
const clockAt = (days: number) => {
  ctx.clock.now = new Date(at(days));
};

/** Activated purchases within `days`, over a range holding the purchases. */
async function activated(days: number) {
  const q = new URLSearchParams({ from: at(-1), to: at(1), days: String(days) });
  const res = await call(ctx, 'GET', `/v1/admin/analytics/activation?${q}`, { key: sk });
  expect(res.status).toBe(200);
  const body = res.body as { purchases: number; activated: number };
  expect(body.purchases).toBe(3);
  return body.activated;
}

const rawNames = async () =>
  (await ctx.database.db.select({ name: events.name }).from(events).where(eq(events.workspaceId, ws)))
    .map((e) => e.name)
    .sort();
const counters = async () =>
  (
    await ctx.database.db
      .select({ name: eventCounters.name, count: eventCounters.count })
      .from(eventCounters)
      .where(and(eq(eventCounters.workspaceId, ws), eq(eventCounters.userId, '')))
  ).sort((a, b) => a.name.localeCompare(b.name));

/** The retention indexes, and whether each is valid (usable by the planner). */
const retentionIndexes = async () =>
  (
    await ctx.database.rows<{ name: string; valid: boolean }>(sql`
      select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname in ('events_prunable_received_idx', 'event_counters_day_idx') order by 1`)
  ).map((r) => `${r.name} ${r.valid ? 'valid' : 'invalid'}`);

describe('raw event retention', () => {
  it('is off unless configured, and refuses a retention shorter than a trial and its margin', async () => {
    expect(loadEnv({}).ATTACH_EVENT_RETENTION_DAYS).toBeUndefined();
    expect(loadEnv({ ATTACH_EVENT_RETENTION_DAYS: '365' }).ATTACH_EVENT_RETENTION_DAYS).toBe(365);
    expect(EnvSchema.safeParse({ ATTACH_EVENT_RETENTION_DAYS: '30' }).success).toBe(false);
    const unset = { ...ctx.deps, config: { ...ctx.deps.config, eventRetentionDays: undefined } };
    await send([{ name: 'page.viewed', accountId: 'idle', ts: at(0), props: { path: '/home' } }]);
    ctx.clock.advance(1_000 * DAY);
    try {
      expect(await pruneEvents(unset)).toEqual({
        settled: 0,
        pruned: 0,
        countersFolded: 0,
        talliesPruned: 0,
      });
      expect(await rawNames()).toEqual(['page.viewed']);
      // Nor does ingestion pay for the indexes retention walks until it is turned on.
      expect(await retentionIndexes()).toEqual([]);
    } finally {
      ctx.clock.now = new Date(t0);
    }
  });

  it('prunes page views and product events by arrival; activation, funnels and counters read the same', async () => {
    // The page view above arrived at t0. Later: each event arrives on its day, except a host's
    // backfill of idle's first use, 25 days late (ingestion takes events up to 30 days late).
    clockAt(3);
    await send([{ name: 'reports.exported', accountId: 'quick', ts: at(3) }]);
    clockAt(20);
    await send([
      { name: 'report.viewed', accountId: 'slow', ts: at(20), props: { product: 'reports' } },
      { name: 'page.viewed', accountId: 'slow', ts: at(20), props: { path: '/reports' } },
      { name: 'message.shown', accountId: 'idle', ts: at(1), campaignId },
    ]);
    clockAt(30);
    await send([{ name: 'reports.exported', accountId: 'idle', ts: at(5) }]);
    const countersBefore = await counters();
    expect([await activated(14), await activated(30)]).toEqual([2, 3]);

    // Nothing has been kept 120 days yet. The first run builds the indexes retention walks.
    clockAt(119);
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 0,
      pruned: 0,
      countersFolded: 0,
      talliesPruned: 0,
    });
    expect(await retentionIndexes()).toEqual([
      'event_counters_day_idx valid',
      'events_prunable_received_idx valid',
    ]);

    // Kept 120 days: what arrived before day 19 goes (the page view of t0, quick's first use), after
    // every purchase's first use among them was settled. A second run has nothing left to do.
    clockAt(139);
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 3,
      pruned: 2,
      countersFolded: 0,
      talliesPruned: 0,
    });
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 0,
      pruned: 0,
      countersFolded: 0,
      talliesPruned: 0,
    });
    expect(await rawNames()).toEqual(['message.shown', 'page.viewed', 'report.viewed', 'reports.exported']);
    expect([await activated(14), await activated(30)]).toEqual([2, 3]);

    // Day 160: the rest but the interaction goes; slow's first use and idle's late one were settled.
    clockAt(160);
    expect(await pruneEvents(ctx.deps)).toEqual({
      settled: 2,
      pruned: 3,
      countersFolded: 0,
      talliesPruned: 0,
    });
    // The interaction stays for the funnels; the counters, read by triggers and lifecycle, are untouched.
    expect(await rawNames()).toEqual(['message.shown']);
    expect(await counters()).toEqual(countersBefore);
    expect([await activated(14), await activated(30)]).toEqual([2, 3]);
  });

  it('an index build cut short (left invalid, as by a restart) is dropped and built again', async () => {
    await ctx.database.rows(
      sql`update pg_index set indisvalid = false where indexrelid = 'events_prunable_received_idx'::regclass`,
    );
    expect(await retentionIndexes()).toEqual([
      'event_counters_day_idx valid',
      'events_prunable_received_idx invalid',
    ]);
    await pruneEvents(ctx.deps);
    expect(await retentionIndexes()).toEqual([
      'event_counters_day_idx valid',
      'events_prunable_received_idx valid',
    ]);
  });
});
