import { sha256 } from '../crypto.ts';
import type { Tx } from '../db/client.ts';
import type { ConsoleUserRow } from '../db/queries/console.ts';
import { takeRecoveryCode, takeTotpStep } from '../db/queries/console-two-step.ts';
import { base32Decode, matchTotp } from '../domain/totp.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';

/** A recovery code as typed: case, spaces and dashes do not matter. */
export const normalRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * The second step of a sign-in, for a user with two-step sign-in on: a current code of their app
 * (each taken once) or an unused recovery code (used up). Without a code, 401 `two_step_required`;
 * a wrong one is a failed sign-in like a wrong password. Which of the two let them in, or null.
 */
export async function checkSecondStep(
  deps: Pick<AppDeps, 'secretBox'>,
  tx: Tx,
  row: ConsoleUserRow,
  code: string | undefined,
  now: Date,
): Promise<'code' | 'recovery_code' | null> {
  if (!row.twoStepAt || !row.totpSecret) return null;
  if (!code) {
    throw new ApiError(
      401,
      'two_step_required',
      'Enter the code from your authenticator app, or a recovery code',
    );
  }
  const digits = code.replace(/\s/g, '');
  if (/^[0-9]{6}$/.test(digits)) {
    const step = matchTotp(base32Decode(deps.secretBox.open(row.totpSecret)), digits, now, row.totpUsedStep);
    if (step !== null && (await takeTotpStep(tx, row.workspaceId, row.id, step))) return 'code';
  } else if (await takeRecoveryCode(tx, row.workspaceId, row.id, sha256(normalRecoveryCode(code)))) {
    return 'recovery_code';
  }
  throw new ApiError(401, 'unauthorized', 'Wrong code, or one used already');
}
