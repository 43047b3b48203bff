import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, decisions } from '../../../server/db/schema/index.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { makeEvent } from '../../bench/support/events.ts';
import { call, createTestApp, createWorkspace, signUserToken, type TestContext } from '../../support/app.ts';

const DAY = 24 * 60 * 60 * 1000;

let ctx: TestContext;
let ws: WorkspaceCredentials;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ws = await createWorkspace(ctx, { name: 'Acme' });
  campaignId = randomUUID();
  await ctx.database.db
    .insert(campaigns)
    .values({ workspaceId: ws.workspaceId, id: campaignId, name: 'Reports add-on', definition: {} });
});
afterAll(() => ctx.close());

async function decisionFor(userId: string, accountId: string): Promise<string> {
  const id = randomUUID();
  await ctx.database.db.insert(decisions).values({
    workspaceId: ws.workspaceId,
    id,
    campaignId,
    campaignVersion: 1,
    accountId,
    userId,
    outcome: 'served',
    channel: 'in_app',
    targetKind: 'product',
    targetKey: 'reports',
    motion: 'add_on',
  });
  return id;
}

async function send(userId: string, accountId: string, events: unknown[]) {
  const token = await signUserToken(ws.identitySecret, { sub: userId, account: accountId });
  return call(ctx, 'POST', '/v1/events', { key: ws.publishableKey, token, body: { events } });
}

interface State {
  clicks: number;
  dismissals: number;
  last_dismissed_at: Date | string | null;
  snoozed_until: Date | string | null;
  account_id: string;
}

async function state(userId: string): Promise<State | undefined> {
  const rows = await ctx.database.rows<State>(
    sql`select clicks, dismissals, last_dismissed_at, snoozed_until, account_id from message_states
        where workspace_id = ${ws.workspaceId} and user_id = ${userId} and campaign_id = ${campaignId}::uuid`,
  );
  return rows[0];
}

const ms = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : null);

describe('POST /v1/events › message interactions', () => {
  it('a dismissal updates the user’s message state once, found through its decision id', async () => {
    const decisionId = await decisionFor('u-d', 'acc-d');
    const at = new Date(ctx.clock.now.getTime() - 5_000);
    const dismissed = makeEvent({ name: 'message.dismissed', decisionId }, at);
    for (let i = 0; i < 3; i++) expect((await send('u-d', 'acc-d', [dismissed])).status).toBe(202);
    const s = await state('u-d');
    expect(s).toMatchObject({ dismissals: 1, clicks: 0, account_id: 'acc-d' });
    expect(ms(s?.last_dismissed_at)).toBe(at.getTime());
    const stored = await ctx.database.rows<{ campaign_id: string }>(
      sql`select campaign_id from events where id = ${dismissed.id}::uuid`,
    );
    expect(stored[0]?.campaign_id).toBe(campaignId);
  });

  it('clicks add up and the latest dismissal wins', async () => {
    const decisionId = await decisionFor('u-c', 'acc-c');
    const t1 = new Date(ctx.clock.now.getTime() - 60_000);
    const t2 = new Date(ctx.clock.now.getTime() - 30_000);
    await send('u-c', 'acc-c', [
      makeEvent({ name: 'message.clicked', decisionId }, t1),
      makeEvent({ name: 'message.clicked', decisionId }, t2),
      makeEvent({ name: 'message.dismissed', decisionId }, t2),
    ]);
    await send('u-c', 'acc-c', [makeEvent({ name: 'message.dismissed', decisionId }, t1)]);
    const s = await state('u-c');
    expect(s).toMatchObject({ clicks: 2, dismissals: 2 });
    expect(ms(s?.last_dismissed_at)).toBe(t2.getTime());
  });

  it('a snooze sets snoozed_until props.snoozeDays (default 1) after the event', async () => {
    const at = new Date(ctx.clock.now.getTime() - 1_000);
    await send('u-s', 'acc-s', [makeEvent({ name: 'message.snoozed', campaignId }, at)]);
    expect(ms((await state('u-s'))?.snoozed_until)).toBe(at.getTime() + DAY);
    await send('u-s', 'acc-s', [
      makeEvent({ name: 'message.snoozed', campaignId, props: { snoozeDays: 7 } }, at),
    ]);
    expect(ms((await state('u-s'))?.snoozed_until)).toBe(at.getTime() + 7 * DAY);
  });

  it('rejects a snooze with an invalid snoozeDays', async () => {
    const res = await send('u-s2', 'acc-s', [
      makeEvent({ name: 'message.snoozed', campaignId, props: { snoozeDays: -2 } }),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toEqual(['events', 0, 'props', 'snoozeDays']);
  });

  it('stores an interaction for an unknown campaign but creates no message state', async () => {
    const res = await send('u-x', 'acc-x', [
      makeEvent({ name: 'message.clicked', campaignId: randomUUID() }),
    ]);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0 });
    const rows = await ctx.database.rows(
      sql`select 1 from message_states where workspace_id = ${ws.workspaceId} and user_id = 'u-x'`,
    );
    expect(rows).toEqual([]);
  });
});
