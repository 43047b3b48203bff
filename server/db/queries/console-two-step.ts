import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { consoleUsers } from '../schema/index.ts';

const user = (workspaceId: string, id: string) =>
  and(eq(consoleUsers.workspaceId, workspaceId), eq(consoleUsers.id, id));

/** Keeps a new sealed secret for a user without two-step sign-in on; false when it is on. */
export async function setPendingTotpSecret(tx: Tx, workspaceId: string, id: string, sealed: string) {
  const rows = await tx
    .update(consoleUsers)
    .set({ totpSecret: sealed })
    .where(and(user(workspaceId, id), isNull(consoleUsers.twoStepAt)))
    .returning({ id: consoleUsers.id });
  return rows.length > 0;
}

/** Turns two-step sign-in on with the step its first code was for and the recovery codes' hashes. */
export async function enableTwoStep(
  tx: Tx,
  workspaceId: string,
  id: string,
  change: { at: Date; usedStep: number; recoveryCodeHashes: string[] },
) {
  const rows = await tx
    .update(consoleUsers)
    .set({
      twoStepAt: change.at,
      totpUsedStep: change.usedStep,
      recoveryCodeHashes: change.recoveryCodeHashes,
    })
    .where(and(user(workspaceId, id), isNull(consoleUsers.twoStepAt)))
    .returning({ id: consoleUsers.id });
  return rows.length > 0;
}

/** Turns it off and forgets the secret and the recovery codes; false when it was off. */
export async function disableTwoStep(tx: Tx, workspaceId: string, id: string) {
  const rows = await tx
    .update(consoleUsers)
    .set({ twoStepAt: null, totpSecret: null, totpUsedStep: null, recoveryCodeHashes: [] })
    .where(and(user(workspaceId, id), sql`${consoleUsers.twoStepAt} is not null`))
    .returning({ id: consoleUsers.id });
  return rows.length > 0;
}

/**
 * Records that a code of `step` was taken, unless one of that step or a later one was taken since
 * the row was read: two sign-ins racing with one code, only one gets in.
 */
export async function takeTotpStep(tx: Tx, workspaceId: string, id: string, step: number) {
  const rows = await tx
    .update(consoleUsers)
    .set({ totpUsedStep: step })
    .where(
      and(user(workspaceId, id), or(isNull(consoleUsers.totpUsedStep), lt(consoleUsers.totpUsedStep, step))),
    )
    .returning({ id: consoleUsers.id });
  return rows.length > 0;
}

/** Uses up one recovery code (by its hash); false when it is not one of the user's, or was used. */
export async function takeRecoveryCode(tx: Tx, workspaceId: string, id: string, hash: string) {
  const rows = await tx
    .update(consoleUsers)
    .set({ recoveryCodeHashes: sql`array_remove(${consoleUsers.recoveryCodeHashes}, ${hash})` })
    .where(and(user(workspaceId, id), sql`${hash} = any(${consoleUsers.recoveryCodeHashes})`))
    .returning({ id: consoleUsers.id });
  return rows.length > 0;
}
