import type { ConsoleRole, ConsoleUser, ConsoleUserListItem } from '../../shared/console.ts';
import type { Tx } from '../db/client.ts';
import { lastSignIns } from '../db/queries/audit.ts';
import {
  deleteConsoleUser,
  deleteSessionsOfUser,
  findConsoleUser,
  listConsoleUsers,
  lockOwners,
  setConsoleUserPassword,
  updateConsoleUserRole,
} from '../db/queries/console.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { recordAudit } from './audit.ts';
import { createConsoleUser, hashPassword, toConsoleUser } from './console-auth.ts';

export async function listUsers(tx: Tx, workspaceId: string): Promise<ConsoleUserListItem[]> {
  const [users, signIns] = await Promise.all([
    listConsoleUsers(tx, workspaceId),
    lastSignIns(tx, workspaceId),
  ]);
  return users.map((row) => ({
    ...toConsoleUser(row),
    lastSignedInAt: signIns.get(row.id)?.toISOString() ?? null,
  }));
}

export async function inviteUser(
  tx: Tx,
  workspaceId: string,
  input: Parameters<typeof createConsoleUser>[2],
  actor: string,
): Promise<ConsoleUser> {
  const user = await createConsoleUser(tx, workspaceId, input);
  await recordAudit(tx, workspaceId, actor, {
    action: 'console_user.added',
    target: { type: 'console_user', id: user.id, name: user.email },
    details: { role: user.role },
  });
  return user;
}

/** A workspace always keeps one owner: otherwise nobody could manage users or keys again. */
async function assertNotLastOwner(tx: Tx, workspaceId: string, userId: string) {
  const owners = await lockOwners(tx, workspaceId);
  if (owners.length === 1 && owners[0]?.id === userId) {
    throw new ApiError(409, 'conflict', 'The workspace needs at least one owner');
  }
}

export async function changeRole(
  tx: Tx,
  workspaceId: string,
  userId: string,
  role: ConsoleRole,
  actor: string,
) {
  const user = await findConsoleUser(tx, workspaceId, userId);
  if (!user) throw notFound('Console user');
  if (user.role === 'owner' && role !== 'owner') await assertNotLastOwner(tx, workspaceId, userId);
  const updated = await updateConsoleUserRole(tx, workspaceId, userId, role);
  if (!updated) throw notFound('Console user');
  if (user.role !== role) {
    await recordAudit(tx, workspaceId, actor, {
      action: 'console_user.role_changed',
      target: { type: 'console_user', id: userId, name: user.email },
      changes: [{ field: 'role', from: user.role, to: role }],
    });
  }
  return toConsoleUser(updated);
}

/** Removing a user also ends their sessions. */
export async function removeUser(tx: Tx, workspaceId: string, userId: string, actor: string) {
  const user = await findConsoleUser(tx, workspaceId, userId);
  if (!user) throw notFound('Console user');
  if (user.role === 'owner') await assertNotLastOwner(tx, workspaceId, userId);
  await deleteConsoleUser(tx, workspaceId, userId);
  await recordAudit(tx, workspaceId, actor, {
    action: 'console_user.removed',
    target: { type: 'console_user', id: userId, name: user.email },
    details: { role: user.role },
  });
}

/**
 * An owner sets a colleague's password, the way back in for one who forgot theirs (there is no
 * email here to send a reset link). Every session of that user ends. Not for oneself: changing one's
 * own password asks for the current one (PUT /v1/admin/session/password).
 */
export async function resetPassword(
  tx: Tx,
  workspaceId: string,
  userId: string,
  password: string,
  by: { id: string | undefined; actor: string },
) {
  if (userId === by.id) {
    throw new ApiError(409, 'conflict', 'Change your own password under Your account, with your current one');
  }
  const user = await findConsoleUser(tx, workspaceId, userId);
  if (!user) throw notFound('Console user');
  await setConsoleUserPassword(tx, workspaceId, userId, await hashPassword(password));
  await deleteSessionsOfUser(tx, workspaceId, userId);
  await recordAudit(tx, workspaceId, by.actor, {
    action: 'console_user.password_reset',
    target: { type: 'console_user', id: userId, name: user.email },
  });
}

/**
 * An owner signs a colleague out everywhere (a laptop lost or left signed in): every session of
 * theirs ends; their password and two-step stay. Their own sessions go under Your account.
 */
export async function signOutUser(
  tx: Tx,
  workspaceId: string,
  userId: string,
  by: { id: string | undefined; actor: string },
): Promise<number> {
  if (userId === by.id) {
    throw new ApiError(
      409,
      'conflict',
      'End your own sessions under Your account ("Sign out everywhere else")',
    );
  }
  const user = await findConsoleUser(tx, workspaceId, userId);
  if (!user) throw notFound('Console user');
  const signedOut = await deleteSessionsOfUser(tx, workspaceId, userId);
  await recordAudit(tx, workspaceId, by.actor, {
    action: 'console_user.signed_out',
    target: { type: 'console_user', id: userId, name: user.email },
    details: { sessions: signedOut },
  });
  return signedOut;
}
