import { DAY_MS, utcDay } from './time.ts';

/** The counts a daily funnel series carries per day. */
export interface DailySteps {
  shown: number;
  clicked: number;
  dismissed: number;
  trialsStarted: number;
  converted: number;
}

/**
 * One point per UTC day that [from, to) touches, oldest first, each step's count from `rows`
 * (`{ day: 'YYYY-MM-DD', step, n }`) or zero: a chart must show the quiet days too.
 *
 *   dailySeries(2026-12-01T00:00Z, 2026-12-03T00:00Z, [{ day: '2026-12-02', step: 'shown', n: 4 }])
 *   → [{ date: '2026-12-01', shown: 0, … }, { date: '2026-12-02', shown: 4, … }]
 */
export function dailySeries(
  from: Date,
  to: Date,
  rows: ReadonlyArray<{ day: string; step: string; n: number }>,
): Array<{ date: string } & DailySteps> {
  const byDay = new Map<string, DailySteps>();
  const first = Date.parse(`${utcDay(from)}T00:00:00Z`);
  for (let t = first; t < to.getTime(); t += DAY_MS) {
    byDay.set(utcDay(new Date(t)), { shown: 0, clicked: 0, dismissed: 0, trialsStarted: 0, converted: 0 });
  }
  for (const { day, step, n } of rows) {
    const point = byDay.get(day);
    if (point && step in point) point[step as keyof DailySteps] = n;
  }
  return [...byDay].map(([date, steps]) => ({ date, ...steps }));
}
