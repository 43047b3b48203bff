/**
 * Calendar helpers shared by the engine. Counters are bucketed by UTC day (`YYYY-MM-DD`), so every
 * window "within N days" is the N UTC days ending today, today included.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` of the UTC day containing `at`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whole days elapsed from `from` to `to` (floored; negative when `from` is in the future). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** Days from `now` until `at`, rounded up so "tomorrow at noon" is 1 (negative once passed). */
export function daysUntil(at: Date, now: Date): number {
  return Math.ceil((at.getTime() - now.getTime()) / DAY_MS);
}
