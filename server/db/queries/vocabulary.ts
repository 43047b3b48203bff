import { and, asc, eq, gt, gte, sql } from 'drizzle-orm';
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
  options: {
    limit: number;
    after?: string | undefined;
    prefix?: string | undefined;
    seenSince?: Date | undefined;
  },
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
        options.seenSince === undefined ? undefined : gte(vocabulary.lastSeenAt, options.seenSince),
      ),
    )
    .orderBy(asc(vocabulary.name))
    .limit(options.limit);
}

/**
 * As upsertVocabulary, for names a workspace keeps at most `cap` of (of that kind): known names
 * always move, new ones are added in name order while there is room. With `evictBefore`, a full
 * list makes room by dropping the names last seen longest ago, before that moment: the list then
 * holds what happens lately, not whatever filled it first. One statement after a transaction lock
 * per workspace and kind, which orders concurrent notes (several instances too), so the count it
 * reads holds.
 */
export async function upsertCappedVocabulary(
  db: Db,
  ws: string,
  kind: VocabularyKind,
  names: readonly string[],
  now: Date,
  cap: number,
  evictBefore?: Date,
): Promise<void> {
  if (names.length === 0) return;
  const at = now.toISOString();
  // Without eviction, nothing is old enough to go.
  const oldest = (evictBefore ?? new Date(0)).toISOString();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('vocabulary'), hashtext(${`${ws}/${kind}`}))`);
    await tx.execute(sql`
      with incoming as (
        select distinct name from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) as t(name)
      ), known as (
        select i.name from incoming i
        join ${vocabulary} v on v.workspace_id = ${ws} and v.kind = ${kind} and v.name = i.name
      ), newcomers as (
        select name from incoming where name not in (select name from known)
      ), room as (
        select greatest(0, ${cap}::int - count(*)) as n from ${vocabulary} where workspace_id = ${ws} and kind = ${kind}
      ), evicted as (
        delete from ${vocabulary} where workspace_id = ${ws} and kind = ${kind} and name in (
          select name from ${vocabulary}
          where workspace_id = ${ws} and kind = ${kind} and last_seen_at < ${oldest}::timestamptz
          order by last_seen_at, name
          limit greatest(0, (select count(*) from newcomers) - (select n from room))
        )
        returning name
      ), fresh as (
        select name from newcomers
        order by name
        limit (select n from room) + (select count(*) from evicted)
      )
      insert into ${vocabulary} (workspace_id, kind, name, first_seen_at, last_seen_at)
      select ${ws}, ${kind}, name, ${at}::timestamptz, ${at}::timestamptz
      from (select name from known union all select name from fresh) kept
      order by name
      on conflict (workspace_id, kind, name)
        do update set last_seen_at = greatest(${vocabulary.lastSeenAt}, excluded.last_seen_at)`);
  });
}
