import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';

export interface AnalyticsFilter {
  workspaceId: string;
  from: Date;
  to: Date;
  segment?: string | undefined;
  plan?: string | undefined;
  /** Signup cohort: accounts that signed up in [from, to). */
  signedUp?: { from: Date; to: Date } | undefined;
  campaignId?: string | undefined;
  motion?: string | undefined;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/*
 * Reads go by campaign: decisions and message interactions are indexed by workspace, campaign, then
 * kind and time. An interaction's campaign is resolved from its decision when it is ingested
 * (queries/events.ts), so reports filter on events.campaign_id itself.
 */

/** The signup cohort a report is narrowed to, on accounts alias `a`. */
function cohortSlice(f: Pick<AnalyticsFilter, 'signedUp'>): SQL {
  return f.signedUp
    ? sql`and a.signup_at >= ${ts(f.signedUp.from)} and a.signup_at < ${ts(f.signedUp.to)}`
    : sql``;
}

/** The plan and segment a report is narrowed to, read from the given expressions. */
function planSegmentSlice(f: Pick<AnalyticsFilter, 'segment' | 'plan'>, plan: SQL, segment: SQL): SQL {
  return sql`${f.segment ? sql`and ${segment} = ${f.segment}` : sql``}
    ${f.plan ? sql`and ${plan} = ${f.plan}` : sql``}`;
}

/**
 * The slice of accounts a report is narrowed to (segment, plan, signup cohort), on accounts alias
 * `a`: their current plan and segment, as the portfolio reports read them.
 */
export function accountSlice(f: Pick<AnalyticsFilter, 'segment' | 'plan' | 'signedUp'>): SQL {
  return sql`${planSegmentSlice(f, sql`a.plan`, sql`a.segment`)} ${cohortSlice(f)}`;
}

/** Whether the report is narrowed to a slice of accounts at all. */
export const sliced = (f: Pick<AnalyticsFilter, 'segment' | 'plan' | 'signedUp'>) =>
  Boolean(f.segment || f.plan || f.signedUp);

const num = (v: unknown) => Number(v ?? 0);

/**
 * Every decision outcome, listed in reads by campaign so that the index (campaign, outcome, time)
 * is ranged on time.
 */
const OUTCOMES = sql`('served', 'held_out', 'capped')`;

/*
 * Campaign reports (funnel, daily steps, lift, copy experiment) count an account in the plan and
 * segment it had when the campaign first decided for it in the range, as its decision recorded
 * them: what a campaign sells may change them (a tier upsell moves the account to the plan it
 * sold), and slicing by the value after the outcome would take every converter out of the slice the
 * campaign targeted. An account without such a decision (a purchase in range of an earlier
 * decision), or whose decision predates their recording, counts in its current ones.
 */
const slicedByState = (f: AnalyticsFilter) => Boolean(f.plan || f.segment);

/**
 * CTE `at_first (campaign_id, account_id, plan, segment)`: the plan and segment at each account's
 * first decision in range by each campaign `campaigns` (a subquery of ids) lists. Only when slicing
 * by them: the reports join it as `s`.
 */
function atFirstDecision(f: AnalyticsFilter, campaigns: SQL): SQL {
  if (!slicedByState(f)) return sql``;
  return sql`at_first as (
      select distinct on (d.campaign_id, d.account_id) d.campaign_id, d.account_id, d.plan, d.segment
      from decisions d
      where d.workspace_id = ${f.workspaceId} and d.campaign_id in (${campaigns}) and d.outcome in ${OUTCOMES}
        and d.created_at >= ${ts(f.from)} and d.created_at < ${ts(f.to)}
      order by d.campaign_id, d.account_id, d.created_at
    ),`;
}

/** A campaign report's join of its source (alias `x`: campaign_id, account_id) to `at_first`. */
function atFirstJoin(f: AnalyticsFilter, x: string): SQL {
  if (!slicedByState(f)) return sql``;
  const source = sql.raw(x);
  return sql`left join at_first s on s.campaign_id = ${source}.campaign_id and s.account_id = ${source}.account_id`;
}

/** A first decision's plan and segment (decisions `d`, accounts `a`), for firstDecisionSlice. */
const decidedPlanSegment = sql`coalesce(d.plan, a.plan) as plan, coalesce(d.segment, a.segment) as segment`;

/** The slice's plan and segment on first decisions (alias `f`) that selected decidedPlanSegment. */
const firstDecisionSlice = (f: AnalyticsFilter) => planSegmentSlice(f, sql`f.plan`, sql`f.segment`);

/**
 * The accounts a campaign report counts: never a test account, and only the slice's when slicing,
 * with plan and segment as `at_first` has them. The accounts alias must be left-joined as `a` (an
 * erased account's rows still count).
 */
function campaignScope(f: AnalyticsFilter): SQL {
  return sql`and a.test is not true ${cohortSlice(f)}
    ${planSegmentSlice(f, sql`coalesce(s.plan, a.plan)`, sql`coalesce(s.segment, a.segment)`)}`;
}

/**
 * Per-(campaign, account) aggregates (alias `x`) joined to their account, and to `at_first` when
 * slicing, keeping the accounts campaignScope counts: once per aggregate, not once per row.
 */
function scopedAggregates(f: AnalyticsFilter): SQL {
  return sql`left join accounts a on a.workspace_id = ${f.workspaceId} and a.id = x.account_id
    ${atFirstJoin(f, 'x')}
    where true ${campaignScope(f)}`;
}

/*
 * Purchase and trial reports (expansion MRR, trial conversion, activation) count a purchase or a
 * trial in the plan and segment its own decision recorded, for the same reason: a tier bought moves
 * the account out of the plan it was bought from. One without a decision (or whose decision was
 * pruned or predates the recording) counts in the account's current ones.
 */

/** The join of a purchase or trial (alias `x`: workspace_id, decision_id) to its decision, `dd`. */
function ownDecisionJoin(f: AnalyticsFilter, x: string): SQL {
  if (!slicedByState(f)) return sql``;
  const source = sql.raw(x);
  return sql`left join decisions dd on dd.workspace_id = ${source}.workspace_id and dd.id = ${source}.decision_id`;
}

/** The accounts a purchase or trial report counts (as campaignScope, plan and segment from `dd`). */
function ownDecisionScope(f: AnalyticsFilter): SQL {
  return sql`and a.test is not true ${cohortSlice(f)}
    ${planSegmentSlice(f, sql`coalesce(dd.plan, a.plan)`, sql`coalesce(dd.segment, a.segment)`)}`;
}

/**
 * Distinct accounts per funnel stage per campaign; see shared CampaignFunnel. Each source is read
 * once, by the campaigns in scope (their indexes lead with the campaign), and aggregated per
 * (campaign, account) before counting, rather than counted per campaign over the whole range.
 * Decisions and interactions join their account (and the slice) once per aggregate, not once per
 * row: a quarter less time over a year of 500,000 of each.
 */
export async function funnelRows(database: Database, f: AnalyticsFilter) {
  const ws = f.workspaceId;
  const rows = await database.rows<Record<string, unknown>>(sql`
    with scope as (
      select c.id from campaigns c
      where c.workspace_id = ${ws}
        ${f.campaignId ? sql`and c.id = ${f.campaignId}::uuid` : sql``}
        ${f.motion ? sql`and c.definition->>'motion' = ${f.motion}` : sql``}
    ), ${atFirstDecision(f, sql`select id from scope`)} d as (
      select x.* from (
        select d.campaign_id, d.account_id, bool_or(d.outcome = 'held_out') as held_out,
          bool_or(d.outcome <> 'held_out') as treated
        from decisions d
        where d.workspace_id = ${ws} and d.campaign_id in (select id from scope) and d.outcome in ${OUTCOMES}
          and d.created_at >= ${ts(f.from)} and d.created_at < ${ts(f.to)}
        group by 1, 2
      ) x ${scopedAggregates(f)}
    ), dn as (
      select campaign_id, count(*) as eligible, count(*) filter (where held_out) as held_out,
        count(*) filter (where treated) as treated
      from d group by 1
    ), ev as (
      select x.* from (
        select e.campaign_id, e.account_id, bool_or(e.name = 'message.shown') as shown,
          bool_or(e.name = 'message.clicked') as clicked, bool_or(e.name = 'message.dismissed') as dismissed
        from events e
        where e.workspace_id = ${ws} and e.campaign_id in (select id from scope)
          and e.name in ('message.shown', 'message.clicked', 'message.dismissed')
          and e.ts >= ${ts(f.from)} and e.ts < ${ts(f.to)}
        group by 1, 2
      ) x ${scopedAggregates(f)}
    ), en as (
      select campaign_id, count(*) filter (where shown) as shown, count(*) filter (where clicked) as clicked,
        count(*) filter (where dismissed) as dismissed
      from ev group by 1
    ), tr as (
      select t.campaign_id, count(distinct t.account_id) as trials from trials t
      left join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
      ${atFirstJoin(f, 't')}
      where t.workspace_id = ${ws} and t.campaign_id in (select id from scope)
        and t.started_at >= ${ts(f.from)} and t.started_at < ${ts(f.to)} ${campaignScope(f)}
      group by 1
    ), pu as (
      select p.campaign_id, count(distinct p.account_id) as converted, sum(p.amount) as revenue,
        min(p.currency) as currency
      from purchases p
      left join accounts a on a.workspace_id = p.workspace_id and a.id = p.account_id
      ${atFirstJoin(f, 'p')}
      where p.workspace_id = ${ws} and p.campaign_id in (select id from scope) and p.status <> 'failed'
        and p.created_at >= ${ts(f.from)} and p.created_at < ${ts(f.to)} ${campaignScope(f)}
      group by 1
    )
    select c.id::text as campaign_id, c.name, c.status, c.definition->>'motion' as motion,
      dn.eligible, dn.held_out, dn.treated, en.shown, en.clicked, en.dismissed, tr.trials, pu.converted,
      pu.revenue, pu.currency
    from campaigns c
    left join dn on dn.campaign_id = c.id
    left join en on en.campaign_id = c.id
    left join tr on tr.campaign_id = c.id
    left join pu on pu.campaign_id = c.id
    where c.workspace_id = ${ws} and c.id in (select id from scope)
    order by c.created_at, c.id`);
  return rows.map((r) => ({
    campaignId: String(r.campaign_id),
    name: String(r.name),
    status: String(r.status),
    motion: String(r.motion),
    eligible: num(r.eligible),
    heldOut: num(r.held_out),
    treated: num(r.treated),
    shown: num(r.shown),
    clicked: num(r.clicked),
    dismissed: num(r.dismissed),
    trialsStarted: num(r.trials),
    converted: num(r.converted),
    revenue: num(r.revenue),
    currency: r.currency == null ? null : String(r.currency),
  }));
}

/** One campaign's funnel steps per UTC day: distinct accounts per day and step (days with none absent). */
export async function campaignDailyRows(database: Database, f: AnalyticsFilter, campaignId: string) {
  const ws = f.workspaceId;
  const day = (column: SQL) => sql`((${column}) at time zone 'UTC')::date::text`;
  const rows = await database.rows<{ day: string; step: string; n: unknown }>(sql`
    with ${atFirstDecision(f, sql`${campaignId}::uuid`)} ev as (
      select ${day(sql`e.ts`)} as day, e.name, e.account_id from events e
      left join accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
      ${atFirstJoin(f, 'e')}
      where e.workspace_id = ${ws} and e.campaign_id = ${campaignId}::uuid
        and e.name in ('message.shown', 'message.clicked', 'message.dismissed')
        and e.ts >= ${ts(f.from)} and e.ts < ${ts(f.to)} ${campaignScope(f)}
    ), tr as (
      select ${day(sql`t.started_at`)} as day, t.account_id from trials t
      left join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
      ${atFirstJoin(f, 't')}
      where t.workspace_id = ${ws} and t.campaign_id = ${campaignId}::uuid
        and t.started_at >= ${ts(f.from)} and t.started_at < ${ts(f.to)} ${campaignScope(f)}
    ), pu as (
      select ${day(sql`p.created_at`)} as day, p.account_id from purchases p
      left join accounts a on a.workspace_id = p.workspace_id and a.id = p.account_id
      ${atFirstJoin(f, 'p')}
      where p.workspace_id = ${ws} and p.campaign_id = ${campaignId}::uuid and p.status <> 'failed'
        and p.created_at >= ${ts(f.from)} and p.created_at < ${ts(f.to)} ${campaignScope(f)}
    )
    select day,
      case name when 'message.shown' then 'shown' when 'message.clicked' then 'clicked' else 'dismissed' end as step,
      count(distinct account_id) as n from ev group by day, name
    union all select day, 'trialsStarted', count(distinct account_id) from tr group by day
    union all select day, 'converted', count(distinct account_id) from pu group by day`);
  return rows.map((r) => ({ day: String(r.day), step: String(r.step), n: num(r.n) }));
}

/**
 * For the (account, product) pairs the `first` CTE targets (account_id, target_key), the last time
 * before the end of the range each was bought — through our purchase path or as host-recorded
 * ownership — as the CTE body `bought (account_id, product_key, at)`. A first decision converted
 * when `bought.at >= first.created_at`: the lift and the copy experiment count the same way. One
 * pass over the workspace's purchases and ownership of those products, joined by hash, instead of
 * two index probes per first decision.
 */
function lastBought(f: AnalyticsFilter): SQL {
  const ws = f.workspaceId;
  return sql`select account_id, product_key, max(at) as at from (
      select p.account_id, p.product_key, p.created_at as at from purchases p
      where p.workspace_id = ${ws} and p.status <> 'failed' and p.created_at < ${ts(f.to)}
        and p.product_key in (select target_key from first)
      union all
      select e.account_id, e.product_key, e.started_at from entitlements e
      where e.workspace_id = ${ws} and e.source = 'host' and e.status = 'active' and e.started_at < ${ts(f.to)}
        and e.product_key in (select target_key from first)
    ) x group by 1, 2`;
}

/** Joins a first decision (alias `f`) to what its account bought of its target (alias `b`). */
const withBought = sql`left join bought b on b.account_id = f.account_id and b.product_key = f.target_key`;
const converted = sql`count(*) filter (where b.at >= f.created_at)`;

/**
 * Per campaign and arm (the account's first decision decides its arm, as holdout is per account):
 * accounts, and accounts that bought the targeted product after that first decision — through our
 * purchase path or as host-recorded ownership — before the end of the range.
 *
 * `holdoutPercentSum` sums, over those accounts, the holdout % in force when each was first
 * decided: the campaign version the decision recorded, read from its change history. A holdout %
 * changed mid-campaign so weighs each setting by the accounts it assigned, which is what the arms
 * were drawn from (a single current % would flag every such campaign as a mismatch). A version
 * without history (rows written before it was kept) falls back to the current definition.
 */
export async function liftArms(database: Database, f: AnalyticsFilter) {
  const ws = f.workspaceId;
  const rows = await database.rows<Record<string, unknown>>(sql`
    with first as (
      select distinct on (d.campaign_id, d.account_id) d.campaign_id, d.account_id, d.holdout, d.target_key,
        d.motion, d.created_at, d.campaign_version, ${decidedPlanSegment}
      from decisions d
      left join accounts a on a.workspace_id = d.workspace_id and a.id = d.account_id
      where d.workspace_id = ${ws} and d.outcome in ${OUTCOMES}
        and d.campaign_id in (select c.id from campaigns c where c.workspace_id = ${ws}
          ${f.campaignId ? sql`and c.id = ${f.campaignId}::uuid` : sql``})
        and d.created_at >= ${ts(f.from)} and d.created_at < ${ts(f.to)} and a.test is not true ${cohortSlice(f)}
        ${f.motion ? sql`and d.motion = ${f.motion}` : sql``}
      order by d.campaign_id, d.account_id, d.created_at
    ), percent as (
      select distinct on (r.campaign_id, r.version) r.campaign_id, r.version,
        (r.definition->'holdout'->>'percent')::float8 as percent
      from campaign_revisions r
      where r.workspace_id = ${ws} and r.campaign_id in (select campaign_id from first)
      order by r.campaign_id, r.version, r.created_at desc
    ), bought as (${lastBought(f)}),
    arms as (
      -- Narrow rows until counted: the campaign's name and definition join the totals.
      select f.campaign_id, f.motion, f.holdout, count(*) as accounts, sum(v.percent) as versioned_percent,
        count(*) filter (where v.percent is null) as unversioned, ${converted} as converted
      from first f
      left join percent v on v.campaign_id = f.campaign_id and v.version = f.campaign_version
      ${withBought}
      where true ${firstDecisionSlice(f)}
      group by 1, 2, 3
    )
    select r.campaign_id::text as campaign_id, c.name, r.motion, r.holdout, r.accounts, r.converted,
      coalesce(r.versioned_percent, 0)
        + r.unversioned * coalesce((c.definition->'holdout'->>'percent')::float8, 0) as holdout_percent_sum
    from arms r join campaigns c on c.workspace_id = ${ws} and c.id = r.campaign_id
    order by r.campaign_id`);
  return rows.map((r) => ({
    campaignId: String(r.campaign_id),
    name: String(r.name),
    motion: String(r.motion),
    holdout: r.holdout === true || r.holdout === 't',
    accounts: num(r.accounts),
    converted: num(r.converted),
    holdoutPercentSum: num(r.holdout_percent_sum),
  }));
}

/**
 * One campaign's copy experiment: its treated accounts (first decision in range not held out) by the
 * copy that first decision served, with how many of them saw and clicked the campaign's message in
 * range and how many bought its target after that decision (as the lift counts). Decisions taken
 * before the campaign had variants recorded none: they count as the original, which they were.
 */
export async function copyVariantRows(database: Database, f: AnalyticsFilter, campaignId: string) {
  const ws = f.workspaceId;
  const rows = await database.rows<Record<string, unknown>>(sql`
    with first as (
      select distinct on (d.account_id) d.account_id, d.holdout, d.variant, d.target_key, d.created_at,
        d.campaign_version, ${decidedPlanSegment}
      from decisions d
      left join accounts a on a.workspace_id = d.workspace_id and a.id = d.account_id
      where d.workspace_id = ${ws} and d.campaign_id = ${campaignId}::uuid and d.outcome in ${OUTCOMES}
        and d.created_at >= ${ts(f.from)} and d.created_at < ${ts(f.to)} and a.test is not true ${cohortSlice(f)}
      order by d.account_id, d.created_at
    ), ev as (
      select e.account_id, bool_or(e.name = 'message.shown') as shown, bool_or(e.name = 'message.clicked') as clicked
      from events e
      where e.workspace_id = ${ws} and e.campaign_id = ${campaignId}::uuid
        and e.name in ('message.shown', 'message.clicked')
        and e.ts >= ${ts(f.from)} and e.ts < ${ts(f.to)}
      group by e.account_id
    ), bought as (${lastBought(f)})
    select f.campaign_version as version, coalesce(f.variant, 'original') as variant, count(*) as accounts,
      count(*) filter (where ev.shown) as shown, count(*) filter (where ev.clicked) as clicked,
      ${converted} as converted
    from first f left join ev on ev.account_id = f.account_id ${withBought}
    where not f.holdout ${firstDecisionSlice(f)}
    group by 1, 2 order by 1, 2`);
  return rows.map((r) => ({
    version: num(r.version),
    variant: String(r.variant),
    accounts: num(r.accounts),
    shown: num(r.shown),
    clicked: num(r.clicked),
    converted: num(r.converted),
  }));
}

/** The copy variants each of a campaign's versions had, from its change history (raw JSON). */
export async function variantsByVersion(
  database: Database,
  workspaceId: string,
  campaignId: string,
  versions: readonly number[],
): Promise<Map<number, unknown>> {
  if (versions.length === 0) return new Map();
  const rows = await database.rows<{ version: number; variants: unknown }>(sql`
    select distinct on (version) version, coalesce(definition->'variants', '[]'::jsonb) as variants
    from campaign_revisions
    where workspace_id = ${workspaceId} and campaign_id = ${campaignId}::uuid
      and version in (${sql.join(
        versions.map((v) => sql`${v}::int`),
        sql`, `,
      )})
    order by version, created_at desc`);
  return new Map(rows.map((r) => [num(r.version), r.variants]));
}

/** New MRR from purchases per calendar month (yearly charges spread over 12 months). */
export async function expansionByMonth(database: Database, f: AnalyticsFilter) {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select to_char(date_trunc('month', p.created_at at time zone 'UTC'), 'YYYY-MM') as month, count(*) as purchases,
      sum(case when p.interval = 'year' then round(p.amount / 12.0) else p.amount end) as mrr, min(p.currency) as currency
    from purchases p
    left join accounts a on a.workspace_id = p.workspace_id and a.id = p.account_id
    ${ownDecisionJoin(f, 'p')}
    where p.workspace_id = ${f.workspaceId} and p.status <> 'failed'
      and p.created_at >= ${ts(f.from)} and p.created_at < ${ts(f.to)} ${ownDecisionScope(f)}
      ${f.campaignId ? sql`and p.campaign_id = ${f.campaignId}::uuid` : sql``}
    group by 1 order by 1`);
  return rows.map((r) => ({
    month: String(r.month),
    purchases: num(r.purchases),
    mrr: num(r.mrr),
    currency: r.currency == null ? null : String(r.currency),
  }));
}

export async function trialCounts(database: Database, f: AnalyticsFilter) {
  const [row] = await database.rows<Record<string, unknown>>(sql`
    select count(*) as started, count(*) filter (where t.status = 'active') as active,
      count(*) filter (where t.status = 'converted') as converted, count(*) filter (where t.status = 'expired') as expired
    from trials t
    left join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
    left join campaigns c on c.workspace_id = t.workspace_id and c.id = t.campaign_id
    ${ownDecisionJoin(f, 't')}
    where t.workspace_id = ${f.workspaceId} and t.started_at >= ${ts(f.from)} and t.started_at < ${ts(f.to)} ${ownDecisionScope(f)}
      ${f.campaignId ? sql`and t.campaign_id = ${f.campaignId}::uuid` : sql``}
      ${f.motion ? sql`and c.definition->>'motion' = ${f.motion}` : sql``}`);
  return {
    started: num(row?.started),
    active: num(row?.active),
    converted: num(row?.converted),
    expired: num(row?.expired),
  };
}

/**
 * Purchases in range and whether the account used the product within `days` of buying: its first use
 * as settled by event retention, or an event still raw.
 */
export async function activationRows(database: Database, f: AnalyticsFilter, days: number) {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select p.product_key, count(*) as purchases,
      count(*) filter (where p.first_used_at < p.created_at + make_interval(days => ${days}) or exists (
        select 1 from events e where e.workspace_id = ${f.workspaceId} and e.account_id = p.account_id
          and (left(e.name, length(p.product_key) + 1) = p.product_key || '.' or e.props->>'product' = p.product_key)
          and e.ts >= p.created_at and e.ts < p.created_at + make_interval(days => ${days}))) as activated
    from purchases p
    left join accounts a on a.workspace_id = p.workspace_id and a.id = p.account_id
    ${ownDecisionJoin(f, 'p')}
    where p.workspace_id = ${f.workspaceId} and p.status <> 'failed'
      and p.created_at >= ${ts(f.from)} and p.created_at < ${ts(f.to)} ${ownDecisionScope(f)}
      ${f.campaignId ? sql`and p.campaign_id = ${f.campaignId}::uuid` : sql``}
    group by p.product_key order by p.product_key`);
  return rows.map((r) => ({
    productKey: String(r.product_key),
    purchases: num(r.purchases),
    activated: num(r.activated),
  }));
}
