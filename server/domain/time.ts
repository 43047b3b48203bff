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

/** The same instant a year earlier (29 February falls back to 28 February). */
export function yearBefore(at: Date): Date {
  const earlier = new Date(at.getTime());
  earlier.setUTCFullYear(at.getUTCFullYear() - 1);
  // setUTCFullYear carries 29 February into 1 March of a common year: step back to the 28th.
  if (earlier.getUTCMonth() !== at.getUTCMonth()) earlier.setUTCDate(0);
  return earlier;
}

/** A `YYYY-MM` month as the UTC instants it spans, [from, to). */
export function monthSpan(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}
