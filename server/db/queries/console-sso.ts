import { and, count, eq, gt } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { consoleSsoLogins, workspaceSso } from '../schema/index.ts';

export type SsoRow = typeof workspaceSso.$inferSelect;
export type SsoLoginRow = typeof consoleSsoLogins.$inferSelect;

export async function findSso(tx: Tx, workspaceId: string): Promise<SsoRow | undefined> {
  const [row] = await tx.select().from(workspaceSso).where(eq(workspaceSso.workspaceId, workspaceId));
  return row;
}

export async function upsertSso(tx: Tx, row: SsoRow): Promise<void> {
  const { workspaceId: _, ...set } = row;
  await tx.insert(workspaceSso).values(row).onConflictDoUpdate({ target: workspaceSso.workspaceId, set });
}

export async function deleteSso(tx: Tx, workspaceId: string): Promise<boolean> {
  const rows = await tx
    .delete(workspaceSso)
    .where(eq(workspaceSso.workspaceId, workspaceId))
    .returning({ id: workspaceSso.workspaceId });
  return rows.length > 0;
}

export async function insertSsoLogin(tx: Tx, row: SsoLoginRow): Promise<void> {
  await tx.insert(consoleSsoLogins).values(row);
}

/** Takes a sign-in under way: deleted as it is read, so only one callback can ever complete it. */
export async function takeSsoLogin(tx: Tx, stateHash: string): Promise<SsoLoginRow | undefined> {
  const [row] = await tx
    .delete(consoleSsoLogins)
    .where(eq(consoleSsoLogins.stateHash, stateHash))
    .returning();
  return row;
}

/** Sign-ins under way for a workspace (begun, not completed, not expired). */
export async function pendingSsoLogins(tx: Tx, workspaceId: string, now: Date): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(consoleSsoLogins)
    .where(and(eq(consoleSsoLogins.workspaceId, workspaceId), gt(consoleSsoLogins.expiresAt, now)));
  return row?.n ?? 0;
}
