import { type Batcher, createBatcher } from '../batcher.ts';
import type { RawClient } from './raw.ts';

type QuotaScope = 'user' | 'account';

/** Steps 1 and 2: `<scope>_demand` counts the batch's served attempts per scope row and day, and
 * `<scope>_quota` grows each row by as many as the cap (column `cap` of the input) still allows,
 * keeping in `granted` how many it gave this statement. */
const dailyQuota = (scope: QuotaScope, table: string, cap: string) => `
${scope}_demand as (
  select workspace_id, ${scope}_id, day, count(*)::int as n, max(${cap}) as cap from input
  where outcome = 'served' and ${cap} > 0
  group by workspace_id, ${scope}_id, day
),
${scope}_quota as (
  insert into ${table} as q (workspace_id, ${scope}_id, day, count, granted)
  select workspace_id, ${scope}_id, day, least(n, cap), least(n, cap) from ${scope}_demand
  order by workspace_id, ${scope}_id, day
  on conflict (workspace_id, ${scope}_id, day) do update set (count, granted) = (
    select q.count + g.n, g.n from (select least(d.n, d.cap - q.count) as n from ${scope}_demand d
      where d.workspace_id = q.workspace_id and d.${scope}_id = q.${scope}_id and d.day = q.day) g)
  where q.count < (select d.cap from ${scope}_demand d
    where d.workspace_id = q.workspace_id and d.${scope}_id = q.${scope}_id and d.day = q.day)
  returning q.workspace_id, q.${scope}_id, q.day, q.granted
)`;

/** Whether an attempt passes a daily quota: a served one when it is among the first `granted` of
 * its row (`rank`: its place among them), a held-out one while the row has room. */
const quotaPasses = (scope: QuotaScope, table: string, cap: string, rank: string) => `
    case when outcome = 'served' then exists (select 1 from ${scope}_quota a
        where a.workspace_id = input.workspace_id and a.${scope}_id = input.${scope}_id and a.day = input.day
          and input.${rank} <= a.granted)
      else ${cap} > 0 and not exists (select 1 from ${table} q
        where q.workspace_id = input.workspace_id and q.${scope}_id = input.${scope}_id and q.day = input.day
          and q.count >= input.${cap}) end`;

/**
 * Serving messages (or recording held-out exposures) is ONE statement per batch of attempts (see
 * batcher.ts: concurrent decide calls share it), whose writes are chained conditional upserts, so
 * every cap is enforced by the database under concurrency, across instances. Per attempt:
 *
 * 1. `user_quota`: the user's prompts today. A batch may hold several served attempts of one user (two
 *    placements of one call, or concurrent calls): the row grows by as many as the workspace cap
 *    still allows, and `granted` keeps how many, so the first that many of the user's attempts (in
 *    batch order, `rank`) pass. Its row lock also serialises concurrent decisions of one user.
 * 2. `account_quota`: the account's prompts today, all its users together, only when the workspace
 *    caps them: as step 1, per account (`arank` orders an account's served attempts in the batch).
 *    Its row lock serialises concurrent decisions of one account while the cap is set.
 * 3. `acct`: the account's impressions of this campaign today, +1 only below the campaign's
 *    per-account cap (skipped when the campaign has none).
 * 4. `shown`: the user × campaign state, +1 impression only while below the campaign's maximum, the
 *    minimum interval has passed, dismissals are below the stop, the dismissal cooldown and any
 *    snooze are over, and (when the campaign stops there) nothing was converted.
 * 5. `decision`: the decisions row, only when all of the above won.
 *
 * A held-out exposure does not take from steps 1 and 2 (nothing is shown, so the daily prompts are
 * untouched) but needs the quotas to have room, as a shown message would, and passes the same
 * per-campaign caps: the control group is recorded where and at the cadence the treatment group is
 * shown, not on every page view nor past the daily cap.
 *
 * A batch never holds two attempts of one user × campaign, nor two of one account × capped campaign
 * (the batcher's keys, serveKeys), and the quota upserts take one row per user and per account, so
 * no upsert touches a row twice and steps 3–5 are each attempt's own rows. Rows are upserted in key
 * order, users' before accounts', so batches of several instances lock in the same order. A statement
 * is atomic, so nothing half-done is ever visible as a served message. When an earlier step won but
 * a later one lost (a race the in-memory pre-check could not see), the reservations are handed back
 * by `releaseReservation`: in between they can only make another request serve less, never more
 * than a cap.
 *
 * The attempts travel as ONE JSON array parameter (`i` is the attempt's index), read by
 * json_to_recordset in C: one JSON.stringify instead of the driver escaping two dozen arrays.
 */
const SERVE_SQL = `
with input as (
  select * from json_to_recordset($1::text::json) as t(i int, rank int, arank int, workspace_id text, user_id text,
    account_id text, campaign_id uuid, campaign_version int, day date, now timestamptz, global_cap int,
    max_impressions int, min_interval float8, stop_dismissals int, cooldown float8,
    stop_conversion bool, acct_cap int, account_prompt_cap int, decision_id uuid, placement text, outcome text, channel text,
    target_kind text, target_key text, motion text, variant text, plan text, segment text, offer jsonb,
    context jsonb)
),
${dailyQuota('user', 'user_daily_prompts', 'global_cap')},
${dailyQuota('account', 'account_daily_prompts', 'account_prompt_cap')},
checked as (
  select input.*, ${quotaPasses('user', 'user_daily_prompts', 'global_cap', 'rank')} as user_ok,
    (account_prompt_cap is null or ${quotaPasses('account', 'account_daily_prompts', 'account_prompt_cap', 'arank')})
      as account_ok
  from input
),
gate as (
  select * from checked where user_ok and account_ok
),
acct as (
  insert into account_campaign_daily as d (workspace_id, account_id, campaign_id, day, count)
  select workspace_id, account_id, campaign_id, day, 1 from gate
  where acct_cap is not null
  order by workspace_id, account_id, campaign_id
  on conflict (workspace_id, account_id, campaign_id, day) do update set count = d.count + 1
  where d.count < (select g.acct_cap from gate g where g.workspace_id = d.workspace_id
    and g.account_id = d.account_id and g.campaign_id = d.campaign_id and g.acct_cap is not null)
  returning d.workspace_id, d.account_id, d.campaign_id
),
passed as (
  select * from gate
  where acct_cap is null or exists (select 1 from acct where acct.workspace_id = gate.workspace_id
    and acct.account_id = gate.account_id and acct.campaign_id = gate.campaign_id)
),
shown as (
  insert into message_states as m
    (workspace_id, user_id, campaign_id, account_id, impressions, first_shown_at, last_shown_at, updated_at)
  select workspace_id, user_id, campaign_id, account_id, 1, now, now, now from passed
  order by workspace_id, user_id, campaign_id
  on conflict (workspace_id, user_id, campaign_id) do update set
    impressions = m.impressions + 1,
    first_shown_at = coalesce(m.first_shown_at, excluded.first_shown_at),
    last_shown_at = excluded.last_shown_at,
    updated_at = excluded.updated_at
  where exists (select 1 from passed p
    where p.workspace_id = m.workspace_id and p.user_id = m.user_id and p.campaign_id = m.campaign_id
      and m.impressions < p.max_impressions
      and (m.last_shown_at is null or m.last_shown_at <= p.now - make_interval(secs => p.min_interval))
      and m.dismissals < p.stop_dismissals
      and (m.last_dismissed_at is null or m.last_dismissed_at <= p.now - make_interval(secs => p.cooldown))
      and (m.snoozed_until is null or m.snoozed_until <= p.now)
      and (not p.stop_conversion or m.converted_at is null))
  returning m.workspace_id, m.user_id, m.campaign_id
),
decision as (
  insert into decisions (workspace_id, id, campaign_id, campaign_version, account_id, user_id, placement,
    outcome, holdout, channel, target_kind, target_key, motion, variant, plan, segment, offer, context,
    created_at)
  select p.workspace_id, p.decision_id, p.campaign_id, p.campaign_version, p.account_id, p.user_id,
    p.placement, p.outcome, p.outcome = 'held_out', p.channel, p.target_kind, p.target_key, p.motion,
    p.variant, p.plan, p.segment, p.offer, p.context, p.now
  from passed p join shown s
    on s.workspace_id = p.workspace_id and s.user_id = p.user_id and s.campaign_id = p.campaign_id
  returning id
)
select
  (select user_ok::int from checked c where c.i = input.i) as quota,
  (select (account_ok and account_prompt_cap is not null)::int from checked c where c.i = input.i)
    as "accountQuota",
  (exists (select 1 from acct a where a.workspace_id = input.workspace_id
    and a.account_id = input.account_id and a.campaign_id = input.campaign_id))::int as acct,
  (exists (select 1 from shown s where s.workspace_id = input.workspace_id
    and s.user_id = input.user_id and s.campaign_id = input.campaign_id))::int as shown
from input order by i`;

const RELEASE_SQL = `
with q as (
  update user_daily_prompts set count = count - 1
  where workspace_id = $1 and user_id = $2 and day = $5::date and count > 0 and $6::bool
  returning 1
),
a as (
  update account_campaign_daily set count = count - 1
  where workspace_id = $1 and account_id = $3 and campaign_id = $4::uuid and day = $5::date and count > 0
    and $7::bool
  returning 1
),
p as (
  update account_daily_prompts set count = count - 1
  where workspace_id = $1 and account_id = $3 and day = $5::date and count > 0 and $8::bool
  returning 1
)
select (select count(*) from q)::int + (select count(*) from a)::int + (select count(*) from p)::int
  as released`;

export interface ServeAttempt {
  workspaceId: string;
  userId: string;
  accountId: string;
  campaignId: string;
  campaignVersion: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
  now: Date;
  globalDailyCap: number;
  maxImpressions: number;
  minIntervalSeconds: number;
  stopAfterDismissals: number;
  dismissCooldownSeconds: number;
  stopAfterConversion: boolean;
  accountDailyCap: number | null;
  /** The workspace's cap of prompts per account per day across all campaigns; null: none. */
  accountPromptCap: number | null;
  decisionId: string;
  placement: string;
  outcome: 'served' | 'held_out';
  channel: string;
  targetKind: string;
  targetKey: string;
  motion: string;
  /** The copy experiment's variant served; null for a held-out exposure or without an experiment. */
  variant: string | null;
  /** The account's plan and segment as decide read them (null when unset or never synced). */
  plan: string | null;
  segment: string | null;
  offer: unknown;
  context: Record<string, unknown>;
}

/** Which step won: `quota` 0 means the user's daily cap is reached, `accountQuota` 0 with an
 * account-wide cap the account's (nothing more can be served; for a held-out exposure: nothing is
 * recorded). `accountQuota` is 1 only when the cap is set and the step won. */
export interface ServeResult {
  quota: number;
  accountQuota: number;
  acct: number;
  shown: number;
}

/** Counts one more of `key`, returning the new count. */
function tally(counts: Map<string, number>, key: string): number {
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n;
}

/** Runs a batch of attempts in one statement; one result per attempt, in order. */
async function serveBatch(client: RawClient, attempts: readonly ServeAttempt[]): Promise<ServeResult[]> {
  // An attempt's place among the served attempts of its user that day: the quota grants in this order.
  const seen = new Map<string, number>();
  const seenAccounts = new Map<string, number>();
  const input = attempts.map((a, i) => ({
    i,
    rank: a.outcome === 'served' ? tally(seen, `${a.workspaceId} ${a.userId} ${a.day}`) : null,
    arank: a.outcome === 'served' ? tally(seenAccounts, `${a.workspaceId} ${a.accountId} ${a.day}`) : null,
    workspace_id: a.workspaceId,
    user_id: a.userId,
    account_id: a.accountId,
    campaign_id: a.campaignId,
    campaign_version: a.campaignVersion,
    day: a.day,
    now: a.now.toISOString(),
    global_cap: a.globalDailyCap,
    max_impressions: a.maxImpressions,
    min_interval: a.minIntervalSeconds,
    stop_dismissals: a.stopAfterDismissals,
    cooldown: a.dismissCooldownSeconds,
    stop_conversion: a.stopAfterConversion,
    acct_cap: a.accountDailyCap,
    account_prompt_cap: a.accountPromptCap,
    decision_id: a.decisionId,
    placement: a.placement,
    outcome: a.outcome,
    channel: a.channel,
    target_kind: a.targetKind,
    target_key: a.targetKey,
    motion: a.motion,
    variant: a.variant,
    plan: a.plan,
    segment: a.segment,
    offer: a.offer ?? null,
    context: a.context,
  }));
  return client.query<ServeResult>(SERVE_SQL, [JSON.stringify(input)]);
}

/** Rows an attempt writes one of its own, for the batcher: the user × campaign state, and the
 * account × campaign daily count when the campaign caps it. The user's daily quota row is shared by
 * all of the user's served attempts in a batch (see SERVE_SQL), so it is no key. */
function serveKeys(a: ServeAttempt): string[] {
  const keys = [`m ${a.workspaceId} ${a.userId} ${a.campaignId}`];
  if (a.accountDailyCap !== null) keys.push(`a ${a.workspaceId} ${a.accountId} ${a.campaignId}`);
  return keys;
}

const batchers = new WeakMap<RawClient, Batcher<ServeAttempt, ServeResult>>();

/** Serves one attempt, in a batch with the attempts of concurrent decide calls (see SERVE_SQL). */
export function tryServe(client: RawClient, attempt: ServeAttempt): Promise<ServeResult> {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = createBatcher({
      run: (attempts) => serveBatch(client, attempts),
      maxBatch: 64,
      maxInFlight: 1,
      keys: serveKeys,
    });
    batchers.set(client, batcher);
  }
  return batcher(attempt);
}

/** Hands back the reservations of an attempt that lost a later step (see SERVE_SQL). */
export async function releaseReservation(
  client: RawClient,
  a: ServeAttempt,
  result: ServeResult,
): Promise<void> {
  const quota = result.quota > 0 && a.outcome === 'served';
  const accountQuota = result.accountQuota > 0 && a.outcome === 'served';
  const acct = result.acct > 0;
  if (!quota && !accountQuota && !acct) return;
  await client.query(RELEASE_SQL, [
    a.workspaceId,
    a.userId,
    a.accountId,
    a.campaignId,
    a.day,
    quota,
    acct,
    accountQuota,
  ]);
}
