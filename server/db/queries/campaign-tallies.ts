import { sql } from 'drizzle-orm';
import { MESSAGE_EVENTS } from '../../../shared/event-names.ts';
import { type Database, withoutStatementTimeout } from '../client.ts';

/** The message interactions the campaigns list counts, by tally column (snoozes are not counted). */
const { shown, clicked, dismissed } = MESSAGE_EVENTS;

/** Adds the excluded row's counts to the tally's (`t`). */
const ADD = sql.raw(
  ['served', 'held_out', 'shown', 'clicked', 'dismissed']
    .map((c) => `${c} = t.${c} + excluded.${c}`)
    .join(', '),
);

/** Workspaces with a campaign: the ones with anything to tally. */
export async function workspacesWithCampaigns(database: Database): Promise<string[]> {
  // A deleted workspace's campaigns wait for their purge: nothing to tally.
  const rows = await database.rows<{ id: string }>(sql`
    select distinct c.workspace_id as id from campaigns c
    join workspaces w on w.id = c.workspace_id and w.deleted_at is null`);
  return rows.map((r) => r.id);
}

/**
 * Folds the workspace's decisions created, and message interactions received, from its mark up to
 * `through` into its campaign tallies (and their totals) and moves the mark there, in one
 * transaction that first takes the mark's row: instances folding at once wait for each other, and
 * the one that waits folds only what the other left. Returns how many (campaign, account) tallies
 * it added to; nothing when the mark is already at or past `through`.
 */
export async function foldCampaignTallies(database: Database, ws: string, through: Date): Promise<number> {
  const to = through.toISOString();
  return database.db.transaction(async (tx) => {
    await database.rows(
      sql`insert into campaign_tally_marks (workspace_id, through) values (${ws}, '-infinity')
        on conflict (workspace_id) do nothing`,
      tx,
    );
    // The mark goes into the statement as a value, not a subquery: the planner then sees how few
    // rows are past it and ranges over the indexes' last column.
    const [mark] = await database.rows<{ since: string; behind: boolean }>(
      sql`select through::text as since, through < ${to}::timestamptz as behind from campaign_tally_marks
        where workspace_id = ${ws} for update`,
      tx,
    );
    if (!mark?.behind) return 0;
    // The first fold of a workspace with a long history reads all of it, once.
    await withoutStatementTimeout(database, tx);
    const [row] = await database.rows<{ n: number }>(
      sql`
      with ids as (select id from campaigns where workspace_id = ${ws}),
      d as (
        select campaign_id, account_id,
          count(*) filter (where outcome = 'served')::int as served,
          count(*) filter (where outcome = 'held_out')::int as held_out
        from decisions
        where workspace_id = ${ws} and campaign_id in (select id from ids) and outcome in ('served', 'held_out')
          and created_at >= ${mark.since}::timestamptz and created_at < ${to}::timestamptz
        group by 1, 2
      ), e as (
        select campaign_id, coalesce(account_id, '') as account_id,
          count(*) filter (where name = ${shown})::int as shown,
          count(*) filter (where name = ${clicked})::int as clicked,
          count(*) filter (where name = ${dismissed})::int as dismissed
        from events
        where workspace_id = ${ws} and campaign_id in (select id from ids)
          and name in (${shown}, ${clicked}, ${dismissed})
          and received_at >= ${mark.since}::timestamptz and received_at < ${to}::timestamptz
        group by 1, 2
      ), fresh as (
        select coalesce(d.campaign_id, e.campaign_id) as campaign_id, coalesce(d.account_id, e.account_id) as account_id,
          coalesce(d.served, 0) as served, coalesce(d.held_out, 0) as held_out,
          coalesce(e.shown, 0) as shown, coalesce(e.clicked, 0) as clicked, coalesce(e.dismissed, 0) as dismissed
        from d full join e on e.campaign_id = d.campaign_id and e.account_id = d.account_id
      ), folded as (
        insert into campaign_tallies as t (workspace_id, campaign_id, account_id, served, held_out, shown, clicked, dismissed)
        select ${ws}, campaign_id, account_id, served, held_out, shown, clicked, dismissed from fresh
        on conflict (workspace_id, campaign_id, account_id) do update set ${ADD}
        returning 1
      ), totals as (
        insert into campaign_tally_totals as t (workspace_id, campaign_id, served, held_out, shown, clicked, dismissed)
        select ${ws}, campaign_id, sum(served), sum(held_out), sum(shown), sum(clicked), sum(dismissed)
        from fresh group by campaign_id
        on conflict (workspace_id, campaign_id) do update set ${ADD}
      )
      select count(*)::int as n from folded`,
      tx,
    );
    await database.rows(
      sql`update campaign_tally_marks set through = ${to}::timestamptz where workspace_id = ${ws}`,
      tx,
    );
    return row?.n ?? 0;
  });
}
