import type { VocabularyKind, VocabularyPage, VocabularyQuery } from '../../shared/vocabulary.ts';
import type { Database } from '../db/client.ts';
import { listVocabularyRows, upsertVocabulary } from '../db/queries/vocabulary.ts';
import type { AppDeps } from '../http/types.ts';
import { decodeKeyCursor, toPage } from './key-cursor.ts';

const DAY_MS = 86_400_000;
/** Names a process remembers having noted; past this it forgets them all and notes each once more. */
const MAX_REMEMBERED = 50_000;

/** Per database (tests run several in one process): workspace/kind/name → the UTC day it was noted. */
const remembered = new WeakMap<Database, Map<string, number>>();

/**
 * Notes the names a workspace's data used, after that data committed. A process remembers what it
 * noted today, so a name costs one small write per process per day and an ingest batch one map
 * lookup per distinct name. A failure is logged, not raised: the data is stored and acknowledged
 * either way, and a name missed now is noted the next time it comes.
 */
export async function noteVocabulary(
  deps: AppDeps,
  ws: string,
  kind: VocabularyKind,
  names: Iterable<string>,
): Promise<void> {
  const now = deps.now();
  const day = Math.floor(now.getTime() / DAY_MS);
  let memory = remembered.get(deps.database);
  if (!memory) {
    memory = new Map();
    remembered.set(deps.database, memory);
  }
  const fresh: string[] = [];
  for (const name of new Set(names))
    if (memory.get(`${ws}\u0000${kind}\u0000${name}`) !== day) fresh.push(name);
  if (fresh.length === 0) return;
  try {
    await upsertVocabulary(deps.database.db, ws, kind, fresh, now);
  } catch (err) {
    deps.log.warn('vocabulary_note_failed', { workspaceId: ws, kind, error: String(err) });
    return;
  }
  if (memory.size + fresh.length > MAX_REMEMBERED) memory.clear();
  for (const name of fresh) memory.set(`${ws}\u0000${kind}\u0000${name}`, day);
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
