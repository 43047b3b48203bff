import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE_NAME } from '../../demo/seed/create.ts';
import { DEMO_WORKSPACE_ID, seedDemo } from '../../demo/seed/index.ts';
import { PERSONAS } from '../../demo/seed/personas.ts';
import { sha256 } from '../../server/crypto.ts';
import type { CampaignLift } from '../../shared/analytics.ts';
import { call, createTestApp, OPERATOR_TOKEN, type TestContext } from '../support/app.ts';

let ctx: TestContext;
let dataDir: string;
let first: Awaited<ReturnType<typeof seedDemo>>;
const quiet = () => {};

async function count(table: string): Promise<number> {
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${DEMO_WORKSPACE_ID}`,
  );
  return row?.n ?? 0;
}

/** Accounts that own a product now: the current customers, not the former ones. */
async function customers(): Promise<number> {
  const [row] = await ctx.database.rows<{ n: number }>(
    sql`select count(distinct account_id)::int as n from entitlements
      where workspace_id = ${DEMO_WORKSPACE_ID} and status = 'active'`,
  );
  return row?.n ?? 0;
}

const TABLES = [
  'accounts',
  'users',
  'entitlements',
  'usage_metrics',
  'event_counters',
  'products',
  'bundles',
  'campaigns',
];

beforeAll(async () => {
  ctx = await createTestApp();
  dataDir = await mkdtemp(join(tmpdir(), 'attach-demo-'));
  first = await seedDemo(ctx.deps, { dataDir, print: quiet });
  // Seeding ~200k rows takes seconds on an idle machine, much longer on a busy CI runner.
}, 180_000);
afterAll(() => ctx.close());

describe('demo seed', () => {
  it('creates the workspace once; a second run adds nothing and keeps the keys', async () => {
    expect(first.created).toBe(true);
    const before = await Promise.all(TABLES.map(count));
    const lines: string[] = [];
    const second = await seedDemo(ctx.deps, { dataDir, print: (l) => lines.push(l) });
    expect(second.created).toBe(false);
    expect(await Promise.all(TABLES.map(count))).toEqual(before);
    expect(second.credentials).toEqual(first.credentials);
    expect(lines.join('\n')).toContain(first.credentials.publishableKey);
    expect(lines.join('\n')).toContain(`${ctx.deps.config.publicUrl}/demo`);
  });

  it('a restart on another public URL allows that origin and moves the demo webhook endpoint to it', async () => {
    const moved = { ...ctx.deps, config: { ...ctx.deps.config, publicUrl: 'http://localhost:4555' } };
    await seedDemo(moved, { dataDir, print: quiet });
    const [row] = await ctx.database.rows<{ allowed_origins: string[] }>(
      sql`select allowed_origins from workspaces where id = ${DEMO_WORKSPACE_ID}`,
    );
    expect(row?.allowed_origins).toEqual([
      new URL(ctx.deps.config.publicUrl).origin,
      'http://localhost:4555',
    ]);
    const endpoints = await ctx.database.rows<{ url: string }>(
      sql`select url from webhook_endpoints where workspace_id = ${DEMO_WORKSPACE_ID}`,
    );
    expect(endpoints).toEqual([{ url: 'http://localhost:4555/demo/api/webhooks' }]);
  });

  it('keeps the plain keys in a file only the owner can read, matching the stored hashes', async () => {
    const path = join(dataDir, 'demo-credentials.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    const [row] = await ctx.database.rows<{ secret_key_hash: string; publishable_key: string }>(
      sql`select secret_key_hash, publishable_key from workspaces where id = ${DEMO_WORKSPACE_ID}`,
    );
    expect(saved.publishableKey).toBe(row?.publishable_key);
    expect(sha256(saved.secretKey)).toBe(row?.secret_key_hash);
  });

  it('has 2,000 customers in three segments, users of every role, the catalogue and active campaigns', async () => {
    expect(await customers()).toBe(2000);
    const segments = await ctx.database.rows<{ segment: string; n: number }>(
      sql`select segment, count(*)::int as n from accounts where workspace_id = ${DEMO_WORKSPACE_ID} group by 1`,
    );
    expect(segments.map((s) => s.segment).sort()).toEqual(['enterprise', 'mid_market', 'smb']);
    const roles = await ctx.database.rows<{ role: string }>(
      sql`select distinct role from users where workspace_id = ${DEMO_WORKSPACE_ID} order by 1`,
    );
    expect(roles.map((r) => r.role)).toEqual(['admin', 'billing', 'member']);
    const products = await ctx.database.rows<{ role: string; n: number }>(
      sql`select role, count(*)::int as n from products where workspace_id = ${DEMO_WORKSPACE_ID} group by 1 order by 1`,
    );
    expect(Object.fromEntries(products.map((p) => [p.role, p.n]))).toEqual({
      anchor: 3,
      attach: 4,
      strategic: 1,
      sunset: 1,
    });
    expect(await count('bundles')).toBe(1);
    const [active] = await ctx.database.rows<{ n: number }>(
      sql`select count(*)::int as n from campaigns where workspace_id = ${DEMO_WORKSPACE_ID} and status = 'active'`,
    );
    expect(active?.n).toBeGreaterThanOrEqual(3);
  });

  it('models the plans as products: every account owns exactly the plan product of its plan', async () => {
    const rows = await ctx.database.rows<{ plan: string; product: string; n: number }>(sql`
      select a.plan, p.key as product, count(*)::int as n
      from accounts a
      join entitlements e on e.workspace_id = a.workspace_id and e.account_id = a.id and e.status = 'active'
      join products p on p.workspace_id = e.workspace_id and p.key = e.product_key and p.plan is not null
      where a.workspace_id = ${DEMO_WORKSPACE_ID}
      group by 1, 2 order by 1`);
    expect(rows.map((r) => [r.plan, r.product])).toEqual([
      ['enterprise', 'lumen-enterprise'],
      ['professional', 'lumen-professional'],
      ['starter', 'lumen-starter'],
    ]);
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(await customers());
  });

  it('has former customers, single-product ones leaving more often, each with everything ended in the last year', async () => {
    const former = await ctx.database.rows<{ products: number; live: number; ended_in_year: number }>(sql`
      select count(*)::int as products, count(*) filter (where e.status = 'active')::int as live,
        count(*) filter (where e.ended_at > now() - interval '366 days' and e.ended_at < now())::int as ended_in_year
      from accounts a join entitlements e on e.workspace_id = a.workspace_id and e.account_id = a.id
      where a.workspace_id = ${DEMO_WORKSPACE_ID} and a.id like 'former_%'
      group by a.id`);
    expect(former.length).toBe((await count('accounts')) - 2000);
    expect(former.length).toBeGreaterThan(20);
    for (const f of former) expect(f).toEqual({ products: f.products, live: 0, ended_in_year: f.products });
    // Against the customers of each kind now: the primer's 5–7 % against 1–3 % a year, about 3×.
    const current = await ctx.database.rows<{ single: number; multi: number }>(sql`
      select count(*) filter (where n = 1)::int as single, count(*) filter (where n > 1)::int as multi from (
        select count(*) as n from entitlements where workspace_id = ${DEMO_WORKSPACE_ID} and status = 'active'
        group by account_id) x`);
    const single = former.filter((f) => f.products === 1).length / (current[0]?.single ?? 1);
    const multi = former.filter((f) => f.products > 1).length / (current[0]?.multi ?? 1);
    expect(single).toBeGreaterThan(1.5 * multi);
  });

  it('writes usage near and far from quotas and 60 days of event counters', async () => {
    const [usage] = await ctx.database.rows<{ near: number; far: number }>(sql`
      select count(*) filter (where value >= 0.85 * "limit")::int as near,
             count(*) filter (where value < 0.5 * "limit")::int as far
      from usage_metrics where workspace_id = ${DEMO_WORKSPACE_ID} and metric = 'dashboards'`);
    expect(usage?.near).toBeGreaterThan(100);
    expect(usage?.far).toBeGreaterThan(500);
    const [span] = await ctx.database.rows<{ days: number }>(
      sql`select (max(day) - min(day))::int as days from event_counters where workspace_id = ${DEMO_WORKSPACE_ID}`,
    );
    expect(span?.days).toBeGreaterThanOrEqual(59);
  });

  it('has a vocabulary for the console: the events its campaigns trigger on, its segments, roles and metrics', async () => {
    const key = first.credentials.secretKey;
    const names = async (kind: string) => {
      const res = await call(ctx, 'GET', `/v1/admin/vocabulary/${kind}?limit=200`, { key });
      expect(res.status).toBe(200);
      return (res.body.data as Array<{ name: string }>).map((e) => e.name);
    };
    const events = await names('event');
    expect(events).toEqual(expect.arrayContaining(['report.exported', 'dashboard.created']));
    expect(events.some((name) => name.startsWith('page.viewed:') || name.startsWith('message.'))).toBe(false);
    expect(await names('segment')).toEqual(['enterprise', 'mid_market', 'smb']);
    expect(await names('role')).toEqual(expect.arrayContaining(['admin', 'member']));
    expect(await names('metric')).toContain('dashboards');
  });

  it('has real affinity: owning Warehouse Sync makes Automation far likelier than its base rate', async () => {
    const [row] = await ctx.database.rows<{ accounts: number; a: number; b: number; ab: number }>(sql`
      with owned as (
        select account_id,
               bool_or(product_key = 'warehouse-sync') as a,
               bool_or(product_key = 'automation') as b
        from entitlements where workspace_id = ${DEMO_WORKSPACE_ID} and status = 'active' group by account_id)
      select count(*)::int as accounts, count(*) filter (where a)::int as a,
             count(*) filter (where b)::int as b, count(*) filter (where a and b)::int as ab from owned`);
    if (!row) throw new Error('no ownership rows');
    const base = row.b / row.accounts;
    const confidence = row.ab / row.a;
    expect(confidence).toBeGreaterThan(0.4);
    expect(confidence / base).toBeGreaterThan(2);
  });

  it('computes an affinity snapshot at creation, so next-best campaigns work from the first request', async () => {
    const [row] = await ctx.database.rows<{ accounts: number }>(
      sql`select accounts from affinity_snapshots where workspace_id = ${DEMO_WORKSPACE_ID}`,
    );
    // The customers: former ones own nothing, no basket to count.
    expect(row?.accounts).toBe(await customers());
    expect(row?.accounts).toBeLessThan(await count('accounts'));
  });

  it('has an audit log in the order the demo tells: the workspace, then its catalogue, then its campaigns', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/audit-log?actor=demo-seed&limit=200', {
      key: first.credentials.secretKey,
    });
    expect(res.status).toBe(200);
    const kinds = (res.body.data as Array<{ action: string }>).map((e) => e.action.split('.')[0]).reverse();
    // Oldest first: each kind in one run, in this order (runs collapsed).
    const runs = kinds.filter((kind, i) => kind !== kinds[i - 1]);
    expect(runs.slice(0, 2)).toEqual(['workspace', 'product']);
    expect(runs).toContain('campaign');
    expect(runs.indexOf('campaign')).toBeGreaterThan(runs.indexOf('bundle'));
    expect(kinds.filter((k) => k === 'campaign').length).toBe(2 * (await count('campaigns')));
    // Each campaign is created, then launched, in that order.
    const oldestFirst = [...(res.body.data as Array<{ action: string; target: { id: string } }>)].reverse();
    const at = (action: string, id: string) =>
      oldestFirst.findIndex((e) => e.action === action && e.target.id === id);
    const launches = oldestFirst.filter((e) => e.action === 'campaign.activated');
    for (const { target } of launches)
      expect(at('campaign.created', target.id)).toBeLessThan(at('campaign.activated', target.id));
  });

  it("has a pipeline for the console: leads routed to sales and members' open requests, none a persona's", async () => {
    const key = first.credentials.secretKey;
    const leads = (await call(ctx, 'GET', '/v1/admin/leads?limit=200', { key })).body.leads as Array<
      Record<string, unknown> & { accountId: string; context: { account: Record<string, unknown> } }
    >;
    expect(leads).toHaveLength(6);
    expect(new Set(leads.map((l) => l.status))).toEqual(new Set(['open', 'contacted', 'won', 'lost']));
    for (const lead of leads) {
      expect(lead).toMatchObject({ productKey: 'sso-security', channel: 'sales' });
      expect(lead.context.account).toMatchObject({ id: lead.accountId, segment: 'enterprise' });
      expect(typeof lead.context.account.name).toBe('string');
    }
    const requests = (await call(ctx, 'GET', '/v1/admin/requests?status=open', { key })).body
      .requests as Array<{
      accountId: string;
      userId: string;
      note: string | null;
    }>;
    expect(requests).toHaveLength(4);
    const personaAccounts = new Set(['acct_enterprise', 'acct_team', 'acct_power', 'acct_exporter']);
    for (const r of [...leads, ...requests]) expect(personaAccounts.has(r.accountId)).toBe(false);
    expect(requests.every((r) => r.note)).toBe(true);
  });

  it('has weeks of campaign history the console reads: funnels, lift against the holdout, conversion by motion', async () => {
    const key = first.credentials.secretKey;
    const funnel = await call(ctx, 'GET', '/v1/admin/analytics/funnel', { key });
    const byName = new Map(
      (funnel.body.data as Array<Record<string, number> & { name: string }>).map((f) => [f.name, f]),
    );
    const capacity = byName.get('Capacity Pack at 85% of a quota');
    const automation = byName.get('Exports every day → Automation');
    for (const f of [capacity, automation, byName.get('AI Insights guided trial')]) {
      expect(f?.heldOut).toBeGreaterThan(0);
      expect(f?.shown).toBeGreaterThan(f?.clicked ?? 0);
      expect(f?.clicked).toBeGreaterThanOrEqual(f?.converted ?? 0);
      expect(f?.converted).toBeGreaterThan(0);
    }
    expect(automation?.trialsStarted).toBeGreaterThan(automation?.converted ?? 0);
    const lift = await call(ctx, 'GET', '/v1/admin/analytics/lift', { key });
    expect(lift.body.data.length).toBe(3);
    // The arms split as the holdout % says, and the treatment converts more: a lift to believe.
    for (const row of lift.body.data as CampaignLift[]) {
      expect(row.sampleRatio).toMatchObject({ expectedHoldoutShare: 0.1, mismatch: false });
      expect(row.lift).toBeGreaterThan(0);
    }
    const motions = await call(ctx, 'GET', '/v1/admin/analytics/motions', { key });
    expect(motions.body.data.map((m: { motion: string }) => m.motion).sort()).toEqual([
      'cross_sell_complementary',
      'upsell_addon',
      'upsell_capacity',
    ]);
    // Bought through a prompt: the entitlement is the purchase's; every persona starts with a clean slate.
    const [owned] = await ctx.database.rows<{
      purchased: number;
      unmatched: number;
      persona_states: number;
    }>(sql`
      select (select count(*)::int from entitlements where workspace_id = ${DEMO_WORKSPACE_ID} and source = 'purchase') as purchased,
        (select count(*)::int from purchases p where p.workspace_id = ${DEMO_WORKSPACE_ID} and not exists (
          select 1 from entitlements e where e.workspace_id = p.workspace_id and e.id = p.entitlement_id
            and e.source = 'purchase' and e.status = 'active')) as unmatched,
        (select count(*)::int from message_states m join accounts a on a.workspace_id = m.workspace_id and a.id = m.account_id
          where m.workspace_id = ${DEMO_WORKSPACE_ID} and a.attributes ? 'demo_persona') as persona_states`);
    expect(owned?.purchased).toBeGreaterThan(50);
    expect(owned).toMatchObject({ unmatched: 0, persona_states: 0 });
  });

  it("tells the primer's portfolio story: multi-product customers keep 20–40 points more revenue", async () => {
    const key = first.credentials.secretKey;
    const nrr = await call(ctx, 'GET', '/v1/admin/analytics/net-revenue-retention', { key });
    expect(nrr.body.single.nrr).toBeLessThan(1);
    expect(nrr.body.multi.nrr).toBeGreaterThan(1);
    expect(nrr.body.multiProductPremium).toBeGreaterThanOrEqual(nrr.body.benchmark.low);
    expect(nrr.body.multiProductPremium).toBeLessThanOrEqual(nrr.body.benchmark.high);
    // MRR moves every way a PM reads of a real book: new, expansion, contraction and churn.
    const movements = await call(ctx, 'GET', '/v1/admin/analytics/mrr-movements', { key });
    for (const kind of ['newMrr', 'expansionMrr', 'contractionMrr', 'churnedMrr']) {
      const total = (movements.body.months as Array<Record<string, number>>).reduce(
        (n, m) => n + (m[kind] ?? 0),
        0,
      );
      expect(total, kind).toBeGreaterThan(0);
    }
  });

  it('has buyers using what they bought: activation within 14 days is neither none nor all', async () => {
    const res = await call(ctx, 'GET', '/v1/admin/analytics/activation?days=14', {
      key: first.credentials.secretKey,
    });
    expect(res.status).toBe(200);
    expect(res.body.purchases).toBeGreaterThan(50);
    expect(res.body.rate).toBeGreaterThan(0.4);
    expect(res.body.rate).toBeLessThan(0.95);
  });
});

describe('demo personas', () => {
  async function personaFacts(userId: string) {
    const [row] = await ctx.database.rows<{
      role: string;
      account_id: string;
      segment: string;
      health_score: number;
      signup_days: number;
      quota: number;
      exports_7d: number;
    }>(sql`
      select u.role, u.account_id, a.segment, a.health_score,
             extract(day from now() - a.signup_at)::int as signup_days,
             (select max(value / "limit") from usage_metrics m
               where m.workspace_id = a.workspace_id and m.account_id = a.id and m.metric <> 'seats') as quota,
             (select coalesce(sum(count), 0)::int from event_counters c
               where c.workspace_id = a.workspace_id and c.account_id = a.id and c.user_id = ''
                 and c.name = 'report.exported' and c.day > current_date - 7) as exports_7d
      from users u join accounts a on a.workspace_id = u.workspace_id and a.id = u.account_id
      where u.workspace_id = ${DEMO_WORKSPACE_ID} and u.id = ${userId}`);
    if (!row) throw new Error(`persona user ${userId} missing`);
    return row;
  }
  const userOf = (key: string) => PERSONAS.find((p) => p.key === key)?.userId ?? '';

  it('onboarding: a few days old', async () => {
    expect((await personaFacts(userOf('onboarding'))).signup_days).toBeLessThan(14);
  });
  it('power user and holdout: past 85% of a quota, admins', async () => {
    for (const key of ['power', 'holdout']) {
      const facts = await personaFacts(userOf(key));
      expect(facts.quota).toBeGreaterThanOrEqual(0.85);
      expect(facts.role).toBe('admin');
    }
  });
  it('exporter and member: export at least three times a week; the member cannot buy', async () => {
    expect((await personaFacts(userOf('exporter'))).exports_7d).toBeGreaterThanOrEqual(3);
    const member = await personaFacts(userOf('member'));
    expect(member.exports_7d).toBeGreaterThanOrEqual(3);
    expect(member.role).toBe('member');
  });
  it('at risk: red health; enterprise: enterprise segment', async () => {
    expect((await personaFacts(userOf('at_risk'))).health_score).toBeLessThan(40);
    expect((await personaFacts(userOf('enterprise'))).segment).toBe('enterprise');
  });
});

describe('demo seed after the operator deleted the demo', () => {
  it('purges what is left of it and seeds it afresh, with new keys', async () => {
    const deleted = await call(ctx, 'DELETE', `/v1/workspaces/${DEMO_WORKSPACE_ID}`, {
      token: OPERATOR_TOKEN,
      body: { confirm: DEMO_WORKSPACE_NAME },
    });
    expect(deleted.status, deleted.text).toBe(202);
    const again = await seedDemo(ctx.deps, { dataDir, print: quiet });
    expect(again.created).toBe(true);
    expect(again.credentials.secretKey).not.toBe(first.credentials.secretKey);
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: first.credentials.secretKey })).status).toBe(
      401,
    );
    expect((await call(ctx, 'GET', '/v1/admin/products', { key: again.credentials.secretKey })).status).toBe(
      200,
    );
    expect(await count('campaigns')).toBeGreaterThan(0);
  }, 180_000);
});
