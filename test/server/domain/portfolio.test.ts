import { describe, expect, it } from 'vitest';
import {
  adoptionMatrix,
  monthEnds,
  movementInstants,
  mrrMovements,
  netRevenueRetention,
  productsPerCustomer,
  revenueMix,
} from '../../../server/domain/portfolio.ts';
import { monthSpan, yearBefore } from '../../../server/domain/time.ts';

const bucket = (products: number, accounts: number, mrr = 0) => ({ products, accounts, mrr });

describe('productsPerCustomer over ownership buckets', () => {
  it('takes the median of the accounts, not of the buckets', () => {
    // 1, 2, 2, 2, 7: the middle account owns 2 though the middle bucket holds 1 account.
    const r = productsPerCustomer([bucket(7, 1), bucket(1, 1), bucket(2, 3)]);
    expect(r).toMatchObject({ customers: 5, median: 2 });
    expect(r.mean).toBeCloseTo(14 / 5, 12);
    expect(r.distribution).toEqual([
      { products: 1, accounts: 1 },
      { products: 2, accounts: 3 },
      { products: 7, accounts: 1 },
    ]);
  });

  it('averages the two middle accounts of an even count, across buckets', () => {
    expect(productsPerCustomer([bucket(1, 2), bucket(4, 2)]).median).toBe(2.5);
    expect(productsPerCustomer([bucket(1, 1), bucket(2, 2), bucket(3, 1)]).median).toBe(2);
  });

  it('answers null statistics for no customers', () => {
    expect(productsPerCustomer([])).toEqual({ customers: 0, mean: null, median: null, distribution: [] });
    expect(productsPerCustomer([bucket(2, 0)]).customers).toBe(0);
  });
});

describe('revenueMix', () => {
  it('splits MRR between single- and multi-product customers', () => {
    const r = revenueMix([bucket(1, 3, 300), bucket(2, 1, 500), bucket(3, 1, 200)]);
    expect(r).toEqual({
      single: { accounts: 3, mrr: 300 },
      multi: { accounts: 2, mrr: 700 },
      multiShare: 0.7,
    });
    expect(revenueMix([]).multiShare).toBeNull();
  });
});

describe('adoptionMatrix', () => {
  it('lists every ordered pair, zeros included, with the attach rate', () => {
    // a: 4 owners (2 with b), b: 2, c: 1 alone.
    const m = adoptionMatrix([
      { items: ['a', 'b'], count: 2 },
      { items: ['a'], count: 2 },
      { items: ['c'], count: 1 },
      { items: [], count: 5 },
    ]);
    expect(m.products.map((p) => p.key)).toEqual(['a', 'b', 'c']);
    expect(m.cells).toHaveLength(6);
    expect(m.cells.find((c) => c.antecedent === 'a' && c.consequent === 'b')?.rate).toBe(0.5);
    expect(m.cells.find((c) => c.antecedent === 'b' && c.consequent === 'a')?.rate).toBe(1);
    expect(m.cells.find((c) => c.antecedent === 'c' && c.consequent === 'a')).toMatchObject({
      both: 0,
      rate: 0,
    });
  });
});

describe('monthEnds', () => {
  it('ends each calendar month in range, the last clipped to the end', () => {
    const ends = monthEnds(new Date('2026-03-07T00:00:00Z'), new Date('2026-05-20T12:00:00Z'));
    expect(ends.map((d) => d.toISOString())).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-05-01T00:00:00.000Z',
      '2026-05-20T12:00:00.000Z',
    ]);
  });

  it('keeps the latest months when the range is longer than the cap', () => {
    const ends = monthEnds(new Date('2020-01-01T00:00:00Z'), new Date('2026-01-15T00:00:00Z'), 3);
    expect(ends.map((d) => d.toISOString().slice(0, 10))).toEqual(['2025-12-01', '2026-01-01', '2026-01-15']);
  });
});

describe('netRevenueRetention', () => {
  it('sums each cohort, divides MRR now by MRR then, and subtracts single from multi', () => {
    const result = netRevenueRetention([
      { multi: false, accounts: 3, startMrr: 30_000, endMrr: 24_900 },
      { multi: true, accounts: 3, startMrr: 40_000, endMrr: 48_000 },
    ]);
    expect(result.single).toEqual({ accounts: 3, startMrr: 30_000, endMrr: 24_900, nrr: 0.83 });
    expect(result.multi).toEqual({ accounts: 3, startMrr: 40_000, endMrr: 48_000, nrr: 1.2 });
    expect(result.all).toEqual({ accounts: 6, startMrr: 70_000, endMrr: 72_900, nrr: 72_900 / 70_000 });
    expect(result.multiProductPremium).toBeCloseTo(0.37, 12);
  });

  it('has no ratio, and no premium, for a cohort with no MRR at the start', () => {
    const result = netRevenueRetention([{ multi: true, accounts: 1, startMrr: 100, endMrr: 0 }]);
    expect(result.single.nrr).toBeNull();
    expect(result.multi.nrr).toBe(0);
    expect(result.multiProductPremium).toBeNull();
  });
});

describe('yearBefore', () => {
  it('is the same instant a year earlier, 29 February falling back to the 28th', () => {
    expect(yearBefore(new Date('2026-12-06T22:30:00.123Z')).toISOString()).toBe('2025-12-06T22:30:00.123Z');
    expect(yearBefore(new Date('2028-02-29T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(yearBefore(new Date('2027-03-01T00:00:00Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('monthSpan', () => {
  it('spans a UTC month, December into the next year', () => {
    const span = (m: string) => Object.values(monthSpan(m)).map((d) => d.toISOString());
    expect(span('2026-03')).toEqual(['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect(span('2026-12')).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });
});

describe('mrrMovements between instants', () => {
  const row = (at: number, net: number, moved: Partial<{ newMrr: number; expansion: number }> = {}) => ({
    at,
    net,
    newMrr: 0,
    expansion: 0,
    contraction: 0,
    churned: 0,
    ...moved,
  });
  const instants = ['2026-03-16', '2026-04-01', '2026-05-01'].map((d) => new Date(`${d}T00:00:00Z`));

  it('starts from what was paid before the period and runs the MRR on month by month', () => {
    const r = mrrMovements([row(1, 1_000), row(3, 300, { expansion: 200, newMrr: 100 })], instants);
    expect(r.months.map((m) => [m.startMrr, m.endMrr, m.expansionMrr, m.newMrr])).toEqual([
      [1_000, 1_000, 0, 0],
      [1_000, 1_300, 200, 100],
    ]);
  });

  it('gives rates per month of time, so a half month compares with a whole one', () => {
    const r = mrrMovements(
      [row(1, 1_000), row(2, 50, { expansion: 50 }), row(3, 100, { expansion: 100 })],
      instants,
    );
    const month = 365.25 / 12;
    expect(r.months[0]?.expansionRate).toBeCloseTo(50 / (1_000 * (16 / month)), 12);
    expect(r.months[1]?.expansionRate).toBeCloseTo(100 / (1_050 * (30 / month)), 12);
    expect(r.expansionVelocity).toBeCloseTo(150 / ((1_000 * 16 + 1_050 * 30) / month), 12);
  });

  it('has no rate without MRR to grow from', () => {
    const r = mrrMovements([row(2, 500, { newMrr: 500 })], instants);
    expect(r.months[0]?.expansionRate).toBeNull();
    expect(r.months[1]?.expansionRate).toBe(0);
    expect(mrrMovements([], instants).expansionVelocity).toBeNull();
  });
});

describe('movementInstants', () => {
  const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10));
  const at = (day: string) => new Date(`${day}T00:00:00Z`);

  it('runs from the period start through each month end to the period end', () => {
    expect(iso(movementInstants(at('2026-03-16'), at('2026-05-10')))).toEqual([
      '2026-03-16',
      '2026-04-01',
      '2026-05-01',
      '2026-05-10',
    ]);
    expect(iso(movementInstants(at('2026-05-03'), at('2026-05-10')))).toEqual(['2026-05-03', '2026-05-10']);
  });

  it('starts a period longer than 24 months at the earliest month shown', () => {
    const instants = movementInstants(at('2019-01-01'), at('2026-05-01'));
    expect(instants).toHaveLength(25);
    expect(iso(instants).slice(0, 2)).toEqual(['2024-05-01', '2024-06-01']);
    expect(iso(instants).at(-1)).toBe('2026-05-01');
  });
});
