import { and, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import {
  accessRequests,
  accountCampaignDaily,
  bundles,
  campaignRevisions,
  campaigns,
  campaignTallyTotals,
  decisions,
  events,
  leads,
  messageStates,
  products,
  purchases,
  trials,
} from '../schema/index.ts';
import { type ListPosition, newestFirst, olderThan, positionAt } from './newest-first.ts';
import { andNotAmong, testAccountIds } from './test-accounts.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignRevisionRow = typeof campaignRevisions.$inferSelect;
export type CampaignStatusValue = CampaignRow['status'];

export async function insertCampaign(tx: Tx, row: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [created] = await tx.insert(campaigns).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

/** With `forUpdate`, locks the row so concurrent edits of one campaign apply one after the other. */
export async function findCampaign(
  tx: Tx,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<CampaignRow | undefined> {
  const query = tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Writes a new definition/status and bumps the version by one. */
export async function updateCampaignRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  patch: {
    name?: string;
    status?: CampaignStatusValue;
    definition?: Record<string, unknown>;
    updatedBy: string;
  },
  now: Date,
): Promise<CampaignRow | undefined> {
  const [row] = await tx
    .update(campaigns)
    .set({ ...patch, version: sql`${campaigns.version} + 1`, updatedAt: now })
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
    .returning();
  return row;
}

/**
 * True when the change history records the campaign active or paused: every status change writes
 * its revision in the same transaction, so a campaign that ever went live says so here.
 */
const wentLive = (workspaceId: string, id: SQL | string) =>
  sql`exists (select 1 from campaign_revisions r where r.workspace_id = ${workspaceId}
    and r.campaign_id = ${id} and r.status in ('active', 'paused'))`;

/**
 * Whether DELETE would remove the campaign: a draft or an archived campaign that never went live and
 * has no decision or message event. Those two are the records that come with every other row naming
 * a campaign (caps, trials, purchases, requests and leads take it from a decision; message states
 * come with the interaction events), and the only ones indexed by campaign, so a page of campaigns
 * costs three index probes per draft or archived campaign and none for the rest. deleteCampaign
 * still checks every table, under the row lock.
 *
 * The probes are `order by <next index column> limit 1` rather than `exists`: for a correlated id
 * the planner assumes the average campaign's thousands of decisions, and for `exists` it then
 * prefers a sequential scan expected to stop early, which for a never-live draft reads the whole
 * table (seconds per page at 200k rows); the index order keeps it on the index (a millisecond).
 * Names are written out: a query on one table renders drizzle's columns unqualified, which inside
 * these subqueries would name the subquery's own table.
 */
const deletable = (workspaceId: string) => sql<boolean>`case when campaigns.status in ('draft', 'archived')
  then not ${wentLive(workspaceId, sql`campaigns.id`)}
    and (select true from decisions d where d.workspace_id = ${workspaceId} and d.campaign_id = campaigns.id
      order by d.outcome limit 1) is null
    and (select true from events e where e.workspace_id = ${workspaceId} and e.campaign_id = campaigns.id
      order by e.name limit 1) is null
  else false end`;

/** Whether the campaign may be deleted (see `deletable`); false when there is no such campaign. */
export async function campaignDeletable(tx: Tx, workspaceId: string, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ deletable: deletable(workspaceId) })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  return row?.deletable === true;
}

/** Newest first, after the last row of the previous page. */
export function listCampaignRows(
  tx: Tx,
  workspaceId: string,
  options: { status?: CampaignStatusValue | undefined; limit: number; after?: ListPosition | undefined },
) {
  return tx
    .select({ row: campaigns, at: positionAt(campaigns.createdAt), deletable: deletable(workspaceId) })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        options.status ? eq(campaigns.status, options.status) : undefined,
        olderThan(campaigns.createdAt, campaigns.id, options.after),
      ),
    )
    .orderBy(...newestFirst(campaigns.createdAt, campaigns.id))
    .limit(options.limit);
}

/** Campaigns of a status (by default every one not archived), oldest first, for a campaign file. */
export function selectCampaignsToExport(
  tx: Tx,
  workspaceId: string,
  status: CampaignStatusValue | undefined,
  limit: number,
): Promise<CampaignRow[]> {
  return tx
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        status ? eq(campaigns.status, status) : ne(campaigns.status, 'archived'),
      ),
    )
    .orderBy(campaigns.createdAt, campaigns.id)
    .limit(limit);
}

/** Active campaigns with their definitions, for the decision cache. */
export async function selectActiveCampaigns(tx: Tx, workspaceId: string): Promise<CampaignRow[]> {
  return tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.status, 'active')));
}

/** Every campaign that is not archived, for explain. */
export async function selectLiveCampaigns(tx: Tx, workspaceId: string): Promise<CampaignRow[]> {
  return tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), sql`${campaigns.status} <> 'archived'`))
    .orderBy(desc(campaigns.createdAt));
}

/**
 * Every table whose rows name a campaign by id (its history beyond the revisions): a campaign named
 * by any of them has been live, and deleting it would leave those rows pointing at nothing.
 */
const REFERRING_TABLES = {
  decisions,
  events,
  message_states: messageStates,
  account_campaign_daily: accountCampaignDaily,
  campaign_tally_totals: campaignTallyTotals,
  trials,
  purchases,
  access_requests: accessRequests,
  leads,
};

/**
 * The campaign's record beyond its definition: whether its change history shows it live, and the
 * names of the tables holding a row that refers to it (none, and never live: it has no history).
 */
export async function campaignLiveRecord(
  database: Database,
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<{ wentLive: boolean; history: string[] }> {
  const checks = Object.entries(REFERRING_TABLES).map(
    ([name, table]) =>
      sql`exists (select 1 from ${table} where ${table.workspaceId} = ${workspaceId} and ${table.campaignId} = ${id}) as ${sql.identifier(name)}`,
  );
  const [row] = await database.rows<Record<string, boolean>>(
    sql`select ${wentLive(workspaceId, id)} as "wentLive", ${sql.join(checks, sql`, `)}`,
    tx,
  );
  return {
    wentLive: row?.wentLive === true,
    history: Object.keys(REFERRING_TABLES).filter((name) => row?.[name] === true),
  };
}

/** Deletes the campaign and its revisions; true when there was one. */
export async function deleteCampaignRows(tx: Tx, workspaceId: string, id: string): Promise<boolean> {
  await tx
    .delete(campaignRevisions)
    .where(and(eq(campaignRevisions.workspaceId, workspaceId), eq(campaignRevisions.campaignId, id)));
  const deleted = await tx
    .delete(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
    .returning({ id: campaigns.id });
  return deleted.length > 0;
}

export async function insertRevision(tx: Tx, row: typeof campaignRevisions.$inferInsert): Promise<void> {
  await tx.insert(campaignRevisions).values(row);
}

export async function listRevisions(
  tx: Tx,
  workspaceId: string,
  campaignId: string,
): Promise<CampaignRevisionRow[]> {
  return tx
    .select()
    .from(campaignRevisions)
    .where(and(eq(campaignRevisions.workspaceId, workspaceId), eq(campaignRevisions.campaignId, campaignId)))
    .orderBy(desc(campaignRevisions.version), desc(campaignRevisions.createdAt))
    .limit(500);
}

/** The subset of `keys` that are not products of the workspace. */
export async function missingProductKeys(tx: Tx, workspaceId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await tx
    .select({ key: products.key })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), inArray(products.key, keys)));
  const have = new Set(found.map((r) => r.key));
  return new Set(keys.filter((k) => !have.has(k)));
}

export async function missingBundleKeys(tx: Tx, workspaceId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await tx
    .select({ key: bundles.key })
    .from(bundles)
    .where(and(eq(bundles.workspaceId, workspaceId), inArray(bundles.key, keys)));
  const have = new Set(found.map((r) => r.key));
  return new Set(keys.filter((k) => !have.has(k)));
}

export interface CampaignStatsRow {
  campaignId: string;
  served: number;
  heldOut: number;
  shown: number;
  clicked: number;
  dismissed: number;
  conversions: number;
}

/**
 * Key figures since created for a page of campaigns: the tallies folded up to the workspace's mark
 * (campaign-tallies.ts), less its test accounts' own, plus the decisions and interactions written
 * since, which index ranges reach; completed purchases are few enough to count whole. Without a
 * mark yet, all is counted live.
 */
export async function selectCampaignStats(
  database: Database,
  workspaceId: string,
  ids: string[],
): Promise<CampaignStatsRow[]> {
  if (ids.length === 0) return [];
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const tests = await testAccountIds(database, workspaceId);
  const notTest = (column: SQL) => andNotAmong(tests, column);
  // A value, not a subquery, so the planner sees how few rows are past the mark (see the fold).
  const [mark] = await database.rows<{ since: string }>(
    sql`select through::text as since from campaign_tally_marks where workspace_id = ${workspaceId}`,
  );
  const since = mark?.since ?? '-infinity';
  const testTallies =
    tests.length === 0
      ? sql`select null::uuid as campaign_id, 0 as served, 0 as held_out, 0 as shown, 0 as clicked, 0 as dismissed where false`
      : sql`select campaign_id, sum(served) as served, sum(held_out) as held_out, sum(shown) as shown,
          sum(clicked) as clicked, sum(dismissed) as dismissed
        from campaign_tallies
        where workspace_id = ${workspaceId} and campaign_id in (${idList})
          and account_id in (${sql.join(
            tests.map((id) => sql`${id}`),
            sql`, `,
          )})
        group by campaign_id`;
  const tallied = (column: string) => sql.raw(`coalesce(t.${column}, 0) - coalesce(x.${column}, 0)`);
  const decided = (outcome: string) =>
    sql`(select count(*) from decisions d where d.workspace_id = ${workspaceId} and d.campaign_id = c.id
      and d.outcome = ${outcome} and d.created_at >= ${since}::timestamptz ${notTest(sql`d.account_id`)})`;
  const interacted = (name: string) =>
    sql`(select count(*) from events e where e.workspace_id = ${workspaceId} and e.campaign_id = c.id
      and e.name = ${name} and e.received_at >= ${since}::timestamptz ${notTest(sql`e.account_id`)})`;
  return database.rows<CampaignStatsRow>(
    sql`
    select c.id as "campaignId",
      (${tallied('served')} + ${decided('served')})::int as "served",
      (${tallied('held_out')} + ${decided('held_out')})::int as "heldOut",
      (${tallied('shown')} + ${interacted('message.shown')})::int as "shown",
      (${tallied('clicked')} + ${interacted('message.clicked')})::int as "clicked",
      (${tallied('dismissed')} + ${interacted('message.dismissed')})::int as "dismissed",
      (select count(*)::int from purchases p where p.workspace_id = ${workspaceId} and p.campaign_id = c.id and p.status = 'completed' ${notTest(sql`p.account_id`)}) as "conversions"
    from (select unnest(array[${idList}]) as id) c
    left join campaign_tally_totals t on t.workspace_id = ${workspaceId} and t.campaign_id = c.id
    left join (${testTallies}) x on x.campaign_id = c.id`,
  );
}

/** Every campaign's name by id, archived ones included: exports name what older rows point at. */
export async function campaignNames(tx: Tx, workspaceId: string): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(eq(campaigns.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r.name]));
}
