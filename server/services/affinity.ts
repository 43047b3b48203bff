import { AffinitySegmentView, AffinitySnapshot } from '../../shared/affinity.ts';
import { type Database, type Tx, withoutStatementTimeout } from '../db/client.ts';
import {
  insertSnapshot,
  type MaskHistogramRow,
  pruneSnapshots,
  selectAffinityFingerprint,
  selectLatestSnapshot,
  selectMaskHistogram,
  tryAffinityLock,
} from '../db/queries/affinity.ts';
import { bumpConfigVersion } from '../db/queries/workspaces.ts';
import { computeAffinity, type OwnershipRow } from '../domain/affinity.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { recordAudit } from './audit.ts';
import { loadCatalog } from './catalog-cache.ts';

/** Snapshots kept per workspace (hourly recomputes: two days of history). */
const KEEP_SNAPSHOTS = 48;

/** Maps each (segment, mask) bucket of the SQL histogram to the product keys its bits stand for. */
export function histogramToRows(
  histogram: readonly MaskHistogramRow[],
  bits: ReadonlyMap<string, number>,
): OwnershipRow[] {
  const byBit = new Map<number, string>();
  for (const [key, bit] of bits) byBit.set(bit, key);
  return histogram.map((h) => {
    const mask = BigInt(h.mask);
    const items: string[] = [];
    for (const [bit, key] of byBit) if ((mask >> BigInt(bit)) & 1n) items.push(key);
    return { items, count: h.accounts, segment: h.segment };
  });
}

type Snapshot = AffinitySnapshot & { id: string };

/**
 * One recompute inside `tx`: one SQL pass over the ownership matrix (bitmask per account, histogram
 * per segment — see selectMaskHistogram), the pure miner on the histogram, and a new timestamped
 * snapshot. The config version is bumped in the same transaction so every instance's decision cache
 * picks the new affinity up.
 */
async function recomputeIn(
  deps: AppDeps,
  tx: Tx,
  workspaceId: string,
  now: Date,
  sourceFingerprint: string,
): Promise<Snapshot> {
  const [histogram, catalog] = await Promise.all([
    selectMaskHistogram(deps.database, tx, workspaceId, now),
    loadCatalog(tx, workspaceId),
  ]);
  const snapshot = {
    ...computeAffinity(histogramToRows(histogram, catalog.bits), now, {
      products: [...catalog.products.values()].filter((p) => p.role !== 'sunset').map((p) => p.key),
    }),
    sourceFingerprint,
  };
  const row = await insertSnapshot(tx, {
    workspaceId,
    computedAt: now,
    accounts: snapshot.overall.accounts,
    data: snapshot,
  });
  await bumpConfigVersion(tx, workspaceId);
  return { ...snapshot, id: row.id };
}

/**
 * Recomputes the workspace's affinity now (the admin API's explicit request). With an `actor`, the
 * audit log records who did it: next-best-product campaigns choose differently from then on.
 */
export async function recomputeAffinity(
  deps: AppDeps,
  workspaceId: string,
  actor?: string,
): Promise<Snapshot> {
  const { database } = deps;
  const now = deps.now();
  const created = await database.db.transaction(async (tx) => {
    await withoutStatementTimeout(database, tx);
    const snapshot = await recomputeIn(
      deps,
      tx,
      workspaceId,
      now,
      await selectAffinityFingerprint(database, tx, workspaceId, now),
    );
    if (actor) {
      await recordAudit(tx, workspaceId, actor, {
        action: 'affinity.recomputed',
        target: { type: 'workspace', id: workspaceId },
        details: { accounts: snapshot.overall.accounts, pairs: snapshot.overall.pairs.length },
      });
    }
    return snapshot;
  });
  await pruneSnapshots(database, workspaceId, KEEP_SNAPSHOTS);
  return created;
}

/**
 * For the scheduled job, which every instance runs: recompute only when the ownership data changed
 * since the latest snapshot, and only in the instance holding the workspace's advisory lock. The
 * lock lasts until the new snapshot commits, so an instance that gets it afterwards finds that
 * snapshot's fingerprint current and skips too: one recompute and one config-version bump per
 * change, however many instances.
 */
export async function recomputeIfChanged(deps: AppDeps, workspaceId: string): Promise<boolean> {
  const { database } = deps;
  const now = deps.now();
  const created = await database.db.transaction(async (tx) => {
    if (!(await tryAffinityLock(database, tx, workspaceId))) return false;
    await withoutStatementTimeout(database, tx);
    const fingerprint = await selectAffinityFingerprint(database, tx, workspaceId, now);
    const latest = await selectLatestSnapshot(tx, workspaceId);
    if (latest && (latest.data as { sourceFingerprint?: string }).sourceFingerprint === fingerprint)
      return false;
    await recomputeIn(deps, tx, workspaceId, now, fingerprint);
    return true;
  });
  if (created) await pruneSnapshots(database, workspaceId, KEEP_SNAPSHOTS);
  return created;
}

async function latestSnapshot(database: Database, workspaceId: string): Promise<AffinitySnapshot> {
  const row = await selectLatestSnapshot(database.db, workspaceId);
  if (!row) {
    throw new ApiError(
      404,
      'not_found',
      'No affinity snapshot yet: POST /v1/admin/affinity/recompute computes one',
    );
  }
  return AffinitySnapshot.parse(row.data);
}

export async function getAffinity(deps: AppDeps, workspaceId: string): Promise<AffinitySnapshot> {
  return latestSnapshot(deps.database, workspaceId);
}

export async function getSegmentAffinity(
  deps: AppDeps,
  workspaceId: string,
  segment: string,
): Promise<AffinitySegmentView> {
  const snapshot = await latestSnapshot(deps.database, workspaceId);
  const slice = snapshot.segments[segment];
  if (!slice)
    throw new ApiError(404, 'not_found', `Segment ${segment} has no affinity in the latest snapshot`);
  return AffinitySegmentView.parse({
    computedAt: snapshot.computedAt,
    minSupport: snapshot.minSupport,
    maxItemsetSize: snapshot.maxItemsetSize,
    segment,
    slice,
  });
}
