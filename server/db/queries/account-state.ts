import type { RawClient } from './raw.ts';

/**
 * Everything the engine needs about one account and one of its users, plus the workspace's config
 * version (so caches are checked in the same round trip), as ONE statement returning one JSON text.
 * Every subquery is an index lookup on a primary key or a key prefix; counters are daily rows of the
 * last 90 days, so decide never scans raw events.
 *
 * Parameters: $1 workspace, $2 account, $3 user, $4 first counter day, $5 today (UTC), $6 event
 * names whose all-time presence matters (activation milestones, milestone triggers).
 */
const ACCOUNT_STATE_SQL = `
select json_build_object(
  'cv', (select config_version from workspaces where id = $1),
  'account', (select json_build_object(
      'name', name, 'segment', segment, 'industry', industry, 'seats', seats, 'plan', plan, 'mrr', mrr,
      'healthScore', health_score, 'signupAt', signup_at, 'renewalAt', renewal_at,
      'firstPurchaseAt', first_purchase_at, 'attributes', attributes)
    from accounts where workspace_id = $1 and id = $2),
  'user', (select json_build_object('role', role, 'locale', locale, 'name', name, 'attributes', attributes)
    from users where workspace_id = $1 and id = $3),
  'entitlements', (select coalesce(json_agg(json_build_array(product_key, status, started_at, ends_at)), '[]')
    from entitlements where workspace_id = $1 and account_id = $2),
  'usage', (select coalesce(json_agg(json_build_array(metric, value, "limit")), '[]')
    from usage_metrics where workspace_id = $1 and account_id = $2),
  'counters', (select coalesce(json_agg(json_build_array(name, user_id, day, count)), '[]')
    from event_counters
    where workspace_id = $1 and account_id = $2 and user_id in ('', $3) and day >= $4::date),
  'trials', (select coalesce(json_agg(json_build_array(product_key, status, started_at)), '[]')
    from trials where workspace_id = $1 and account_id = $2),
  'states', (select coalesce(json_agg(json_build_array(campaign_id, impressions, dismissals, clicks,
      first_shown_at, last_shown_at, last_dismissed_at, snoozed_until, converted_at)), '[]')
    from message_states where workspace_id = $1 and user_id = $3),
  'promptsToday', (select count from user_daily_prompts
    where workspace_id = $1 and user_id = $3 and day = $5::date),
  'accountServed', (select coalesce(json_agg(json_build_array(campaign_id, count)), '[]')
    from account_campaign_daily where workspace_id = $1 and account_id = $2 and day = $5::date),
  'everSeen', (select coalesce(json_agg(n), '[]') from unnest($6::text[]) as n
    where exists (select 1 from event_counters
      where workspace_id = $1 and account_id = $2 and user_id = '' and name = n)),
  'requests', (select coalesce(json_agg(json_build_array(r.id, r.product_key, r.requested_by, r.created_at)), '[]')
    from (select ar.id, ar.product_key, coalesce(u.name, u.email, ar.user_id) as requested_by, ar.created_at
      from access_requests ar
      left join users u on u.workspace_id = ar.workspace_id and u.id = ar.user_id
      where ar.workspace_id = $1 and ar.account_id = $2 and ar.status = 'open'
      order by ar.created_at desc limit 20) r)
)::text as state`;

/** JSON timestamps arrive as ISO text. */
type Ts = string | null;

export interface AccountStateRow {
  cv: number | null;
  account: {
    name: string;
    segment: string | null;
    industry: string | null;
    seats: number;
    plan: string | null;
    mrr: number;
    healthScore: number | null;
    signupAt: Ts;
    renewalAt: Ts;
    firstPurchaseAt: Ts;
    attributes: Record<string, unknown>;
  } | null;
  user: {
    role: string;
    locale: string | null;
    name: string | null;
    attributes: Record<string, unknown>;
  } | null;
  entitlements: Array<[productKey: string, status: string, startedAt: string, endsAt: Ts]>;
  usage: Array<[metric: string, value: number, limit: number | null]>;
  counters: Array<[name: string, userId: string, day: string, count: number]>;
  trials: Array<[productKey: string, status: string, startedAt: string]>;
  states: Array<
    [
      campaignId: string,
      impressions: number,
      dismissals: number,
      clicks: number,
      firstShownAt: Ts,
      lastShownAt: Ts,
      lastDismissedAt: Ts,
      snoozedUntil: Ts,
      convertedAt: Ts,
    ]
  >;
  promptsToday: number | null;
  accountServed: Array<[campaignId: string, count: number]>;
  everSeen: string[];
  requests: Array<[id: string, productKey: string, requestedBy: string, createdAt: string]>;
}

export interface AccountStateParams {
  workspaceId: string;
  accountId: string;
  userId: string;
  sinceDay: string;
  today: string;
  everSeenNames: readonly string[];
}

export async function selectAccountState(client: RawClient, p: AccountStateParams): Promise<AccountStateRow> {
  const rows = await client.query<{ state: string }>(ACCOUNT_STATE_SQL, [
    p.workspaceId,
    p.accountId,
    p.userId,
    p.sinceDay,
    p.today,
    p.everSeenNames,
  ]);
  const text = rows[0]?.state;
  if (!text) throw new Error('account state query returned no row');
  return JSON.parse(text) as AccountStateRow;
}

/**
 * Account-level state of a batch of accounts (keyset by id), for audience estimates: the same shape
 * as the single-account state without user rows, plus each account's user count per role.
 * Parameters: $1 workspace, $2 last id of the previous batch ('' first), $3 batch size, $4 first
 * counter day, $5 event names whose all-time presence matters.
 */
const ACCOUNT_BATCH_SQL = `
select a.id, json_build_object(
  'cv', null,
  'account', json_build_object(
      'name', a.name, 'segment', a.segment, 'industry', a.industry, 'seats', a.seats, 'plan', a.plan,
      'mrr', a.mrr, 'healthScore', a.health_score, 'signupAt', a.signup_at, 'renewalAt', a.renewal_at,
      'firstPurchaseAt', a.first_purchase_at, 'attributes', a.attributes),
  'user', null,
  'entitlements', (select coalesce(json_agg(json_build_array(product_key, status, started_at, ends_at)), '[]')
    from entitlements where workspace_id = $1 and account_id = a.id),
  'usage', (select coalesce(json_agg(json_build_array(metric, value, "limit")), '[]')
    from usage_metrics where workspace_id = $1 and account_id = a.id),
  'counters', (select coalesce(json_agg(json_build_array(name, user_id, day, count)), '[]')
    from event_counters where workspace_id = $1 and account_id = a.id and user_id = '' and day >= $4::date),
  'trials', (select coalesce(json_agg(json_build_array(product_key, status, started_at)), '[]')
    from trials where workspace_id = $1 and account_id = a.id),
  'states', '[]'::json,
  'promptsToday', 0,
  'accountServed', '[]'::json,
  'everSeen', (select coalesce(json_agg(n), '[]') from unnest($5::text[]) as n
    where exists (select 1 from event_counters
      where workspace_id = $1 and account_id = a.id and user_id = '' and name = n)),
  'requests', '[]'::json,
  'roles', (select coalesce(json_object_agg(role, n), '{}') from
    (select role, count(*)::int as n from users where workspace_id = $1 and account_id = a.id group by role) r)
)::text as state
from accounts a
where a.workspace_id = $1 and a.id > $2
order by a.id
limit $3`;

export type AccountBatchRow = AccountStateRow & { roles: Record<string, number> };

export async function selectAccountBatch(
  client: RawClient,
  p: {
    workspaceId: string;
    afterId: string;
    limit: number;
    sinceDay: string;
    everSeenNames: readonly string[];
  },
): Promise<Array<{ id: string; row: AccountBatchRow }>> {
  const rows = await client.query<{ id: string; state: string }>(ACCOUNT_BATCH_SQL, [
    p.workspaceId,
    p.afterId,
    p.limit,
    p.sinceDay,
    p.everSeenNames,
  ]);
  return rows.map((r) => ({ id: r.id, row: JSON.parse(r.state) as AccountBatchRow }));
}

export async function countAccounts(client: RawClient, workspaceId: string): Promise<number> {
  const [row] = await client.query<{ n: number }>(
    'select count(*)::int as n from accounts where workspace_id = $1',
    [workspaceId],
  );
  return row?.n ?? 0;
}
