/**
 * Reading the daily event counters of `AccountState.counters` (last 90 days, UTC days; account-level
 * rows have userId ''). The rows are indexed once per state (memoised on the array identity) by
 * name, with days turned into integers, so 50 campaigns × several triggers neither rescan the rows
 * nor compare date strings on the hot path. The rows must not be mutated once read.
 */
import { DAY_MS } from './time.ts';
import type { CounterRow } from './types.ts';

interface IndexedRow {
  userId: string;
  /** Days since the Unix epoch (UTC). */
  day: number;
  count: number;
}

export type CounterIndex = ReadonlyMap<string, readonly IndexedRow[]>;

const memo = new WeakMap<readonly CounterRow[], CounterIndex>();

/** Parsed days: every state repeats the same few dozen dates, so each is parsed once. */
const parsedDays = new Map<string, number>();

/** Days since the epoch of `YYYY-MM-DD`; NaN for anything else (such rows never match a window). */
function epochDay(day: string): number {
  let parsed = parsedDays.get(day);
  if (parsed === undefined) {
    parsed =
      Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
    if (parsedDays.size >= 1_000) parsedDays.clear();
    parsedDays.set(day, parsed);
  }
  return parsed;
}

/** Days since the epoch of the UTC day containing `at`. */
export function epochDayOf(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

export function indexCounters(rows: readonly CounterRow[]): CounterIndex {
  const hit = memo.get(rows);
  if (hit) return hit;
  const index = new Map<string, IndexedRow[]>();
  for (const row of rows) {
    const entry = { userId: row.userId, day: epochDay(row.day), count: row.count };
    const list = index.get(row.name);
    if (list) list.push(entry);
    else index.set(row.name, [entry]);
  }
  memo.set(rows, index);
  return index;
}

function sumRows(list: readonly IndexedRow[], userId: string, from: number, to: number): number {
  let total = 0;
  for (const r of list) if (r.userId === userId && r.day >= from && r.day <= to) total += r.count;
  return total;
}

/**
 * Sum of `name` for one scope (`userId` '' = the account) over the `days` UTC days ending today.
 * Rows dated after today (clock skew of the writer) are ignored.
 */
export function countWithin(
  rows: readonly CounterRow[],
  name: string,
  userId: string,
  days: number,
  now: Date,
): number {
  const today = epochDayOf(now);
  return sumRows(indexCounters(rows).get(name) ?? [], userId, today - Math.max(1, days) + 1, today);
}

/**
 * Sum of all counters whose name satisfies `match`, for one scope, over the UTC days from
 * `daysBackFrom` to `daysBackTo` before today (0 = today; both inclusive).
 */
export function countMatching(
  rows: readonly CounterRow[],
  match: (name: string) => boolean,
  userId: string,
  now: Date,
  daysBackFrom: number,
  daysBackTo: number,
): number {
  const today = epochDayOf(now);
  let total = 0;
  for (const [name, list] of indexCounters(rows)) {
    if (match(name)) total += sumRows(list, userId, today - daysBackFrom, today - daysBackTo);
  }
  return total;
}

/** True when the account recorded `name` at least once (in the counters or the all-time set). */
export function everSeen(rows: readonly CounterRow[], name: string, extra?: ReadonlySet<string>): boolean {
  if (extra?.has(name)) return true;
  return (indexCounters(rows).get(name) ?? []).some((r) => r.userId === '' && r.count > 0);
}
