import { type differenceVerdict, TOO_EARLY_HINT } from '../lib/lift-verdict.ts';

/**
 * A verdict on a difference of conversion rates, worded alike for the holdout lift and the copy
 * experiment: "too early to tell" rather than a verdict the numbers cannot carry yet, "not
 * significant", or a "significant" badge coloured by which way the difference goes. A sample ratio
 * mismatch is the lift's own warning, shown by the lift table instead of this.
 */
export function VerdictTag({
  verdict,
  difference,
}: {
  verdict: ReturnType<typeof differenceVerdict>;
  difference: number | null;
}) {
  if (verdict === 'early')
    return (
      <span class="muted small" title={TOO_EARLY_HINT}>
        {' '}
        too early to tell
      </span>
    );
  if (verdict === 'not_significant') return <span class="muted small"> not significant</span>;
  return <span class={`badge ${(difference ?? 0) > 0 ? 'active' : 'paused'}`}> significant</span>;
}
