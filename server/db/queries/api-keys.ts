import {
  and,
  count,
  desc,
  eq,
  gt,
  type InferInsertModel,
  type InferSelectModel,
  isNull,
  lt,
  or,
  sql,
} from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { apiKeys, workspaces } from '../schema/index.ts';

export type ApiKeyRow = InferSelectModel<typeof apiKeys>;

/** Neither revoked nor past its expiry at `now`. */
const live = (now: Date) =>
  and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)));

/** Inserts a key; undefined when a key not revoked already has its name. */
export async function insertApiKey(tx: Tx, row: InferInsertModel<typeof apiKeys>) {
  const [created] = await tx.insert(apiKeys).values(row).onConflictDoNothing().returning();
  return created;
}

/**
 * Counts the workspace's live keys with its row locked: two owners creating the last allowed key
 * at once on two instances take turns, so the cap holds.
 */
export async function countLiveApiKeysLocked(tx: Tx, workspaceId: string, now: Date) {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for('update');
  const [row] = await tx
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), live(now)));
  return row?.n ?? 0;
}

export function listApiKeyRows(tx: Tx, workspaceId: string) {
  return tx
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function findApiKeyRow(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
    .limit(1);
  return row;
}

export async function setApiKeyAllowedIps(tx: Tx, workspaceId: string, id: string, allowedIps: string[]) {
  const [row] = await tx
    .update(apiKeys)
    .set({ allowedIps })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
    .returning();
  return row;
}

/** Revokes a key not revoked yet; undefined when it was already (or does not exist). */
export async function revokeApiKeyRow(tx: Tx, workspaceId: string, id: string, by: string, now: Date) {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

/**
 * Hands a live key's name to `replacedBy`: it keeps working until `until` (never past its own
 * expiry), or is revoked at once when `until` is `now`. Undefined when it is no longer live or was
 * rolled already: two owners rolling one key at once wait on its row, and the second gets nothing.
 */
export async function retireApiKeyRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  change: { replacedBy: string; until: Date; by: string; now: Date },
) {
  const { replacedBy, until, by, now } = change;
  const stopsNow = until.getTime() <= now.getTime();
  const [row] = await tx
    .update(apiKeys)
    .set({
      replacedBy,
      ...(stopsNow
        ? { revokedAt: now, revokedBy: by }
        : { expiresAt: sql`least(${apiKeys.expiresAt}, ${until.toISOString()}::timestamptz)` }),
    })
    .where(
      and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), live(now), isNull(apiKeys.replacedBy)),
    )
    .returning();
  return row;
}

/**
 * The key with this hash, with its workspace: the one lookup a call with a named key costs. Revoked
 * and expired ones too, so the refusal can say which it is.
 */
export async function findApiKeyByHash(tx: Tx, hash: string) {
  const [row] = await tx
    .select({ key: apiKeys, workspace: workspaces })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.keyHash, hash))
    .limit(1);
  return row;
}

/**
 * Records a key's use at most once a minute: a busy integration does not turn every read into a
 * write, and "last used" stays true to the minute.
 */
export async function touchApiKey(tx: Tx, workspaceId: string, id: string, now: Date) {
  await tx
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000))),
      ),
    );
}
