import type { RawClient } from './raw.ts';

/**
 * Serving one message (or recording one held-out exposure) is ONE statement whose writes are chained
 * conditional upserts, so every cap is enforced by the database under concurrency, across instances:
 *
 * 1. `quota`: the user's prompts today, +1 only while below the workspace cap. Its row lock also
 *    serialises concurrent decisions of one user for the rest of the statement.
 * 2. `acct`: the account's impressions of this campaign today, +1 only below the campaign's
 *    per-account cap (skipped when the campaign has none).
 * 3. `shown`: the user × campaign state, +1 impression only while below the campaign's maximum, the
 *    minimum interval has passed, dismissals are below the stop, the dismissal cooldown and any
 *    snooze are over, and (when the campaign stops there) nothing was converted.
 * 4. `decision`: the decisions row, only when all of the above won.
 *
 * A held-out exposure skips step 1 (nothing is shown, so the user's daily prompts are untouched) but
 * passes the same per-campaign caps, so the control group is recorded at the cadence the treatment
 * group is shown, not on every page view.
 *
 * A statement is atomic, so nothing half-done is ever visible as a served message. When an earlier
 * step won but a later one lost (a race the in-memory pre-check could not see), the reservations are
 * handed back by `releaseReservation`: in between they can only make another request serve less,
 * never more than a cap.
 */
const SERVE_SQL = `
with quota as (
  insert into user_daily_prompts as q (workspace_id, user_id, day, count)
  select $1, $2, $6::date, 1 where $8::int > 0 and $25::bool
  on conflict (workspace_id, user_id, day) do update set count = q.count + 1
  where q.count < $8::int
  returning q.count
),
gate as (select 1 from quota union all select 1 where not $25::bool),
acct as (
  insert into account_campaign_daily as d (workspace_id, account_id, campaign_id, day, count)
  select $1, $3, $4::uuid, $6::date, 1 from gate where $14::int is not null
  on conflict (workspace_id, account_id, campaign_id, day) do update set count = d.count + 1
  where d.count < $14::int
  returning d.count
),
shown as (
  insert into message_states as m
    (workspace_id, user_id, campaign_id, account_id, impressions, first_shown_at, last_shown_at, updated_at)
  select $1, $2, $4::uuid, $3, 1, $7::timestamptz, $7::timestamptz, $7::timestamptz
  from gate where $14::int is null or exists (select 1 from acct)
  on conflict (workspace_id, user_id, campaign_id) do update set
    impressions = m.impressions + 1,
    first_shown_at = coalesce(m.first_shown_at, excluded.first_shown_at),
    last_shown_at = excluded.last_shown_at,
    updated_at = excluded.updated_at
  where m.impressions < $9::int
    and (m.last_shown_at is null or m.last_shown_at <= $7::timestamptz - make_interval(secs => $10::float8))
    and m.dismissals < $11::int
    and (m.last_dismissed_at is null
      or m.last_dismissed_at <= $7::timestamptz - make_interval(secs => $12::float8))
    and (m.snoozed_until is null or m.snoozed_until <= $7::timestamptz)
    and (not $13::bool or m.converted_at is null)
  returning m.impressions
),
decision as (
  insert into decisions (workspace_id, id, campaign_id, campaign_version, account_id, user_id, placement,
    outcome, holdout, channel, target_kind, target_key, motion, offer, context, created_at)
  select $1, $15::uuid, $4::uuid, $5::int, $3, $2, $16, $17, $18::bool, $19, $20, $21, $22, $23::jsonb,
    $24::jsonb, $7::timestamptz
  from shown
  returning id
)
select (select count(*) from gate)::int as quota, (select count(*) from acct)::int as acct,
  (select count(*) from shown)::int as shown`;

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
)
select (select count(*) from q)::int + (select count(*) from a)::int as released`;

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
  decisionId: string;
  placement: string;
  outcome: 'served' | 'held_out';
  channel: string;
  targetKind: string;
  targetKey: string;
  motion: string;
  offer: unknown;
  context: Record<string, unknown>;
}

/** Which step won: `quota` 0 means the user's daily cap is reached (nothing more can be served).
 * For held-out exposures `quota` is always 1 (the step is skipped). */
export interface ServeResult {
  quota: number;
  acct: number;
  shown: number;
}

export async function tryServe(client: RawClient, a: ServeAttempt): Promise<ServeResult> {
  const [row] = await client.query<ServeResult>(SERVE_SQL, [
    a.workspaceId,
    a.userId,
    a.accountId,
    a.campaignId,
    a.campaignVersion,
    a.day,
    a.now.toISOString(),
    a.globalDailyCap,
    a.maxImpressions,
    a.minIntervalSeconds,
    a.stopAfterDismissals,
    a.dismissCooldownSeconds,
    a.stopAfterConversion,
    a.accountDailyCap,
    a.decisionId,
    a.placement,
    a.outcome,
    a.outcome === 'held_out',
    a.channel,
    a.targetKind,
    a.targetKey,
    a.motion,
    a.offer === undefined ? null : JSON.stringify(a.offer),
    JSON.stringify(a.context),
    a.outcome === 'served',
  ]);
  return row ?? { quota: 0, acct: 0, shown: 0 };
}

/** Hands back the reservations of an attempt that lost a later step (see SERVE_SQL). */
export async function releaseReservation(
  client: RawClient,
  a: ServeAttempt,
  result: ServeResult,
): Promise<void> {
  const quota = result.quota > 0 && a.outcome === 'served';
  const acct = result.acct > 0;
  if (!quota && !acct) return;
  await client.query(RELEASE_SQL, [a.workspaceId, a.userId, a.accountId, a.campaignId, a.day, quota, acct]);
}
