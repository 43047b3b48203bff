import type { SyncedData, VocabularyKind, VocabularyPage, VocabularyQuery } from '../../shared/vocabulary.ts';
import type { Database } from '../db/client.ts';
import { listVocabularyRows, upsertCappedVocabulary, upsertVocabulary } from '../db/queries/vocabulary.ts';
import type { AppDeps } from '../http/types.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';

const DAY_MS = 86_400_000;
/** Names a process remembers having noted; past this it forgets them all and notes each once more. */
const MAX_REMEMBERED = 50_000;

/** Per database (tests run several in one process): workspace/kind/name → the UTC day it was noted. */
const remembered = new WeakMap<Database, Map<string, number>>();

/**
 * Kinds whose names come from whoever calls the widget API (any Origin header, any broken token),
 * not from the host's own data: a workspace keeps at most this many of each. Known names still
 * move their `last_seen_at`; a new one takes the place of the name seen longest ago, if that was
 * more than a day ago, and is dropped otherwise. So made-up origins sent once cannot keep a real
 * one out for good; a flood keeps one out only while it goes on.
 */
const CAPPED: Partial<Record<VocabularyKind, number>> = { refused_origin: 100, refused_token: 100 };

/**
 * Event names the widget's calls may add to a workspace's list: any signed-in end user can make
 * one up, and a list flooded with them would bury the host's own names in the console. The host's
 * backend (secret key) adds its names whatever the count.
 */
export const WIDGET_EVENT_NAMES_CAP = 1_000;

/**
 * Notes the names a workspace's data used, after that data committed. A process remembers what it
 * noted today, so a name costs one small write per process per day and an ingest batch one map
 * lookup per distinct name. A failure is logged, not raised: the data is stored and acknowledged
 * either way, and a name missed now is noted the next time it comes. With a `cap` (by default the
 * kind's, if it has one) the workspace keeps at most that many names of the kind.
 */
export async function noteVocabulary(
  deps: AppDeps,
  ws: string,
  kind: VocabularyKind,
  names: Iterable<string>,
  cap = CAPPED[kind],
): Promise<void> {
  const now = deps.now();
  const day = Math.floor(now.getTime() / DAY_MS);
  let memory = remembered.get(deps.database);
  if (!memory) {
    memory = new Map();
    remembered.set(deps.database, memory);
  }
  const fresh = new Map<string, string>();
  for (const name of new Set(names)) {
    // Keyed by the cap too: a name a full list turned away from the widget is still noted when
    // the host's backend sends it the same day.
    const key = `${ws}\u0000${kind}\u0000${cap ?? ''}\u0000${name}`;
    if (memory.get(key) !== day) fresh.set(key, name);
  }
  if (fresh.size === 0) return;
  if (memory.size + fresh.size > MAX_REMEMBERED) memory.clear();
  // Remembered before the write, so concurrent requests carrying the same new name (a burst of
  // decide calls at the start of a day) write it once; forgotten again if the write fails.
  for (const key of fresh.keys()) memory.set(key, day);
  try {
    const { db } = deps.database;
    await (cap === undefined
      ? upsertVocabulary(db, ws, kind, [...fresh.values()], now)
      : upsertCappedVocabulary(
          db,
          ws,
          kind,
          [...fresh.values()],
          now,
          cap,
          CAPPED[kind] === undefined ? undefined : new Date(now.getTime() - DAY_MS),
        ));
  } catch (err) {
    for (const key of fresh.keys()) memory.delete(key);
    deps.log.warn('vocabulary_note_failed', { workspaceId: ws, kind, error: String(err) });
  }
}

export async function listVocabulary(
  deps: AppDeps,
  ws: string,
  kind: VocabularyKind,
  q: VocabularyQuery,
): Promise<VocabularyPage> {
  const rows = await listVocabularyRows(deps.database.db, ws, kind, {
    limit: q.limit + 1,
    after: decodeKeyCursor('vocabulary', q.cursor),
    prefix: q.prefix,
    seenSince: q.seenSince === undefined ? undefined : new Date(q.seenSince),
  });
  return toPage(
    'vocabulary',
    rows,
    q.limit,
    (r) => r.name,
    (r) => ({
      name: r.name,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
    }),
  );
}

/** Notes that host data of a kind arrived: the Overview tells a sync that stopped from one running. */
export function noteSynced(deps: AppDeps, ws: string, data: SyncedData): Promise<void> {
  return noteVocabulary(deps, ws, 'sync', [data]);
}
