import type { SignInPolicy, SignInPolicyPatch, SignInPolicyView } from '../../shared/console.ts';
import type { Tx } from '../db/client.ts';
import { findConsoleUser, listConsoleUsers } from '../db/queries/console.ts';
import { findWorkspaceById, lockWorkspace, updateWorkspace } from '../db/queries/workspaces.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { WorkspaceRow } from '../http/types.ts';
import { auditUpdate } from './audit.ts';

const policyOf = (row: WorkspaceRow): SignInPolicy => ({
  twoStepRequired: row.consoleTwoStepRequired,
  idleMinutes: row.consoleIdleMinutes,
});

export async function signInPolicy(tx: Tx, workspaceId: string): Promise<SignInPolicyView> {
  const [workspace, users] = await Promise.all([
    findWorkspaceById(tx, workspaceId),
    listConsoleUsers(tx, workspaceId),
  ]);
  if (!workspace) throw notFound('Workspace');
  return {
    ...policyOf(workspace),
    usersWithoutTwoStep: users.filter((u) => !u.twoStepAt).map((u) => ({ id: u.id, email: u.email })),
  };
}

/**
 * An owner changes what every console user must do to sign in and stay signed in. It takes effect
 * at once, sessions already open included (the session middleware reads it on every call). A
 * person requiring two-step sign-in must have it on themselves, so they cannot shut themselves out
 * of this page by it; an owner's API key has no person to ask, and every owner can still set it up
 * after signing in.
 */
export async function setSignInPolicy(
  tx: Tx,
  workspaceId: string,
  actor: { name: string; consoleUserId?: string },
  patch: SignInPolicyPatch,
): Promise<SignInPolicyView> {
  const current = await lockWorkspace(tx, workspaceId);
  if (!current) throw notFound('Workspace');
  const before = policyOf(current);
  const after: SignInPolicy = { ...before, ...patch };
  if (after.twoStepRequired && !before.twoStepRequired && actor.consoleUserId) {
    const self = await findConsoleUser(tx, workspaceId, actor.consoleUserId);
    if (!self?.twoStepAt) {
      throw new ApiError(
        409,
        'conflict',
        'Turn on two-step sign-in for yourself first (Your account), then require it of everyone',
      );
    }
  }
  if (after.twoStepRequired !== before.twoStepRequired || after.idleMinutes !== before.idleMinutes) {
    await updateWorkspace(tx, workspaceId, {
      consoleTwoStepRequired: after.twoStepRequired,
      consoleIdleMinutes: after.idleMinutes,
    });
    await auditUpdate(tx, workspaceId, actor.name, {
      action: 'sign_in_policy.updated',
      target: { type: 'workspace', id: workspaceId, name: current.name },
      before,
      after,
    });
  }
  return signInPolicy(tx, workspaceId);
}
