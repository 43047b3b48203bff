import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../../server/db/schema/index.ts';
import { createLead } from '../../../server/services/leads.ts';
import { call, createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';
import { csvRecords } from '../../support/csv.ts';
import { seedAccount, seedCampaign, seedProducts } from '../../support/money-builders.ts';

let ctx: TestContext;
let sk: string;
let ws: string;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ({ secretKey: sk, workspaceId: ws } = await createWorkspace(ctx));
  await seedProducts(ctx, ws, [
    { key: 'core', amount: 10_000, role: 'anchor' },
    { key: 'warehouse', amount: 49_000 },
  ]);
  campaignId = await seedCampaign(ctx, ws, 'warehouse', { name: 'Warehouse for big accounts' });
  await seedAccount(ctx, ws, 'acme', { name: 'Acme, Inc.' });
  await seedAccount(ctx, ws, 'evil', { name: '=HYPERLINK("http://evil.example")' });
});
afterAll(() => ctx.close());

const lead = (accountId: string, channel: 'csm' | 'sales', account: Record<string, unknown>) =>
  ctx.database.db.transaction((tx) =>
    createLead(tx, ws, {
      accountId,
      userId: `${accountId}_admin`,
      campaignId,
      decisionId: randomUUID(),
      productKey: 'warehouse',
      channel,
      context: {
        account,
        firedTriggers: ['usage.api_quota', 'lifecycle.engaged'],
        affinity: {
          antecedent: 'crm',
          consequent: 'warehouse',
          count: 40,
          support: 0.2,
          confidence: 0.4,
          lift: 1.8,
        },
        motion: 'cross_sell_adjacent',
        stage: 'engaged',
      },
    }),
  );

describe('GET /v1/admin/leads.csv', () => {
  it('exports every lead with its account, campaign, triggers and affinity; filtered by status', async () => {
    await lead('acme', 'sales', { seats: 250, mrr: 120_000, segment: 'enterprise', plan: 'pro' });
    const other = await lead('evil', 'csm', { seats: 12 });
    await call(ctx, 'PATCH', `/v1/admin/leads/${other.lead?.id}`, { key: sk, body: { status: 'contacted' } });

    const res = await call(ctx, 'GET', '/v1/admin/leads.csv', { key: sk });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="attach-leads.csv"');
    const rows = csvRecords(res.text);
    expect(rows.map((r) => r.account_id)).toEqual(['evil', 'acme']);
    expect(rows[1]).toMatchObject({
      status: 'open',
      channel: 'sales',
      account_name: 'Acme, Inc.',
      segment: 'enterprise',
      seats: '250',
      plan: 'pro',
      mrr_at_routing: '1200.00',
      product: 'warehouse',
      campaign: 'Warehouse for big accounts',
      motion: 'cross_sell_adjacent',
      stage: 'engaged',
      fired_triggers: 'usage.api_quota; lifecycle.engaged',
      affinity: 'crm → warehouse (confidence 0.40, lift 1.80)',
      user_id: 'acme_admin',
    });
    // The account name a spreadsheet would run as a formula is written as text.
    expect(rows[0]).toMatchObject({
      status: 'contacted',
      account_name: `'=HYPERLINK("http://evil.example")`,
    });

    const open = await call(ctx, 'GET', '/v1/admin/leads.csv?status=open', { key: sk });
    expect(open.headers.get('content-disposition')).toBe('attachment; filename="attach-leads-open.csv"');
    expect(csvRecords(open.text).map((r) => r.account_id)).toEqual(['acme']);
    const bad = await call(ctx, 'GET', '/v1/admin/leads.csv?status=maybe', { key: sk });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('pages through every lead, beyond one page of the list API', async () => {
    const many = Array.from({ length: 520 }, (_, i) => ({
      workspaceId: ws,
      accountId: `bulk_${i}`,
      campaignId,
      productKey: 'warehouse',
      channel: 'csm' as const,
      context: { account: {}, firedTriggers: [] },
    }));
    await ctx.database.db.insert(leads).values(many);
    const rows = csvRecords((await call(ctx, 'GET', '/v1/admin/leads.csv', { key: sk })).text);
    expect(rows).toHaveLength(522);
    expect(new Set(rows.map((r) => r.lead_id)).size).toBe(522);
  });
});
