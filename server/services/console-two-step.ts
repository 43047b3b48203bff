import { randomBytes } from 'node:crypto';
import type { ConsoleUser, TwoStepSetup } from '../../shared/console.ts';
import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import { findConsoleUser, loginLockedUntil, recordLoginFailure } from '../db/queries/console.ts';
import { disableTwoStep, enableTwoStep, setPendingTotpSecret } from '../db/queries/console-two-step.ts';
import { base32Decode, base32Encode, matchTotp, otpauthUri } from '../domain/totp.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { validationFailed } from '../http/validation.ts';
import { recordAudit } from './audit.ts';
import { LOGIN_LIMITS, lockedOut, toConsoleUser, verifyPassword } from './console-auth.ts';
import { normalRecoveryCode } from './console-second-step.ts';

/** 160 bits, RFC 4226's recommended secret length. */
const SECRET_BYTES = 20;
const RECOVERY_CODES = 10;

type Deps = Pick<AppDeps, 'now' | 'database' | 'secretBox'>;
type Who = { id: string; email: string };

const target = (user: Who) => ({ type: 'console_user' as const, id: user.id, name: user.email });

/** Ten base32 characters (50 bits), shown as `xxxxx-xxxxx`. */
function recoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/**
 * Step one of turning two-step sign-in on, with the password: a new secret for the user's
 * authenticator app, kept sealed beside their account until a code from it is confirmed. Starting
 * again replaces it.
 */
export async function startTwoStep(
  deps: Deps,
  workspace: { id: string; name: string },
  user: Who,
  password: string,
): Promise<TwoStepSetup> {
  await provePassword(deps, workspace.id, user, password);
  const secret = base32Encode(randomBytes(SECRET_BYTES));
  if (!(await setPendingTotpSecret(deps.database.db, workspace.id, user.id, deps.secretBox.seal(secret)))) {
    throw new ApiError(
      409,
      'conflict',
      'Two-step sign-in is on already; turn it off first to move to another app',
    );
  }
  // The label's separator is a colon, so the workspace's name must not carry one.
  const issuer = `Attach (${workspace.name.replaceAll(':', ' ')})`;
  return { secret, uri: otpauthUri(issuer, user.email, secret) };
}

/**
 * Step two: a code the app shows proves it holds the secret; two-step sign-in is on from now, and
 * the recovery codes (only their hashes kept) are returned this once.
 */
export async function confirmTwoStep(deps: Deps, workspaceId: string, user: Who, code: string) {
  const now = deps.now();
  const row = await findConsoleUser(deps.database.db, workspaceId, user.id);
  if (!row) throw new ApiError(401, 'unauthorized', 'Your console session has expired; sign in again');
  if (row.twoStepAt) throw new ApiError(409, 'conflict', 'Two-step sign-in is on already');
  if (!row.totpSecret) throw new ApiError(409, 'conflict', 'Start setting up two-step sign-in first');
  const step = matchTotp(base32Decode(deps.secretBox.open(row.totpSecret)), code, now, null);
  if (step === null) {
    throw validationFailed([
      { path: ['code'], message: 'Not the code your app shows now; is its clock right?', code: 'custom' },
    ]);
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  await deps.database.db.transaction(async (tx) => {
    const recoveryCodeHashes = recoveryCodes.map((c) => sha256(normalRecoveryCode(c)));
    if (!(await enableTwoStep(tx, workspaceId, user.id, { at: now, usedStep: step, recoveryCodeHashes }))) {
      throw new ApiError(409, 'conflict', 'Two-step sign-in is on already');
    }
    await recordAudit(tx, workspaceId, user.email, {
      action: 'console_user.two_step_enabled',
      target: target(user),
    });
  });
  return { recoveryCodes };
}

/**
 * The signed-in user's password, asked again before their sign-in changes (a session left open on
 * a shared machine must not be enough): a wrong one counts against the email's sign-in lockout, as
 * changing the password does.
 */
async function provePassword(deps: Deps, workspaceId: string, user: Who, password: string) {
  const { database } = deps;
  const now = deps.now();
  const email = { kind: 'email', value: user.email } as const;
  const locked = await loginLockedUntil(database, email, now);
  if (locked) throw lockedOut(locked, now, 'Too many wrong passwords for this email; try again later');
  const row = await findConsoleUser(database.db, workspaceId, user.id);
  if (!row) throw new ApiError(401, 'unauthorized', 'Your console session has expired; sign in again');
  if (!(await verifyPassword(password, row.passwordHash))) {
    await recordLoginFailure(database, email, now, LOGIN_LIMITS);
    throw validationFailed([{ path: ['password'], message: 'Not your password', code: 'custom' }]);
  }
}

/**
 * A user turns their own two-step sign-in off with their password. Off already: nothing to do. Not
 * while the workspace requires it (an owner can still turn it off for one who lost their app).
 */
export async function disableOwnTwoStep(
  deps: Deps,
  workspace: { id: string; consoleTwoStepRequired: boolean },
  user: Who,
  password: string,
) {
  if (workspace.consoleTwoStepRequired) {
    throw new ApiError(
      409,
      'conflict',
      'Your workspace requires two-step sign-in; an owner can stop requiring it under Users',
    );
  }
  const workspaceId = workspace.id;
  await provePassword(deps, workspaceId, user, password);
  await deps.database.db.transaction(async (tx) => {
    if (await disableTwoStep(tx, workspaceId, user.id)) {
      await recordAudit(tx, workspaceId, user.email, {
        action: 'console_user.two_step_disabled',
        target: target(user),
      });
    }
  });
}

/**
 * An owner (or the CLI) turns a colleague's two-step sign-in off: the way back in for one who lost
 * their authenticator app and their recovery codes. They sign in with their password alone again.
 */
export async function resetTwoStep(
  tx: Tx,
  workspaceId: string,
  userId: string,
  actor: string,
): Promise<ConsoleUser> {
  const row = await findConsoleUser(tx, workspaceId, userId);
  if (!row) throw notFound('Console user');
  if (await disableTwoStep(tx, workspaceId, userId)) {
    await recordAudit(tx, workspaceId, actor, {
      action: 'console_user.two_step_disabled',
      target: target(row),
    });
  }
  return { ...toConsoleUser(row), twoStep: false };
}
