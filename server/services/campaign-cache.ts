import { eq } from 'drizzle-orm';
import { AffinitySnapshot } from '../../shared/affinity.ts';
import { CampaignDefinition, type TriggerGroup } from '../../shared/campaign.ts';
import { WorkspaceSettings } from '../../shared/workspace.ts';
import type { Database } from '../db/client.ts';
import { selectLatestSnapshot } from '../db/queries/affinity.ts';
import { selectActiveCampaigns } from '../db/queries/campaigns.ts';
import { workspaces } from '../db/schema/index.ts';
import { buildAffinityIndex } from '../domain/affinity.ts';
import type { AffinityIndex, CampaignRecord } from '../domain/types.ts';
import type { AppDeps } from '../http/types.ts';
import { type LoadedCatalog, loadCatalog } from './catalog-cache.ts';

/**
 * What decide needs besides the account: the active campaigns, the catalogue and the latest
 * affinity, as of one `workspaces.config_version`. Every campaign / catalogue / affinity change bumps
 * that version in its own transaction; decide reads the version in the same round trip as the
 * account state and reloads when it moved, so N instances stay correct without messaging.
 */
export interface EngineConfig {
  version: number;
  /** Active campaigns, highest priority first. */
  campaigns: CampaignRecord[];
  catalog: LoadedCatalog;
  affinity: AffinityIndex;
  /** Event names of `milestone` triggers: their all-time presence is loaded with the account. */
  milestoneEvents: string[];
  /** The longest window (days) any active trigger counts events over. */
  counterDays: number;
}

const MAX_WORKSPACES = 10_000;
const caches = new WeakMap<Database, Map<string, EngineConfig>>();
const loading = new WeakMap<Database, Map<string, Promise<EngineConfig>>>();

function mapFor<T>(store: WeakMap<Database, Map<string, T>>, database: Database): Map<string, T> {
  let map = store.get(database);
  if (!map) {
    map = new Map();
    store.set(database, map);
  }
  return map;
}

function milestoneEvents(group: TriggerGroup, out: Set<string>): void {
  for (const t of group.triggers) {
    if (t.type === 'all' || t.type === 'any') milestoneEvents(t as TriggerGroup, out);
    else if (t.type === 'milestone') out.add(t.event);
  }
}

function longestWindow(group: TriggerGroup): number {
  let days = 0;
  for (const t of group.triggers) {
    if (t.type === 'all' || t.type === 'any') days = Math.max(days, longestWindow(t as TriggerGroup));
    else if ('withinDays' in t) days = Math.max(days, t.withinDays);
  }
  return days;
}

export type HistoryNeeds = Pick<EngineConfig, 'milestoneEvents' | 'counterDays'>;

/** What the triggers of these campaigns read of an account's history. */
export function historyNeeds(definitions: readonly CampaignDefinition[]): HistoryNeeds {
  const milestones = new Set<string>();
  let counterDays = 0;
  for (const d of definitions) {
    milestoneEvents(d.triggers, milestones);
    counterDays = Math.max(counterDays, longestWindow(d.triggers));
  }
  return { milestoneEvents: [...milestones], counterDays };
}

async function load(database: Database, workspaceId: string): Promise<EngineConfig> {
  // The version is read first: data loaded after it is at least that new, so a change racing with
  // this load only causes one more reload, never a stale cache labelled as current.
  const [ws] = await database.db
    .select({ version: workspaces.configVersion, settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const [rows, catalog, snapshot] = await Promise.all([
    selectActiveCampaigns(database.db, workspaceId),
    loadCatalog(database.db, workspaceId),
    selectLatestSnapshot(database.db, workspaceId),
  ]);
  const campaigns: CampaignRecord[] = rows
    .map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status,
      definition: CampaignDefinition.parse(r.definition),
    }))
    .sort((a, b) => b.definition.priority - a.definition.priority || a.id.localeCompare(b.id));
  const parsed = snapshot ? AffinitySnapshot.safeParse(snapshot.data) : null;
  return {
    version: ws?.version ?? 0,
    campaigns,
    catalog,
    // Settings changes bump the config version too, so the thresholds are as current as the snapshot.
    affinity: buildAffinityIndex(
      parsed?.success ? parsed.data : null,
      WorkspaceSettings.parse(ws?.settings ?? {}).affinity,
    ),
    ...historyNeeds(campaigns.map((c) => c.definition)),
  };
}

/** The cached config if there is one (possibly stale), without any I/O. */
export function peekEngineConfig(deps: AppDeps, workspaceId: string): EngineConfig | undefined {
  return caches.get(deps.database)?.get(workspaceId);
}

/**
 * The config at `version` (as just read from the database) or newer. Concurrent misses for one
 * workspace share a single load.
 */
export async function engineConfig(
  deps: AppDeps,
  workspaceId: string,
  version: number | null,
): Promise<EngineConfig> {
  const cache = mapFor(caches, deps.database);
  const hit = cache.get(workspaceId);
  if (hit && version !== null && hit.version >= version) return hit;
  const inFlight = mapFor(loading, deps.database);
  let pending = inFlight.get(workspaceId);
  if (!pending) {
    pending = load(deps.database, workspaceId).finally(() => inFlight.delete(workspaceId));
    inFlight.set(workspaceId, pending);
  }
  let config = await pending;
  // A load that started before the bump we were told about is too old: load once more, unshared.
  if (version !== null && config.version < version) config = await load(deps.database, workspaceId);
  if (cache.size >= MAX_WORKSPACES && !cache.has(workspaceId)) cache.clear();
  const current = cache.get(workspaceId);
  if (!current || current.version <= config.version) cache.set(workspaceId, config);
  return config;
}

/** Drops this instance's cache (other instances notice the version bump on their next call). */
export function forgetEngineConfig(deps: AppDeps, workspaceId: string): void {
  caches.get(deps.database)?.delete(workspaceId);
}
