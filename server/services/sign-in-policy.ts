import type { SignInPolicy, SignInPolicyView } from '../../shared/console.ts';
import type { Tx } from '../db/client.ts';
import { findConsoleUser, listConsoleUsers } from '../db/queries/console.ts';
import { findWorkspaceById, setConsoleTwoStepRequired } from '../db/queries/workspaces.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { auditUpdate } from './audit.ts';

export async function signInPolicy(tx: Tx, workspaceId: string): Promise<SignInPolicyView> {
  const [workspace, users] = await Promise.all([
    findWorkspaceById(tx, workspaceId),
    listConsoleUsers(tx, workspaceId),
  ]);
  if (!workspace) throw notFound('Workspace');
  return {
    twoStepRequired: workspace.consoleTwoStepRequired,
    usersWithoutTwoStep: users.filter((u) => !u.twoStepAt).map((u) => ({ id: u.id, email: u.email })),
  };
}

/**
 * An owner sets what every console user must do to sign in. Requiring two-step sign-in takes effect
 * at once, sessions already open included (the session middleware reads it on every call). A person
 * requiring it must have it on themselves, so they cannot shut themselves out of this page by it;
 * an owner's API key has no person to ask, and every owner can still set it up after signing in.
 */
export async function setSignInPolicy(
  tx: Tx,
  workspace: { id: string; name: string },
  actor: { name: string; consoleUserId?: string },
  policy: SignInPolicy,
): Promise<SignInPolicyView> {
  const workspaceId = workspace.id;
  if (policy.twoStepRequired && actor.consoleUserId) {
    const self = await findConsoleUser(tx, workspaceId, actor.consoleUserId);
    if (!self?.twoStepAt) {
      throw new ApiError(
        409,
        'conflict',
        'Turn on two-step sign-in for yourself first (Your account), then require it of everyone',
      );
    }
  }
  if (await setConsoleTwoStepRequired(tx, workspaceId, policy.twoStepRequired)) {
    await auditUpdate(tx, workspaceId, actor.name, {
      action: 'sign_in_policy.updated',
      target: { type: 'workspace', id: workspaceId, name: workspace.name },
      before: { twoStepRequired: !policy.twoStepRequired },
      after: { twoStepRequired: policy.twoStepRequired },
    });
  }
  return signInPolicy(tx, workspaceId);
}
