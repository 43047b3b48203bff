import { type Batcher, createBatcher } from '../batcher.ts';
import type { RawClient } from './raw.ts';

/**
 * One scope's daily counters since $4, one row per name: `days` is "<day offset from $4> <count>"
 * pairs, space-separated. Digits need no JSON escaping, so the JSON is built per name, not per day
 * row: measured ~85 → ~35 µs per subject of the state statement. The scope is a key prefix (the
 * account's own rows, or one user's), so an account's other users' rows are never scanned.
 */
const COUNTER_GROUPS = (account: string, user: string) => `
  select name, user_id, string_agg((day - $4::date) || ' ' || count, ' ') as days
  from event_counters
  where workspace_id = $1 and account_id = ${account} and user_id = ${user} and day >= $4::date
  group by user_id, name`;

/**
 * Everything the engine needs about one account and one of its users, plus the workspace's config
 * version (so caches are checked in the same round trip), as ONE statement returning one JSON text
 * per subject. Concurrent decide calls of one workspace share the statement (batcher.ts): one row
 * per (account, user) pair, in order. Every subquery is an index lookup on a primary key or a key
 * prefix; counters are daily rows since $4, so decide never scans raw events.
 *
 * Parameters: $1 workspace, $2 accounts, $3 users (pairwise), $4 first counter day, $5 today (UTC),
 * $6 event names whose all-time presence matters (activation milestones, milestone triggers).
 */
const ACCOUNT_STATE_SQL = `
select json_build_object(
  'cv', (select config_version from workspaces where id = $1),
  'account', (select json_build_object(
      'name', name, 'segment', segment, 'industry', industry, 'seats', seats, 'plan', plan, 'mrr', mrr,
      'healthScore', health_score, 'signupAt', signup_at, 'renewalAt', renewal_at,
      'firstPurchaseAt', first_purchase_at, 'attributes', attributes, 'test', test)
    from accounts where workspace_id = $1 and id = subj.account_id),
  'user', (select json_build_object('role', role, 'locale', locale, 'name', name, 'attributes', attributes)
    from users where workspace_id = $1 and id = subj.user_id),
  'entitlements', (select coalesce(json_agg(json_build_array(product_key, status, started_at, ends_at)), '[]')
    from entitlements where workspace_id = $1 and account_id = subj.account_id),
  'usage', (select coalesce(json_agg(json_build_array(metric, value, "limit")), '[]')
    from usage_metrics where workspace_id = $1 and account_id = subj.account_id),
  'counters', (select coalesce(json_agg(json_build_array(name, user_id, days)), '[]') from (
      ${COUNTER_GROUPS('subj.account_id', "''")}
      union all
      ${COUNTER_GROUPS('subj.account_id', "nullif(subj.user_id, '')")}) c),
  'trials', (select coalesce(json_agg(json_build_array(product_key, status, started_at)), '[]')
    from trials where workspace_id = $1 and account_id = subj.account_id),
  'states', (select coalesce(json_agg(json_build_array(campaign_id, impressions, dismissals, clicks,
      first_shown_at, last_shown_at, last_dismissed_at, snoozed_until, converted_at)), '[]')
    from message_states where workspace_id = $1 and user_id = subj.user_id),
  'promptsToday', (select count from user_daily_prompts
    where workspace_id = $1 and user_id = subj.user_id and day = $5::date),
  'accountPromptsToday', (select count from account_daily_prompts
    where workspace_id = $1 and account_id = subj.account_id and day = $5::date),
  'accountServed', (select coalesce(json_agg(json_build_array(campaign_id, count)), '[]')
    from account_campaign_daily where workspace_id = $1 and account_id = subj.account_id and day = $5::date),
  'everSeen', (select coalesce(json_agg(n), '[]') from unnest($6::text[]) as n
    where exists (select 1 from event_counters
      where workspace_id = $1 and account_id = subj.account_id and user_id = '' and name = n)),
  'requests', (select coalesce(json_agg(json_build_array(r.id, r.product_key, r.requested_by, r.created_at)), '[]')
    from (select ar.id, ar.product_key, coalesce(u.name, u.email, ar.user_id) as requested_by, ar.created_at
      from access_requests ar
      left join users u on u.workspace_id = ar.workspace_id and u.id = ar.user_id
      where ar.workspace_id = $1 and ar.account_id = subj.account_id and ar.status = 'open'
      order by ar.created_at desc limit 20) r)
)::text as state
from unnest($2::text[], $3::text[]) with ordinality as subj(account_id, user_id, i)
order by subj.i`;

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
    test: boolean;
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
  accountPromptsToday: number | null;
  accountServed: Array<[campaignId: string, count: number]>;
  everSeen: string[];
  requests: Array<[id: string, productKey: string, requestedBy: string, createdAt: string]>;
}

/** The statement's JSON, before `counters` is unpacked (see COUNTER_GROUPS). */
type WireRow<T extends AccountStateRow> = Omit<T, 'counters'> & {
  counters: Array<[name: string, userId: string, days: string]>;
};

const ONE_DAY_MS = 86_400_000;
/** `YYYY-MM-DD` names of the days after one `since`, built once per day offset. */
const dayNames = new Map<string, string[]>();

function dayAfter(since: string, offset: number): string {
  let names = dayNames.get(since);
  if (!names) {
    // Keyed by the first counter day, so only a handful are live at once (one per history length).
    if (dayNames.size >= 16) dayNames.clear();
    names = [];
    dayNames.set(since, names);
  }
  let name = names[offset];
  if (name === undefined) {
    name = new Date(Date.parse(since) + offset * ONE_DAY_MS).toISOString().slice(0, 10);
    names[offset] = name;
  }
  return name;
}

function unpack<T extends AccountStateRow>(json: string, since: string): T {
  const wire = JSON.parse(json) as WireRow<T>;
  const counters: AccountStateRow['counters'] = [];
  for (const [name, userId, days] of wire.counters) {
    const pairs = days.split(' ');
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      counters.push([name, userId, dayAfter(since, Number(pairs[i])), Number(pairs[i + 1])]);
    }
  }
  return { ...wire, counters } as T;
}

/** What all subjects of one statement share. */
export interface AccountStateParams {
  workspaceId: string;
  sinceDay: string;
  today: string;
  everSeenNames: readonly string[];
}

export interface StateSubject {
  accountId: string;
  userId: string;
}

async function selectAccountStates(
  client: RawClient,
  p: AccountStateParams,
  subjects: readonly StateSubject[],
): Promise<AccountStateRow[]> {
  const rows = await client.query<{ state: string }>(ACCOUNT_STATE_SQL, [
    p.workspaceId,
    subjects.map((s) => s.accountId),
    subjects.map((s) => s.userId),
    p.sinceDay,
    p.today,
    p.everSeenNames,
  ]);
  if (rows.length !== subjects.length) throw new Error('account state query lost a subject');
  return rows.map((r) => unpack<AccountStateRow>(r.state, p.sinceDay));
}

type StateRequest = { params: AccountStateParams; subject: StateSubject };
const batchers = new WeakMap<RawClient, Batcher<StateRequest, AccountStateRow>>();

/** One subject's state, read in a batch with concurrent requests that share its parameters. */
export function selectAccountState(
  client: RawClient,
  params: AccountStateParams,
  subject: StateSubject,
): Promise<AccountStateRow> {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = createBatcher({
      run: (requests) =>
        selectAccountStates(
          client,
          (requests[0] as StateRequest).params,
          requests.map((r) => r.subject),
        ),
      maxBatch: 64,
      maxInFlight: 1,
      group: ({ params: p }) => `${p.workspaceId} ${p.sinceDay} ${p.today} ${p.everSeenNames.join(',')}`,
    });
    batchers.set(client, batcher);
  }
  return batcher({ params, subject });
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
      'firstPurchaseAt', a.first_purchase_at, 'attributes', a.attributes, 'test', a.test),
  'user', null,
  'entitlements', (select coalesce(json_agg(json_build_array(product_key, status, started_at, ends_at)), '[]')
    from entitlements where workspace_id = $1 and account_id = a.id),
  'usage', (select coalesce(json_agg(json_build_array(metric, value, "limit")), '[]')
    from usage_metrics where workspace_id = $1 and account_id = a.id),
  'counters', (select coalesce(json_agg(json_build_array(name, user_id, days)), '[]') from (
      ${COUNTER_GROUPS('a.id', "''")}) c),
  'trials', (select coalesce(json_agg(json_build_array(product_key, status, started_at)), '[]')
    from trials where workspace_id = $1 and account_id = a.id),
  'states', '[]'::json,
  'promptsToday', 0,
  'accountPromptsToday', 0,
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
  return rows.map((r) => ({ id: r.id, row: unpack<AccountBatchRow>(r.state, p.sinceDay) }));
}

export async function countAccounts(client: RawClient, workspaceId: string): Promise<number> {
  const [row] = await client.query<{ n: number }>(
    'select count(*)::int as n from accounts where workspace_id = $1',
    [workspaceId],
  );
  return row?.n ?? 0;
}
