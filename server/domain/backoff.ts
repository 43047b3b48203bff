/**
 * Webhook retry schedule: exponential from one minute, capped at eight hours, with ±25% jitter so
 * receivers that failed together do not get retried together. Twelve attempts span about 24 hours
 * (1+2+4+…+256 minutes, then 8 h twice), after which a delivery is dead.
 */
export const MAX_ATTEMPTS = 12;
const BASE_MS = 60_000;
const CAP_MS = 8 * 3_600_000;

/**
 * Delay before the next attempt after `failedAttempts` failures, or null when the delivery should
 * give up. `random` ∈ [0, 1) is passed in; `retryAfterMs` (the receiver's Retry-After) is honoured
 * when it asks for more patience than the schedule, up to the cap.
 */
export function nextRetryDelayMs(
  failedAttempts: number,
  random: number,
  retryAfterMs?: number | null,
): number | null {
  if (failedAttempts >= MAX_ATTEMPTS) return null;
  const exponential = Math.min(BASE_MS * 2 ** Math.max(0, failedAttempts - 1), CAP_MS);
  const jittered = Math.round(exponential * (0.75 + 0.5 * random));
  if (retryAfterMs != null && retryAfterMs > jittered) return Math.min(retryAfterMs, CAP_MS);
  return jittered;
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
