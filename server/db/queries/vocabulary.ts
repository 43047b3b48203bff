import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { VocabularyKind } from '../../../shared/vocabulary.ts';
import type { Db, Tx } from '../client.ts';
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

/**
 * As upsertVocabulary, for a kind a workspace keeps at most `cap` names of: a new name is added
 * only while there is room, a known one always moves. A transaction lock per workspace and kind
 * orders concurrent notes (several instances too), so the count each one reads holds.
 */
export async function upsertCappedVocabulary(
  db: Db,
  ws: string,
  kind: VocabularyKind,
  names: readonly string[],
  now: Date,
  cap: number,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('vocabulary'), hashtext(${`${ws}/${kind}`}))`);
    for (const name of [...names].sort()) {
      await tx.execute(sql`insert into ${vocabulary} (workspace_id, kind, name, first_seen_at, last_seen_at)
        select ${ws}, ${kind}, ${name}, ${at}::timestamptz, ${at}::timestamptz
        where (select count(*) from ${vocabulary} where workspace_id = ${ws} and kind = ${kind}) < ${cap}
          or exists (select 1 from ${vocabulary} where workspace_id = ${ws} and kind = ${kind} and name = ${name})
        on conflict (workspace_id, kind, name)
          do update set last_seen_at = greatest(${vocabulary.lastSeenAt}, excluded.last_seen_at)`);
    }
  });
}
