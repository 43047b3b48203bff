/**
 * Reading the daily event counters of `AccountState.counters` (last 90 days, UTC days; account-level
 * rows have userId ''). The rows are indexed by name once per state (memoised on the array
 * identity) so 50 campaigns × several triggers do not rescan them.
 */

import { utcDay, windowStartDay } from './time.ts';
import type { CounterRow } from './types.ts';

export type CounterIndex = ReadonlyMap<string, readonly CounterRow[]>;

const memo = new WeakMap<readonly CounterRow[], CounterIndex>();

export function indexCounters(rows: readonly CounterRow[]): CounterIndex {
  const hit = memo.get(rows);
  if (hit) return hit;
  const index = new Map<string, CounterRow[]>();
  for (const row of rows) {
    const list = index.get(row.name);
    if (list) list.push(row);
    else index.set(row.name, [row]);
  }
  memo.set(rows, index);
  return index;
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
  return sumRows(indexCounters(rows).get(name) ?? [], userId, windowStartDay(now, days), utcDay(now));
}

/** Sum of all counters whose name satisfies `match`, for one scope and day range (inclusive). */
export function countMatching(
  rows: readonly CounterRow[],
  match: (name: string) => boolean,
  userId: string,
  fromDay: string,
  toDay: string,
): number {
  let total = 0;
  for (const [name, list] of indexCounters(rows))
    if (match(name)) total += sumRows(list, userId, fromDay, toDay);
  return total;
}

/** True when the account recorded `name` at least once in the counters. */
export function everSeen(rows: readonly CounterRow[], name: string, extra?: ReadonlySet<string>): boolean {
  if (extra?.has(name)) return true;
  return (indexCounters(rows).get(name) ?? []).some((r) => r.userId === '' && r.count > 0);
}

function sumRows(list: readonly CounterRow[], userId: string, fromDay: string, toDay: string): number {
  let total = 0;
  for (const r of list) if (r.userId === userId && r.day >= fromDay && r.day <= toDay) total += r.count;
  return total;
}
