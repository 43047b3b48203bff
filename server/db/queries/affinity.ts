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
 * depends on a denormalised column being kept in step. Accounts owning nothing count (mask 0).
 */
export async function selectMaskHistogram(
  database: Database,
  workspaceId: string,
): Promise<MaskHistogramRow[]> {
  return database.rows<MaskHistogramRow>(sql`
    with owned as materialized (
      select e.account_id, bit_or(1::bigint << p.bit) as mask
      from entitlements e
      join products p on p.workspace_id = e.workspace_id and p.key = e.product_key
      where e.workspace_id = ${workspaceId} and e.status in ('active', 'trial') and p.bit between 0 and 62
      group by e.account_id
    )
    select a.segment, coalesce(o.mask, 0)::text as mask, count(*)::int as accounts
    from accounts a
    left join owned o on o.account_id = a.id
    where a.workspace_id = ${workspaceId}
    group by a.segment, coalesce(o.mask, 0)`);
}

/**
 * A cheap fingerprint of everything affinity depends on; the scheduled job skips the recompute when
 * it equals the latest snapshot's.
 */
export async function selectAffinityFingerprint(database: Database, workspaceId: string): Promise<string> {
  const [row] = await database.rows<{ fp: string }>(sql`
    select concat_ws('|',
      (select count(*) from accounts where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from accounts where workspace_id = ${workspaceId}),
      (select count(*) from entitlements where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from entitlements where workspace_id = ${workspaceId}),
      (select count(*) from products where workspace_id = ${workspaceId}),
      (select max(updated_at)::text from products where workspace_id = ${workspaceId})
    ) as fp`);
  return row?.fp ?? '';
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

/** Workspaces that have at least one account: the only ones worth a scheduled recompute. */
export async function selectWorkspacesWithAccounts(database: Database): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(
    sql`select id from workspaces w where exists (select 1 from accounts a where a.workspace_id = w.id)`,
  );
  return rows.map((r) => r.id);
}
