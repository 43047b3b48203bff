import type { CopyExperiment, CopyVariantResult } from '../../../shared/analytics.ts';
import { type CampaignListItem, ORIGINAL_VARIANT } from '../../../shared/campaign.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { VerdictTag } from '../../components/verdict-tag.tsx';
import { num, pct, pointRange, points } from '../../lib/format.ts';
import { variantLabel } from '../../lib/labels.ts';
import { differenceVerdict } from '../../lib/lift-verdict.ts';
import { useResource } from '../../lib/use-resource.ts';
import type { AnalyticsFilters } from './filters.tsx';

/** Results hold an experiment when some copy stands beside the original: one row alone tests nothing. */
export const hasExperiment = (rows: readonly CopyVariantResult[]) =>
  rows.some((r) => r.key !== ORIGINAL_VARIANT);

/**
 * The funnel's campaign's copy experiment, when it has one: each copy's conversion over the treated
 * accounts it was given, against the original's. Absent for a campaign that tests no copy.
 */
export function CopyExperimentPanel({
  campaign,
  filters,
}: {
  campaign: CampaignListItem;
  filters: AnalyticsFilters;
}) {
  const result = useResource<CopyExperiment>(
    `/v1/admin/analytics/campaigns/${campaign.id}/variants?${filters.qs}`,
  );
  const rows = result.data?.variants ?? [];
  // A campaign that tests no copy says nothing when its results cannot be read; one that does, says why.
  const failed = result.error !== undefined && campaign.variants.length > 0;
  if (!hasExperiment(rows) && !failed) return null;
  return (
    <section class="card" aria-labelledby="copy-experiment-title">
      <h2 id="copy-experiment-title">Copy experiment</h2>
      {failed ? (
        <p class="field-error">{result.error}</p>
      ) : (
        <CopyExperimentTable
          rows={rows}
          scope={filters.scope}
          mismatch={result.data?.sampleRatio.mismatch ?? false}
        />
      )}
    </section>
  );
}

function CopyExperimentTable({
  rows,
  scope,
  mismatch,
}: {
  rows: readonly CopyVariantResult[];
  scope: string;
  mismatch: boolean;
}) {
  return (
    <>
      {mismatch && (
        <p class="srm-warning">
          Sample ratio mismatch: the accounts did not split between the copies as their percents say (
          {rows
            .map(
              (r) =>
                `${variantLabel(r.key)} expected ${num(Math.round(r.expectedAccounts))}, saw ${num(r.accounts)}`,
            )
            .join('; ')}
          ) — the comparison is unreliable.
        </p>
      )}
      <p class="muted small">
        Accounts = treated accounts (not held out) by the copy their first decision gave them, {scope}; bought
        = those that bought the campaign's product after that first decision (through the prompt or on their
        own; failed purchases left out). Against the original: the difference in conversion.
      </p>
      <TableWrap label="Conversion per copy against the original">
        <table>
          <thead>
            <tr>
              <th scope="col">Copy</th>
              <th scope="col" class="num">
                Share
              </th>
              <th scope="col" class="num">
                Accounts
              </th>
              <th scope="col" class="num">
                Saw it
              </th>
              <th scope="col" class="num">
                Clicked
              </th>
              <th scope="col" class="num">
                Bought
              </th>
              <th scope="col" class="num">
                Conversion
              </th>
              <th scope="col" class="num">
                Against the original
              </th>
              <th scope="col">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{variantLabel(r.key)}</th>
                <td class="num">
                  {r.share === null ? <span class="muted small">no longer tested</span> : pct(r.share)}
                </td>
                <td class="num">{num(r.accounts)}</td>
                <td class="num">{num(r.shown)}</td>
                <td class="num">{num(r.clicked)}</td>
                <td class="num">{num(r.conversions)}</td>
                {/* No accounts is no rate at all, not a 0 % one. */}
                <td class="num">{r.accounts ? pct(r.rate) : '—'}</td>
                <Comparison row={r} mismatch={mismatch} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** A copy's difference from the original and its interval, qualified as the holdout lift is: no
 * verdict while the split is off (the warning above says why). */
function Comparison({ row, mismatch }: { row: CopyVariantResult; mismatch: boolean }) {
  if (row.key === ORIGINAL_VARIANT)
    return (
      <>
        <td class="num muted small">baseline</td>
        <td>—</td>
      </>
    );
  const vs = row.vsOriginal;
  if (!vs)
    return (
      <>
        <td class="num">{points(undefined)}</td>
        <td>not enough data</td>
      </>
    );
  return (
    <>
      <td class="num">{points(vs.difference)}</td>
      <td>
        {pointRange(vs.interval.low, vs.interval.high)}
        {!mismatch && <VerdictTag verdict={differenceVerdict(vs)} difference={vs.difference} />}
      </td>
    </>
  );
}
