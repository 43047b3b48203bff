/**
 * Builders for `Reason`s. Every check in the engine reports its outcome with a stable, dotted `code`
 * (`<check>.<outcome>`, e.g. `frequency.max_impressions`) that the console and tests may match on,
 * and a sentence for the product manager. Passing checks are reported too, non-blocking, so explain
 * can show the whole picture.
 *
 *   pass(code, message)  → { blocking: false }   the check passed / informational
 *   fail(code, message)  → { blocking: true }    the check blocks the campaign
 */
import type { Reason } from './types.ts';

export function pass(code: string, message: string): Reason {
  return { code, message, blocking: false };
}

export function fail(code: string, message: string): Reason {
  return { code, message, blocking: true };
}

/** True when any reason blocks. */
export function isBlocked(reasons: readonly Reason[]): boolean {
  return reasons.some((r) => r.blocking);
}
