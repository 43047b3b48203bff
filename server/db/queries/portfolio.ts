/**
 * Portfolio aggregates, reduced where the data lives: a workspace with a million accounts answers
 * with a few rows per instant and product, never its ownership rows.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { MrrMovementRow, OwnershipBucket } from '../../domain/portfolio.ts';
import type { Database } from '../client.ts';
import type { MaskHistogramRow } from './affinity.ts';
import { type AnalyticsFilter, accountSlice, sliced } from './analytics.ts';

type Scope = Pick<AnalyticsFilter, 'workspaceId' | 'segment' | 'plan' | 'signedUp'>;

const num = (v: unknown) => Number(v ?? 0);

/**
 * Paid ownership spans: entitlements that are not trials (a converted trial's row becomes paid),
 * ending at `ended_at`, or when an ended row has none, at its last update. One row per account and
 * product (the table's unique key), so counting spans counts distinct products.
 */
function paidSpans(f: Scope): SQL {
  return sql`
    select e.account_id, e.product_key, e.started_at,
      coalesce(e.ended_at, case when e.status in ('cancelled', 'expired', 'revoked') then e.updated_at end) as ended_at
    from entitlements e
    ${sliced(f) ? sql`join accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id ${accountSlice(f)}` : sql``}
    where e.workspace_id = ${f.workspaceId} and e.status <> 'trial' and e.source <> 'trial'
      -- An anti-join on the partial index of test accounts (usually empty): they are not customers.
      and not exists (select 1 from accounts t where t.workspace_id = e.workspace_id and t.id = e.account_id and t.test)`;
}

/** The instants as a numbered relation `inst(t, i)`, i from 1 in the order given. */
function instantsOf(instants: readonly Date[]): SQL {
  const list = JSON.stringify(instants.map((d) => d.toISOString()));
  return sql`select t::timestamptz as t, i from jsonb_array_elements_text(${list}::jsonb) with ordinality as x(t, i)`;
}

/**
 * CTEs ending in `edge (account_id, at, products, mrr)`: each paid span as a +1 product (and +its
 * list price, `monthly`: minor units per product key; one missing counts 0) at the first of the
 * `instants` it covers, and a −1 (−price) at the first it no longer covers, `at` counting from 1
 * (`width_bucket` counts the instants at or before a time; a microsecond earlier, PostgreSQL's
 * resolution, makes it "before"; past the last instant is `instants.length + 1`). A running sum
 * per account gives what it owns at each instant, so the work grows with the spans, not with
 * spans × instants.
 */
function spanEdges(f: Scope, instants: readonly Date[], monthly: ReadonlyMap<string, number>): SQL {
  const prices = JSON.stringify([...monthly].map(([key, amount]) => ({ key, amount })));
  return sql`s as (${paidSpans(f)}), inst as (${instantsOf(instants)}),
    grid as (select array_agg(t order by i) as ts from inst),
    price as (select key, amount from jsonb_to_recordset(${prices}::jsonb) as p(key text, amount bigint)),
    edge as (
      select s.account_id, e.at, e.delta as products, e.delta * coalesce(price.amount, 0) as mrr
      from s left join price on price.key = s.product_key, grid,
      lateral (values
        (width_bucket(s.started_at - interval '1 microsecond', grid.ts) + 1, 1),
        (width_bucket(s.ended_at - interval '1 microsecond', grid.ts) + 1, -1)
      ) as e(at, delta)
      where e.at is not null
    )`;
}

/**
 * For each instant (ascending), accounts by the number of paid products they own then, with the MRR
 * of those products at list price. From spanEdges: runs of instants with a constant product count
 * per account, counted.
 */
export async function ownershipBuckets(
  database: Database,
  f: Scope,
  instants: readonly Date[],
  monthly: ReadonlyMap<string, number>,
): Promise<OwnershipBucket[][]> {
  const past = instants.length + 1;
  const rows = await database.rows<Record<string, unknown>>(sql`
    with ${spanEdges(f, instants, monthly)},
    run as (
      select at as first, lead(at, 1, ${past}) over w as past, sum(products) over w as products, sum(mrr) over w as mrr
      from edge window w as (partition by account_id order by at)
    )
    select first, past, products, count(*) as accounts, sum(mrr) as mrr from run
    where products > 0 and first < ${past} and past > first
    group by first, past, products`);
  const tallies = instants.map(() => new Map<number, OwnershipBucket>());
  for (const r of rows) {
    const products = num(r.products);
    for (let i = num(r.first); i < num(r.past); i++) {
      const tally = tallies[i - 1];
      if (!tally) continue;
      const bucket = tally.get(products) ?? { products, accounts: 0, mrr: 0 };
      bucket.accounts += num(r.accounts);
      bucket.mrr += num(r.mrr);
      tally.set(products, bucket);
    }
  }
  return tallies.map((tally) => [...tally.values()]);
}

export interface SecondProductStats {
  accounts: number;
  medianDays: number | null;
  meanDays: number | null;
}

/**
 * Days from an account's first paid product to its second, over accounts whose second product
 * started in [from, end) — one answer per end (ascending). The second is the first product started
 * while another was still owned: a plan replaced by another, or a customer coming back after
 * leaving, still owns one product (a span ended before or as the next starts does not count).
 *
 * The sets grow with the end, so instead of sorting them one by one (ends × accounts rows: 24 s at
 * 1M accounts) one sort by days carries a running count per end; each end's middle ranks are then
 * read off where its running count reaches them.
 */
export async function secondProductStats(
  database: Database,
  f: Scope,
  from: Date,
  ends: readonly Date[],
): Promise<SecondProductStats[]> {
  // One column per end, named with its 1-based number (a generated integer, never input).
  const each = (column: (k: number, name: (prefix: string) => SQL) => SQL) =>
    sql.join(
      ends.map((_, i) => column(i + 1, (prefix) => sql.raw(`${prefix}${i + 1}`))),
      sql`, `,
    );
  const [row] = await database.rows<Record<string, unknown>>(sql`
    with s as (${paidSpans(f)}), inst as (${instantsOf(ends)}),
    grid as (select array_agg(t order by i) as ts from inst),
    ordered as (
      select account_id, started_at, min(started_at) over (partition by account_id) as first_at,
        max(coalesce(ended_at, 'infinity')) over (partition by account_id order by started_at, product_key
          rows between unbounded preceding and 1 preceding) as prior_end
      from s
    ),
    reached as (
      select min(started_at) as started_at, min(first_at) as first_at
      from ordered where prior_end > started_at group by account_id
    ),
    second as (
      select extract(epoch from started_at - first_at) / 86400 as days, width_bucket(started_at, grid.ts) + 1 as first_end
      from reached, grid where started_at >= ${from.toISOString()}::timestamptz
    ),
    ranked as (
      select days, first_end, ${each((k, name) => sql`count(*) filter (where first_end <= ${k}) over w as ${name('c')}`)}
      from second window w as (order by days rows between unbounded preceding and current row)
    ),
    total as (
      select ${each((k, name) => sql`count(*) filter (where first_end <= ${k}) as ${name('n')}`)} from second
    )
    select ${each(
      (k, name) => sql`max(total.${name('n')}) as ${name('accounts_')},
        avg(days) filter (where first_end <= ${k}) as ${name('mean_')},
        min(days) filter (where first_end <= ${k} and ${name('c')} >= (total.${name('n')} + 1) / 2) as ${name('low_')},
        min(days) filter (where first_end <= ${k} and ${name('c')} >= total.${name('n')} / 2 + 1) as ${name('high_')}`,
    )}
    from total left join ranked on true`);
  return ends.map((_, i) => {
    const value = (name: string) =>
      row?.[`${name}_${i + 1}`] == null ? null : Number(row[`${name}_${i + 1}`]);
    const [low, high] = [value('low'), value('high')];
    return {
      accounts: value('accounts') ?? 0,
      medianDays: low == null || high == null ? null : (low + high) / 2,
      meanDays: value('mean'),
    };
  });
}

/**
 * Accounts by the set of paid products they own at `at`, as (mask, accounts) — each product's
 * ownership bit, as affinity reads ownership. Grouping per account and then per mask is one hash
 * pass each; pairs follow from the few hundred masks (a self-join per account took 12 s at 1M).
 */
export async function ownershipMasks(database: Database, f: Scope, at: Date): Promise<MaskHistogramRow[]> {
  const rows = await database.rows<Record<string, unknown>>(sql`
    with s as (${paidSpans(f)}),
    owned as materialized (
      select s.account_id, bit_or(1::bigint << p.bit) as mask
      from s join products p on p.workspace_id = ${f.workspaceId} and p.key = s.product_key
      where s.started_at <= ${at.toISOString()}::timestamptz
        and (s.ended_at is null or s.ended_at > ${at.toISOString()}::timestamptz)
        and p.bit between 0 and 62
      group by s.account_id
    )
    select mask::text as mask, count(*) as accounts from owned group by mask`);
  return rows.map((r) => ({ segment: null, mask: String(r.mask), accounts: num(r.accounts) }));
}

export interface RetentionRow {
  /** Paid products owned at the start: 2 or more is a multi-product customer. */
  multi: boolean;
  accounts: number;
  startMrr: number;
  endMrr: number;
}

/**
 * The accounts paying at `start` (MRR > 0 at list prices), single- and multi-product apart, with
 * their MRR at `start` and at `end`: one pass over the paid spans, grouped per account and then per
 * cohort, so the answer is two rows however many accounts there are.
 */
export async function retentionCohorts(
  database: Database,
  f: Scope,
  start: Date,
  end: Date,
  monthly: ReadonlyMap<string, number>,
): Promise<RetentionRow[]> {
  const prices = JSON.stringify([...monthly].map(([key, amount]) => ({ key, amount })));
  const covers = (at: Date) =>
    sql`s.started_at <= ${at.toISOString()}::timestamptz and (s.ended_at is null or s.ended_at > ${at.toISOString()}::timestamptz)`;
  const rows = await database.rows<Record<string, unknown>>(sql`
    with s as (${paidSpans(f)}),
    price as (select key, amount from jsonb_to_recordset(${prices}::jsonb) as p(key text, amount bigint)),
    acct as (
      select s.account_id,
        count(*) filter (where ${covers(start)}) as products,
        coalesce(sum(price.amount) filter (where ${covers(start)}), 0) as start_mrr,
        coalesce(sum(price.amount) filter (where ${covers(end)}), 0) as end_mrr
      from s left join price on price.key = s.product_key
      group by s.account_id
    )
    select products >= 2 as multi, count(*) as accounts, sum(start_mrr) as start_mrr, sum(end_mrr) as end_mrr
    from acct where start_mrr > 0
    group by 1`);
  return rows.map((r) => ({
    multi: r.multi === true || r.multi === 't',
    accounts: num(r.accounts),
    startMrr: num(r.start_mrr),
    endMrr: num(r.end_mrr),
  }));
}

/**
 * Per account, the change of its MRR (paid products at list price, `monthly`) between consecutive
 * instants, summed by kind: new (the account paid nothing at the instant before), expansion (it
 * paid more), contraction (less, but something) and churned (nothing any more). A plan replaced by
 * another at once is one change, the difference. From spanEdges: an account's changes at one
 * instant summed, its MRR before them the running sum of the earlier ones.
 */
export async function mrrMovementRows(
  database: Database,
  f: Scope,
  instants: readonly Date[],
  monthly: ReadonlyMap<string, number>,
): Promise<MrrMovementRow[]> {
  const rows = await database.rows<Record<string, unknown>>(sql`
    with ${spanEdges(f, instants, monthly)},
    change as (
      select account_id, at, sum(mrr) as d from edge where at <= ${instants.length} group by account_id, at
    ),
    run as (select at, d, sum(d) over (partition by account_id order by at) - d as before from change)
    select at, sum(d) as net,
      coalesce(sum(d) filter (where before <= 0 and d > 0), 0) as new_mrr,
      coalesce(sum(d) filter (where before > 0 and d > 0), 0) as expansion,
      coalesce(sum(-d) filter (where before > 0 and d < 0 and before + d > 0), 0) as contraction,
      coalesce(sum(-d) filter (where before > 0 and d < 0 and before + d <= 0), 0) as churned
    from run group by at order by at`);
  return rows.map((r) => ({
    at: num(r.at),
    net: num(r.net),
    newMrr: num(r.new_mrr),
    expansion: num(r.expansion),
    contraction: num(r.contraction),
    churned: num(r.churned),
  }));
}
