import { desc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.ts';
import { affinitySnapshots } from '../schema/index.ts';

export interface MaskHistogramRow {
  segment: string | null;
  /** Bitmask of owned products as text: bigint masks exceed 2^53 once bit 53+ is used. */
  mask: string;
  accounts: number;
}

/**
 * The ownership matrix read once, where it lives: one product bitmask per account (`bit_or` of the
 * owned products' bits), then a histogram of (segment, mask). Pairs, itemsets up to size 3 and every
 * segment split follow from the histogram (≤ 2^products rows, a few hundred in practice). The mask
 * CTE is MATERIALIZED so it is computed once, not per output row (performance.md: 19.5 s → 1.0 s at
 * 1M accounts). Computed from entitlements rather than `accounts.product_mask`, so the result never
 * depends on a denormalised column being kept in step. Accounts owning nothing are no basket and
 * are not read (domain/affinity.ts says why).
 *
 * Ownership here is paying ownership: `active` entitlements whose end date has not passed at `now`.
 * Trials do not count — campaigns start most of them, so counting them would let the engine's own
 * offers inflate the attach rates it targets by.
 */
export async function selectMaskHistogram(
  database: Database,
  tx: Tx,
  workspaceId: string,
  now: Date,
): Promise<MaskHistogramRow[]> {
  return database.rows<MaskHistogramRow>(
    sql`
    with owned as materialized (
      select e.account_id, bit_or(1::bigint << p.bit) as mask
      from entitlements e
      join products p on p.workspace_id = e.workspace_id and p.key = e.product_key
      where e.workspace_id = ${workspaceId} and e.status = 'active'
        and (e.ends_at is null or e.ends_at > ${now.toISOString()}::timestamptz)
        and p.bit between 0 and 62
      group by e.account_id
    )
    select a.segment, o.mask::text as mask, count(*)::int as accounts
    from owned o
    join accounts a on a.workspace_id = ${workspaceId} and a.id = o.account_id
    where not a.test
    group by a.segment, o.mask`,
    tx,
  );
}

/**
 * A cheap fingerprint of everything affinity depends on; the scheduled job skips the recompute when
 * it equals the latest snapshot's. Entitlements that ran past their end date by `now` are counted
 * too: they stop counting as ownership without their row changing.
 */
export async function selectAffinityFingerprint(
  database: Database,
  tx: Tx,
  workspaceId: string,
  now: Date,
): Promise<string> {
  const [row] = await database.rows<{ fp: string }>(
    sql`
    select concat_ws('|',
      (select count(*) from accounts where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from accounts where workspace_id = ${workspaceId}),
      (select count(*) from entitlements where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from entitlements where workspace_id = ${workspaceId}),
      (select count(*) from entitlements where workspace_id = ${workspaceId} and status = 'active'
        and ends_at <= ${now.toISOString()}::timestamptz),
      (select count(*) from products where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from products where workspace_id = ${workspaceId})
    ) as fp`,
    tx,
  );
  return row?.fp ?? '';
}

/** First key of the affinity advisory locks (any constant no other lock in the app uses). */
const AFFINITY_LOCK_SPACE = 7_240_914;

/**
 * Takes the workspace's affinity lock for the rest of the transaction if no other session holds it:
 * instances running the scheduled recompute at once let the first one do it. Two-key advisory locks
 * live apart from the single-key one the migrator takes; a hash collision between two workspaces
 * only makes one of them wait for the next run.
 */
export async function tryAffinityLock(database: Database, tx: Tx, workspaceId: string): Promise<boolean> {
  const [row] = await database.rows<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(${AFFINITY_LOCK_SPACE}::int, hashtext(${workspaceId})) as locked`,
    tx,
  );
  return row?.locked === true;
}

export async function insertSnapshot(
  tx: Tx,
  row: { workspaceId: string; computedAt: Date; accounts: number; data: Record<string, unknown> },
) {
  const [created] = await tx.insert(affinitySnapshots).values(row).returning({
    id: affinitySnapshots.id,
    computedAt: affinitySnapshots.computedAt,
  });
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function selectLatestSnapshot(tx: Tx, workspaceId: string) {
  const [row] = await tx
    .select()
    .from(affinitySnapshots)
    .where(eq(affinitySnapshots.workspaceId, workspaceId))
    .orderBy(desc(affinitySnapshots.computedAt))
    .limit(1);
  return row;
}

/** Keeps the newest `keep` snapshots of a workspace (they are history for analytics, not a log). */
export async function pruneSnapshots(database: Database, workspaceId: string, keep: number): Promise<void> {
  await database.rows(sql`
    delete from affinity_snapshots
    where workspace_id = ${workspaceId} and id in (
      select id from affinity_snapshots where workspace_id = ${workspaceId}
      order by computed_at desc offset ${keep})`);
}

/**
 * Workspaces that have at least one account: the only ones worth a scheduled recompute (a deleted
 * one's accounts wait for their purge).
 */
export async function selectWorkspacesWithAccounts(database: Database): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(
    sql`select id from workspaces w where w.deleted_at is null
      and exists (select 1 from accounts a where a.workspace_id = w.id)`,
  );
  return rows.map((r) => r.id);
}
