import type { AnalyticsFilter } from '../db/queries/analytics.ts';
import { type CsvCell, moneyCell, toCsv } from '../domain/csv.ts';
import type { AppDeps } from '../http/types.ts';
import { funnels, lift } from './analytics.ts';

const HEADER = [
  'campaign_id',
  'campaign',
  'status',
  'motion',
  'period_from',
  'period_to',
  'eligible_accounts',
  'held_out_accounts',
  'treated_accounts',
  'shown_accounts',
  'clicked_accounts',
  'dismissed_accounts',
  'trial_accounts',
  'converted_accounts',
  'revenue',
  'currency',
  'treatment_conversion',
  'holdout_conversion',
  'lift',
  'lift_low_95',
  'lift_high_95',
  'significant',
  'sample_ratio_mismatch',
] as const;

/** Rates and lifts as fractions, to four places: a spreadsheet formats them as it likes. */
const fraction = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Number(x.toFixed(4));

/**
 * Every campaign's results for the filter as one CSV, for a spreadsheet or a BI tool: the funnel
 * (distinct accounts per step), revenue in major units, and the holdout lift with its interval —
 * the figures the Analytics page shows, from the same queries.
 */
export async function campaignResultsCsv(deps: AppDeps, f: AnalyticsFilter): Promise<string> {
  const [funnel, lifts] = await Promise.all([funnels(deps, f), lift(deps, f)]);
  const liftOf = new Map(lifts.data.map((l) => [l.campaignId, l]));
  const rows = funnel.data.map((c): CsvCell[] => {
    const l = liftOf.get(c.campaignId);
    return [
      c.campaignId,
      c.name,
      c.status,
      c.motion,
      f.from.toISOString(),
      f.to.toISOString(),
      c.eligible,
      c.heldOut,
      c.treated,
      c.shown,
      c.clicked,
      c.dismissed,
      c.trialsStarted,
      c.converted,
      moneyCell(c.revenue),
      c.currency,
      fraction(l?.treatment.accounts ? l.treatment.rate : null),
      fraction(l?.holdout.accounts ? l.holdout.rate : null),
      fraction(l?.lift),
      fraction(l?.interval?.low),
      fraction(l?.interval?.high),
      l?.significant,
      l?.sampleRatio.mismatch,
    ];
  });
  return toCsv(HEADER, rows);
}
