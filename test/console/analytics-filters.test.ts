import { describe, expect, it } from 'vitest';
import { analyticsFilters, recentMonths } from '../../console/pages/analytics/filters.tsx';
import { isMonthEnd } from '../../console/pages/analytics/portfolio.tsx';

const params = (qs: string) => new URLSearchParams(qs);
const at = Date.parse('2026-12-06T15:42:00Z');

describe('analytics filters from the URL', () => {
  it('defaults to the last 90 days, starting at a UTC midnight so the query is the same all day', () => {
    const f = analyticsFilters(params(''), at);
    expect(f).toMatchObject({ period: '90', segment: '', motion: '', scope: 'last 90 days' });
    expect(Object.fromEntries(new URLSearchParams(f.qs))).toEqual({ from: '2026-09-08T00:00:00.000Z' });
    expect(analyticsFilters(params(''), at + 3_600_000).qs).toBe(f.qs);
  });

  it('passes period, segment and motion on to the API, and says what the figures cover', () => {
    const f = analyticsFilters(
      params('period=7&segment=mid_market&motion=cross_sell_adjacent&campaign=x'),
      at,
    );
    expect(Object.fromEntries(new URLSearchParams(f.qs))).toEqual({
      from: '2026-11-30T00:00:00.000Z',
      segment: 'mid_market',
      motion: 'cross_sell_adjacent',
    });
    expect(f.scope).toMatch(/^last 7 days, segment mid_market, .+/);
    // The comparison period: the 7 days just before, same segment and motion.
    expect(Object.fromEntries(new URLSearchParams(f.previousQs))).toEqual({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
      segment: 'mid_market',
      motion: 'cross_sell_adjacent',
    });
  });

  it('slices by the accounts’ plan and signup month, and names the slice', () => {
    const f = analyticsFilters(params('plan=pro&cohort=2026-03&segment=smb'), at);
    expect(Object.fromEntries(new URLSearchParams(f.qs))).toMatchObject({
      plan: 'pro',
      cohort: '2026-03',
      segment: 'smb',
    });
    expect(Object.fromEntries(new URLSearchParams(f.previousQs))).toMatchObject({
      plan: 'pro',
      cohort: '2026-03',
    });
    expect(f.slice).toBe('segment smb, plan pro, signed up Mar 2026');
    expect(f.scope).toBe('last 90 days, segment smb, plan pro, signed up Mar 2026');
    // A month that is not one is not sent (the API would refuse it).
    expect(new URLSearchParams(analyticsFilters(params('cohort=2026-13'), at).qs).has('cohort')).toBe(false);
    expect(analyticsFilters(params(''), at).slice).toBe('');
  });

  it('offers the last 24 signup months, newest first', () => {
    const months = recentMonths(at);
    expect(months).toHaveLength(24);
    expect(months.slice(0, 3)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(months.at(-1)).toBe('2025-01');
  });

  it('ignores a period or motion it does not know (a hand-edited URL) instead of sending it', () => {
    const f = analyticsFilters(params('period=13&motion=spam'), at);
    expect(f.period).toBe('90');
    expect(new URLSearchParams(f.qs).has('motion')).toBe(false);
  });
});

describe('portfolio points', () => {
  it('tell a closed month from the month so far', () => {
    expect(isMonthEnd('2026-11-30')).toBe(true);
    expect(isMonthEnd('2024-02-29')).toBe(true);
    expect(isMonthEnd('2026-12-06')).toBe(false);
    expect(isMonthEnd('2026-02-28')).toBe(true);
  });
});
