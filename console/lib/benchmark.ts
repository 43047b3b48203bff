/** Where a rate sits against a benchmark range, as the motion table and the trials line say it. */
export const benchmarkVerdict = (rate: number, range: { low: number; high: number }) =>
  rate < range.low ? 'below' : rate > range.high ? 'above' : 'within';
