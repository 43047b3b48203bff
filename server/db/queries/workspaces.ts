import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { workspaces } from '../schema/index.ts';

export type NewWorkspace = typeof workspaces.$inferInsert;

export async function insertWorkspace(tx: Tx, row: NewWorkspace) {
  const [created] = await tx.insert(workspaces).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

/** A deleted workspace (its purge pending) is found by no lookup here: it no longer exists. */
const live = isNull(workspaces.deletedAt);

export async function findWorkspaceById(tx: Tx, id: string) {
  const [row] = await tx
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.id, id), live))
    .limit(1);
  return row;
}

/** The workspace of a secret key: its current one, or the one it replaced while the overlap lasts. */
export async function findWorkspaceBySecretHash(tx: Tx, hash: string, now: Date) {
  const [row] = await tx
    .select()
    .from(workspaces)
    .where(
      and(
        live,
        or(
          eq(workspaces.secretKeyHash, hash),
          and(eq(workspaces.previousSecretKeyHash, hash), gt(workspaces.previousSecretKeyExpiresAt, now)),
        ),
      ),
    )
    .limit(1);
  return row;
}

/** The workspace of a publishable key: current, or replaced and still in its overlap. */
export async function findWorkspaceByPublishableKey(tx: Tx, key: string, now: Date) {
  const [row] = await tx
    .select()
    .from(workspaces)
    .where(
      and(
        live,
        or(
          eq(workspaces.publishableKey, key),
          and(
            eq(workspaces.previousPublishableKey, key),
            gt(workspaces.previousPublishableKeyExpiresAt, now),
          ),
        ),
      ),
    )
    .limit(1);
  return row;
}

export async function updateWorkspace(tx: Tx, id: string, patch: Partial<NewWorkspace>) {
  const [row] = await tx
    .update(workspaces)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(workspaces.id, id))
    .returning();
  return row;
}

/** Bumps the config version so every instance drops its cached campaigns and catalogue. */
export async function bumpConfigVersion(tx: Tx, id: string) {
  await tx
    .update(workspaces)
    .set({ configVersion: sql`${workspaces.configVersion} + 1` })
    .where(eq(workspaces.id, id));
}

/** The workspace's row, locked until the transaction ends: changes to it then apply in turn. */
export async function lockWorkspace(tx: Tx, id: string) {
  const [row] = await tx.select().from(workspaces).where(eq(workspaces.id, id)).for('update');
  return row;
}
