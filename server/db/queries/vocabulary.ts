import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { VocabularyKind } from '../../../shared/vocabulary.ts';
import type { Tx } from '../client.ts';
import { vocabulary } from '../schema/index.ts';

/**
 * Records names as seen at `now`: new ones with `first_seen_at`, known ones move `last_seen_at`
 * forward. Sorted, so concurrent notes lock rows in one order and cannot deadlock.
 */
export async function upsertVocabulary(
  tx: Tx,
  ws: string,
  kind: VocabularyKind,
  names: readonly string[],
  now: Date,
): Promise<void> {
  if (names.length === 0) return;
  const rows = [...names]
    .sort()
    .map((name) => ({ workspaceId: ws, kind, name, firstSeenAt: now, lastSeenAt: now }));
  await tx
    .insert(vocabulary)
    .values(rows)
    .onConflictDoUpdate({
      target: [vocabulary.workspaceId, vocabulary.kind, vocabulary.name],
      set: { lastSeenAt: sql`greatest(${vocabulary.lastSeenAt}, excluded.last_seen_at)` },
    });
}

export function listVocabularyRows(
  tx: Tx,
  ws: string,
  kind: VocabularyKind,
  options: { limit: number; after?: string | undefined; prefix?: string | undefined },
) {
  return tx
    .select()
    .from(vocabulary)
    .where(
      and(
        eq(vocabulary.workspaceId, ws),
        eq(vocabulary.kind, kind),
        options.after === undefined ? undefined : gt(vocabulary.name, options.after),
        options.prefix === undefined ? undefined : sql`starts_with(${vocabulary.name}, ${options.prefix})`,
      ),
    )
    .orderBy(asc(vocabulary.name))
    .limit(options.limit);
}
