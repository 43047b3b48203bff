import { useMemo } from 'preact/hooks';
import type {
  CampaignDaily,
  CampaignFunnel,
  CampaignLift,
  MotionConversion,
} from '../../../shared/analytics.ts';
import type { CampaignListItem } from '../../../shared/campaign.ts';
import { type ChartSeries, TimeChart } from '../../components/chart.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { VerdictTag } from '../../components/verdict-tag.tsx';
import { benchmarkVerdict } from '../../lib/benchmark.ts';
import { dateTime, money, num, pct, pointRange, points } from '../../lib/format.ts';
import { motionLabel } from '../../lib/labels.ts';
import { liftVerdict, sampleRatioWarning } from '../../lib/lift-verdict.ts';
import { useResource } from '../../lib/use-resource.ts';
import { CopyExperimentPanel } from './copy-experiment.tsx';
import { type AnalyticsFilters, setFilter } from './filters.tsx';

/**
 * The funnel's steps; each counts accounts (an account with several users counts once). It starts
 * at the treatment group: held-out accounts are never shown the message, so counting them would
 * read the control group as drop-off.
 */
const STEPS: ReadonlyArray<readonly [keyof CampaignFunnel, string]> = [
  ['treated', 'Eligible (not held out)'],
  ['shown', 'Saw it'],
  ['clicked', 'Clicked'],
  ['trialsStarted', 'Started a trial'],
  ['converted', 'Bought'],
];

/** The campaign the funnel opens on: an active one that has served someone, else any active one. */
export const defaultFunnelCampaign = (campaigns: CampaignListItem[]) =>
  (
    campaigns.find((c) => c.status === 'active' && c.stats.served > 0) ??
    campaigns.find((c) => c.status === 'active') ??
    campaigns[0]
  )?.id;

/**
 * Eligible → saw it → clicked → (trial) → bought for one campaign, in accounts, with step-to-step
 * rates and each step's share of the eligible. A campaign without a trial skips that step, so
 * "bought" reads against "clicked"; with one, buying without a trial counts too, so the share of
 * the eligible is the rate to read. Its copy experiment, if it tests copy, follows.
 */
export function FunnelPanel({
  campaigns,
  selected,
  query,
  filters,
}: {
  campaigns: CampaignListItem[];
  selected: string | undefined;
  query: URLSearchParams;
  filters: AnalyticsFilters;
}) {
  const id = selected ?? defaultFunnelCampaign(campaigns);
  const campaign = campaigns.find((c) => c.id === id);
  const funnel = useResource<{ data: CampaignFunnel[] }>(
    id ? `/v1/admin/analytics/funnel?campaign=${id}&${filters.qs}` : null,
  );
  const daily = useResource<CampaignDaily>(
    id ? `/v1/admin/analytics/campaigns/${id}/daily?${filters.qs}` : null,
  );
  const before = useResource<{ data: CampaignFunnel[] }>(
    id ? `/v1/admin/analytics/funnel?campaign=${id}&${filters.previousQs}` : null,
  );
  const f = funnel.data?.data.find((row) => row.campaignId === id);
  const previous = before.data?.data.find((row) => row.campaignId === id);
  const top = f ? Math.max(f.treated, f.shown, 1) : 1;
  const steps = STEPS.filter(
    ([key]) => key !== 'trialsStarted' || campaign?.trial?.enabled || (f?.trialsStarted ?? 0) > 0,
  );
  return (
    <>
      <section class="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title">Campaign funnel</h2>
        <div class="field inline">
          <label for="funnel-campaign">Campaign</label>
          <select
            id="funnel-campaign"
            value={id ?? ''}
            onChange={(e) => setFilter(query, 'campaign', e.currentTarget.value)}
          >
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.status})
              </option>
            ))}
          </select>
        </div>
        {funnel.error && <p class="field-error">{funnel.error}</p>}
        {f && (
          <TableWrap label="Accounts at each step">
            <table class="funnel">
              <caption class="muted small">Accounts at each step, {filters.scope}</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" class="num">
                    Accounts
                  </th>
                  <th scope="col" class="num">
                    From previous
                  </th>
                  <th scope="col" class="num">
                    Of eligible
                  </th>
                  <th scope="col">
                    <span class="sr-only">Bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {steps.map(([key, label], i) => {
                  const value = f[key] as number;
                  const prevKey = steps[i - 1]?.[0];
                  const prev = prevKey ? (f[prevKey] as number) : undefined;
                  return (
                    <tr key={key} data-step={key}>
                      <th scope="row">{label}</th>
                      <td class="num">{num(value)}</td>
                      <td class="num">{prev ? pct(value / prev) : '—'}</td>
                      <td class="num">{i > 0 && f.treated ? pct(value / f.treated) : '—'}</td>
                      <td class="bar-cell" aria-hidden="true">
                        <span
                          class="bar"
                          style={{ width: `${Math.max((value / top) * 100, value > 0 ? 1 : 0)}%` }}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
        {f && previous && <PreviousPeriod current={f} previous={previous} days={filters.period} />}
        {f && (
          <p class="muted small">
            Conversion (bought, of eligible) = accounts with a purchase through this campaign, from its prompt
            or its trial (failed ones left out), ÷ eligible accounts not held out, {filters.scope}.
          </p>
        )}
        {f && (
          <p class="muted small">
            Dismissed by {num(f.dismissed)} ({f.shown ? pct(f.dismissed / f.shown) : '—'} of the accounts that
            saw it) · held out {num(f.heldOut)} (the control group, never shown) · revenue{' '}
            {f.currency ? money(f.revenue, f.currency) : '—'}
          </p>
        )}
        {daily.data && (
          <DailyChart daily={daily.data} withTrials={steps.some(([key]) => key === 'trialsStarted')} />
        )}
      </section>
      {/* Keyed: another campaign's copies never show while this one's load. */}
      {campaign && <CopyExperimentPanel key={campaign.id} campaign={campaign} filters={filters} />}
    </>
  );
}

const conversion = (x: CampaignFunnel) => (x.treated > 0 ? x.converted / x.treated : null);

/** This period's conversion beside the period as long just before it: is it getting better? */
function PreviousPeriod(props: { current: CampaignFunnel; previous: CampaignFunnel; days: string }) {
  const now = conversion(props.current);
  const then = conversion(props.previous);
  return (
    <p class="comparison">
      Bought, of eligible: <strong>{pct(now)}</strong> · the {props.days} days before:{' '}
      {then === null ? 'no eligible accounts' : pct(then)}
      {now !== null && then !== null && ` (${points(now - then)})`}
    </p>
  );
}

const DAILY_STEPS = [
  ['shown', 'Saw it', '#4338ca'],
  ['clicked', 'Clicked', '#0e9384'],
  ['dismissed', 'Dismissed', '#667085'],
  ['trialsStarted', 'Started a trial', '#b54708'],
  ['converted', 'Bought', '#c11574'],
] as const;

/**
 * The campaign's funnel day by day: a launch, a copy change or a quiet week shows here first. Each
 * change to the campaign in the period is a dashed line on the chart and a line of text under it.
 */
function DailyChart({ daily, withTrials }: { daily: CampaignDaily; withTrials: boolean }) {
  const { days, changes } = daily;
  const chart = useMemo(
    () => ({
      markers: changes.map((c) => ({ time: Math.floor(Date.parse(c.at) / 1000) })),
      times: days.map((d) => Math.floor(Date.parse(`${d.date}T00:00:00Z`) / 1000)),
      series: DAILY_STEPS.filter(([key]) => key !== 'trialsStarted' || withTrials).map(
        ([key, label, color]): ChartSeries => ({
          label,
          color,
          values: days.map((d) => d[key]),
          format: num,
        }),
      ),
    }),
    [days, changes, withTrials],
  );
  return (
    <>
      <TimeChart
        title="Day by day (accounts, UTC days)"
        times={chart.times}
        series={chart.series}
        markers={chart.markers}
      />
      {changes.length > 0 && (
        <div class="chart-changes">
          <h3 class="small">Changes to the campaign in this period (dashed lines)</h3>
          <ul class="small">
            {changes.map((c) => (
              <li key={`${c.version}-${c.action}-${c.at}`}>
                <time dateTime={c.at}>{dateTime(c.at)}</time> · version {c.version} {c.action} by {c.actor}
                {c.fields.length > 0 && (
                  <>
                    : <code>{c.fields.join(', ')}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/**
 * Treatment vs holdout: the only honest answer to "did the prompt cause the purchase?". Its
 * conversion is not the funnel's: it counts buying the product any way (on their own too, which is
 * all the holdout can do), from each account's first decision in the period to the period's end.
 */
export function LiftTable({ rows, scope }: { rows: CampaignLift[]; scope: string }) {
  return (
    <section class="card" aria-labelledby="lift-title">
      <h2 id="lift-title">Holdout lift</h2>
      <p class="muted small">
        Conversion per arm = accounts that bought the campaign's product after their first decision (through
        the prompt or on their own; failed purchases left out) ÷ accounts with a decision, {scope}.
      </p>
      {rows.length === 0 && <p class="muted">No campaign with a holdout has decisions yet.</p>}
      <TableWrap label="Treatment and holdout conversion per campaign">
        <table>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col" class="num">
                Treatment
              </th>
              <th scope="col" class="num">
                Holdout
              </th>
              <th scope="col" class="num">
                Lift
              </th>
              <th scope="col">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.campaignId}>
                <th scope="row">{r.name}</th>
                <td class="num">
                  {pct(r.treatment.rate)} <span class="muted small">of {num(r.treatment.accounts)}</span>
                </td>
                <td class="num">
                  {pct(r.holdout.rate)} <span class="muted small">of {num(r.holdout.accounts)}</span>
                </td>
                <td class="num">
                  {points(r.lift)}
                  {r.relative !== null && r.relative !== undefined && (
                    <span class="muted small"> ({num(r.relative + 1)}× the holdout)</span>
                  )}
                </td>
                <td>
                  {r.interval ? pointRange(r.interval.low, r.interval.high) : 'not enough data'}
                  {(r.interval || r.sampleRatio.mismatch) && <Verdict lift={r} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/**
 * Whether the lift can be acted on (see VerdictTag). Arms that did not split as configured get the
 * warning instead of any verdict, even without an interval (a holdout that recorded nobody is the
 * plainest mismatch).
 */
function Verdict({ lift }: { lift: CampaignLift }) {
  const verdict = liftVerdict(lift);
  if (verdict === 'mismatch')
    return (
      <>
        {' '}
        <strong class="srm-warning">{sampleRatioWarning(lift)}</strong>
      </>
    );
  return <VerdictTag verdict={verdict} difference={lift.lift} />;
}

/** The lift table's treatment arms summed per motion, beside the field's benchmark. */
export function MotionTable({ rows, scope }: { rows: MotionConversion[]; scope: string }) {
  return (
    <section class="card" aria-labelledby="motion-title">
      <h2 id="motion-title">Conversion by motion</h2>
      <p class="muted small">
        Conversion = treated accounts (not held out) that bought the campaign's product after their first
        decision ÷ treated accounts with a decision, {scope}: the lift's treatment arm.
      </p>
      <TableWrap label="Conversion per motion against its benchmark">
        <table>
          <thead>
            <tr>
              <th scope="col">Motion</th>
              <th scope="col" class="num">
                Treated accounts
              </th>
              <th scope="col" class="num">
                Bought
              </th>
              <th scope="col" class="num">
                Conversion
              </th>
              <th scope="col">Benchmark</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const verdict = r.served === 0 ? '' : benchmarkVerdict(r.rate, r.benchmark);
              return (
                <tr key={r.motion}>
                  <th scope="row">{motionLabel(r.motion)}</th>
                  <td class="num">{num(r.served)}</td>
                  <td class="num">{num(r.conversions)}</td>
                  <td class="num">{r.served ? pct(r.rate) : '—'}</td>
                  <td>
                    {pct(r.benchmark.low)}–{pct(r.benchmark.high)}{' '}
                    {verdict && <span class={`badge ${verdict}`}>{verdict}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
