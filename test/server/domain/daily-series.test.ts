import { describe, expect, it } from 'vitest';
import { dailySeries } from '../../../server/domain/daily-series.ts';

const zero = { shown: 0, clicked: 0, dismissed: 0, trialsStarted: 0, converted: 0 };

describe('dailySeries', () => {
  it('has a point for every UTC day the range touches, quiet days at zero', () => {
    const series = dailySeries(new Date('2026-12-01T15:00:00Z'), new Date('2026-12-04T00:00:00Z'), [
      { day: '2026-12-02', step: 'shown', n: 4 },
      { day: '2026-12-02', step: 'clicked', n: 2 },
      { day: '2026-12-02', step: 'dismissed', n: 1 },
      { day: '2026-12-03', step: 'converted', n: 1 },
    ]);
    expect(series).toEqual([
      { date: '2026-12-01', ...zero },
      { date: '2026-12-02', ...zero, shown: 4, clicked: 2, dismissed: 1 },
      { date: '2026-12-03', ...zero, converted: 1 },
    ]);
  });

  it('ends with the day `to` falls in when it is not midnight, and ignores rows outside the range', () => {
    const series = dailySeries(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T08:00:00Z'), [
      { day: '2026-11-30', step: 'shown', n: 9 },
      { day: '2026-12-02', step: 'trialsStarted', n: 3 },
      { day: '2026-12-02', step: 'unknown', n: 5 },
    ]);
    expect(series).toEqual([
      { date: '2026-12-01', ...zero },
      { date: '2026-12-02', ...zero, trialsStarted: 3 },
    ]);
  });
});
