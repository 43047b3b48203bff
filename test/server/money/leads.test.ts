import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads, outbox } from '../../../server/db/schema/index.ts';
import { createLead } from '../../../server/services/leads.ts';
import { createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
let workspaceId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ({ workspaceId } = await createWorkspace(ctx));
});
afterAll(() => ctx.close());

const input = (campaignId: string) => ({
  accountId: 'acc_1',
  userId: 'u_1',
  campaignId,
  decisionId: randomUUID(),
  productKey: 'warehouse',
  channel: 'sales' as const,
  context: {
    account: { name: 'Acme', seats: 250, mrr: 120_000 },
    firedTriggers: ['usage.api_quota'],
    affinity: {
      antecedent: 'crm',
      consequent: 'warehouse',
      count: 40,
      support: 0.2,
      confidence: 0.4,
      lift: 1.8,
    },
  },
});

describe('createLead', () => {
  it('creates one lead and one lead.created outbox row per account and campaign, however often called', async () => {
    const campaignId = randomUUID();
    const { db } = ctx.database;
    const first = await db.transaction((tx) => createLead(tx, workspaceId, input(campaignId)));
    const second = await db.transaction((tx) => createLead(tx, workspaceId, input(campaignId)));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    const rows = await db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.campaignId, campaignId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.context).toMatchObject({ firedTriggers: ['usage.api_quota'] });
    const events = await db.select().from(outbox).where(eq(outbox.workspaceId, workspaceId));
    const forLead = events.filter((e) => (e.payload.lead as { id: string }).id === rows[0]?.id);
    expect(forLead).toHaveLength(1);
    expect(forLead[0]?.eventType).toBe('lead.created');
    expect(forLead[0]?.id).toMatch(/^msg_/);
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const campaignId = randomUUID();
    const { db } = ctx.database;
    await expect(
      db.transaction(async (tx) => {
        await createLead(tx, workspaceId, input(campaignId));
        throw new Error('decide failed later');
      }),
    ).rejects.toThrow('decide failed later');
    const rows = await db.select().from(leads).where(eq(leads.campaignId, campaignId));
    expect(rows).toHaveLength(0);
  });
});
