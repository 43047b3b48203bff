import { sql } from 'drizzle-orm';
import { products } from '../../../server/db/schema/index.ts';
import type { AppDeps } from '../../../server/http/types.ts';
import { changeStatus, createCampaign } from '../../../server/services/campaigns.ts';
import type { CampaignDefinitionInput } from '../../../shared/campaign.ts';
import { CampaignDefinition } from '../../../shared/campaign.ts';

export const PRODUCTS = [
  { key: 'core', role: 'anchor' as const, amount: 50_000 },
  { key: 'reports', role: 'attach' as const, amount: 9_900 },
  { key: 'alerts', role: 'attach' as const, amount: 4_900 },
  { key: 'capacity', role: 'attach' as const, amount: 7_900 },
  { key: 'sso', role: 'strategic' as const, amount: 19_900 },
  { key: 'warehouse', role: 'strategic' as const, amount: 49_900 },
  { key: 'ai-assist', role: 'attach' as const, amount: 14_900 },
  { key: 'exports', role: 'attach' as const, amount: 2_900 },
  { key: 'api', role: 'attach' as const, amount: 9_900 },
  { key: 'audit', role: 'strategic' as const, amount: 12_900 },
  { key: 'sandbox', role: 'attach' as const, amount: 3_900 },
  { key: 'legacy', role: 'sunset' as const, amount: 1_900 },
];
const ATTACH = PRODUCTS.filter((p) => p.role !== 'anchor' && p.role !== 'sunset').map((p) => p.key);
const MOTIONS = [
  'upsell_addon',
  'upsell_capacity',
  'cross_sell_adjacent',
  'cross_sell_complementary',
  'cross_sell_platform',
] as const;
const SEGMENTS = ['smb', 'mid', 'enterprise'];

/** Host data with multi-row INSERT … SELECT generate_series: seconds, not minutes, for 10k × 50k. */
export async function seedHostData(deps: AppDeps, workspaceId: string, accounts: number, users: number) {
  const { database } = deps;
  await database.db.insert(products).values(
    PRODUCTS.map((p, bit) => ({
      workspaceId,
      key: p.key,
      name: p.key,
      description: `The ${p.key} product`,
      role: p.role,
      priceAmount: p.amount,
      priceCurrency: 'USD',
      priceInterval: 'month' as const,
      bit,
    })),
  );
  await database.rows(sql`
    insert into accounts (workspace_id, id, name, segment, seats, mrr, health_score, signup_at, renewal_at)
    select ${workspaceId}, 'acct-' || g, 'Account ' || g, (array['smb','mid','enterprise'])[1 + g % 3],
      5 + g % 200, 10000 + (g % 50) * 1000, 30 + g % 70,
      now() - make_interval(days => 20 + g % 700), now() + make_interval(days => g % 365)
    from generate_series(1, ${accounts}) g`);
  await database.rows(sql`
    insert into users (workspace_id, id, account_id, role)
    select ${workspaceId}, 'user-' || g, 'acct-' || (1 + g % ${accounts}),
      (array['admin','member','member','billing','member'])[1 + g % 5]
    from generate_series(1, ${users}) g`);
  await database.rows(sql`
    insert into entitlements (workspace_id, account_id, product_key, status, source, started_at)
    select ${workspaceId}, 'acct-' || g, p.key, 'active', 'host', now() - interval '100 days'
    from generate_series(1, ${accounts}) g
    cross join products p
    where p.workspace_id = ${workspaceId}
      and (p.key = 'core' or (p.role <> 'sunset' and (g * 7919 + p.bit * 104729) % 100 < 10 + p.bit * 3))`);
  await database.rows(sql`
    insert into usage_metrics (workspace_id, account_id, metric, value, "limit")
    select ${workspaceId}, 'acct-' || g, m, (g * 37 + length(m) * 11) % 120, 100
    from generate_series(1, ${accounts}) g, unnest(array['reports', 'storage', 'api_calls']) m`);
  // Two weeks of account-level activity, as ingestion keeps it (daily counters).
  await database.rows(sql`
    insert into event_counters (workspace_id, account_id, user_id, name, day, count, first_at, last_at)
    select ${workspaceId}, 'acct-' || g, '', n, (now() - make_interval(days => d))::date,
      1 + (g + d) % 9, now() - make_interval(days => d), now() - make_interval(days => d)
    from generate_series(1, ${accounts}) g, generate_series(0, 13) d,
      unnest(array['report.exported', 'dashboard.viewed']) n`);
  // Ingestion keeps a per-user row beside each account row: a week of each user's own activity.
  await database.rows(sql`
    insert into event_counters (workspace_id, account_id, user_id, name, day, count, first_at, last_at)
    select ${workspaceId}, 'acct-' || (1 + g % ${accounts}), 'user-' || g, n, (now() - make_interval(days => d))::date,
      1 + (g + d) % 3, now() - make_interval(days => d), now() - make_interval(days => d)
    from generate_series(1, ${users}) g, generate_series(0, 6) d,
      unnest(array['report.exported', 'dashboard.viewed']) n`);
  await database.rows(sql`analyze`);
}

function campaign(i: number): CampaignDefinitionInput {
  const target = ATTACH[i % ATTACH.length] ?? 'reports';
  const triggers = [
    {
      type: 'metric_quota' as const,
      metric: ['reports', 'storage', 'api_calls'][i % 3] ?? 'reports',
      atLeastPercent: 80,
    },
    {
      type: 'event_count' as const,
      event: 'report.exported',
      atLeast: 20 + (i % 5) * 5,
      withinDays: 7,
      scope: 'account' as const,
    },
    { type: 'page' as const, pattern: i % 2 ? '/reports*' : '/settings/*' },
  ];
  return {
    name: `Campaign ${i + 1}: ${target}`,
    motion: MOTIONS[i % MOTIONS.length] ?? 'upsell_addon',
    priority: 10 + ((i * 37) % 80),
    target:
      i % 10 === 9
        ? { kind: 'next_best', minConfidence: 0.1, minLift: 1 }
        : { kind: 'product', productKey: target },
    audience: {
      segments: i % 3 === 0 ? [] : [SEGMENTS[i % 3] ?? 'smb'],
      ownsAll: ['core'],
      ownsNone: i % 10 === 9 ? [] : [target],
    },
    triggers:
      i % 4 === 3 ? { type: 'all', triggers: [] } : { type: 'any', triggers: [triggers[i % 3] as never] },
    presentation: {
      format: i % 10 === 0 ? 'inline' : 'callout',
      placement: i % 10 === 0 ? 'sidebar' : 'global',
    },
    content: {
      en: {
        title: `{{account.name}}: try ${target}`,
        body: 'You use **{{usage.reports.percent}}%** of your reports. {{product.description}}.',
      },
    },
    offer: i % 5 === 0 ? { intro: { percent: 20, months: 3 }, annualPercentOff: 15 } : {},
    holdout: { percent: 10 },
    routing: i % 7 === 0 ? { rules: [{ channel: 'csm', segments: ['enterprise'] }] } : { rules: [] },
  };
}

/** 50 active campaigns through the same service the admin API uses. */
export async function seedCampaigns(deps: AppDeps, workspaceId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const created = await createCampaign(
      deps,
      workspaceId,
      { ...CampaignDefinition.parse(campaign(i)), status: 'draft' },
      'bench',
    );
    await changeStatus(deps, workspaceId, created.id, 'active', 'bench');
  }
}

/**
 * Yesterday's serving history, as a live workspace has it: daily prompt counts for every user, daily
 * per-account counts and user × campaign states (shown a month ago, so nothing is blocked today).
 * Without it the decision tables start empty and the planner's cached plans for them are seq scans
 * that slow down as the run fills them — a state no running installation is in.
 */
export async function seedHistory(deps: AppDeps, workspaceId: string, accounts: number, users: number) {
  const { database } = deps;
  await database.rows(sql`
    insert into user_daily_prompts (workspace_id, user_id, day, count)
    select ${workspaceId}, 'user-' || g, (now() - interval '1 day')::date, 1 + g % 3
    from generate_series(1, ${users}) g`);
  await database.rows(sql`
    insert into account_campaign_daily (workspace_id, account_id, campaign_id, day, count)
    select ${workspaceId}, 'acct-' || g, c.id, (now() - interval '1 day')::date, 1
    from generate_series(1, ${accounts}) g
    cross join lateral (select id from campaigns where workspace_id = ${workspaceId}
      order by id offset g % 45 limit 5) c`);
  await database.rows(sql`
    insert into message_states (workspace_id, user_id, campaign_id, account_id, impressions,
      first_shown_at, last_shown_at)
    select ${workspaceId}, 'user-' || g, c.id, 'acct-' || (1 + g % ${accounts}), 1,
      now() - interval '30 days', now() - interval '30 days'
    from generate_series(1, ${users}) g
    cross join lateral (select id from campaigns where workspace_id = ${workspaceId}
      order by id offset g % 48 limit 2) c`);
  await database.rows(sql`analyze`);
}

/**
 * A draft copy of campaign 1 for the database-floor route: decide never serves a draft, so the
 * floor's writes start from the same empty user × campaign rows a decide's first serve meets.
 */
export async function seedFloorCampaign(deps: AppDeps, workspaceId: string) {
  const definition = CampaignDefinition.parse({ ...campaign(0), name: 'Database floor (draft)' });
  const created = await createCampaign(deps, workspaceId, { ...definition, status: 'draft' }, 'bench');
  return { id: created.id, version: created.version, definition };
}
