import { Cohort } from '../../../shared/analytics.ts';
import { MOTIONS } from '../../lib/labels.ts';
import { navigate } from '../../lib/router.ts';

export const PERIODS = [
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
  ['90', 'Last 90 days'],
  ['365', 'Last 12 months'],
] as const;
const DAY_MS = 86_400_000;
/** How many signup months back the cohort filter offers. */
const COHORT_MONTHS = 24;

/** "Mar 2026" for `2026-03`. */
export const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The last `COHORT_MONTHS` UTC months, newest first, as `YYYY-MM`. */
export function recentMonths(now = Date.now()): string[] {
  const today = new Date(now);
  return Array.from({ length: COHORT_MONTHS }, (_, i) =>
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  );
}

export interface AnalyticsFilters {
  period: string;
  segment: string;
  /** The accounts' plan (tier); '' for every plan. */
  plan: string;
  /** Signup cohort, `YYYY-MM`; '' for every signup month. */
  cohort: string;
  motion: string;
  /** The filters as the analytics API's query string (`from=…&segment=…&motion=…`). */
  qs: string;
  /** "last 90 days, segment smb" — what the figures cover, for captions. */
  scope: string;
  /** "segment smb, plan pro, signed up Mar 2026" — the accounts the figures cover; '' for all. */
  slice: string;
  /** The same filters over the period as long just before (`from=…&to=…`), for comparisons. */
  previousQs: string;
}

/**
 * The report filters the page's URL carries (so a view can be shared). The period starts at the
 * beginning of a UTC day, so the query stays the same all day long and is fetched once.
 */
export function analyticsFilters(query: URLSearchParams, now = Date.now()): AnalyticsFilters {
  const period = PERIODS.find(([days]) => days === query.get('period'))?.[0] ?? '90';
  const segment = query.get('segment') ?? '';
  const plan = query.get('plan') ?? '';
  const cohort = Cohort.safeParse(query.get('cohort')).data ?? '';
  const motion = MOTIONS.some(([m]) => m === query.get('motion')) ? (query.get('motion') ?? '') : '';
  const from = new Date((Math.floor(now / DAY_MS) - Number(period) + 1) * DAY_MS).toISOString();
  const qs = new URLSearchParams({ from });
  const previous = new URLSearchParams({
    from: new Date(Date.parse(from) - Number(period) * DAY_MS).toISOString(),
    to: from,
  });
  for (const q of [qs, previous]) {
    if (segment) q.set('segment', segment);
    if (plan) q.set('plan', plan);
    if (cohort) q.set('cohort', cohort);
    if (motion) q.set('motion', motion);
  }
  const periodLabel = PERIODS.find(([days]) => days === period)?.[1] ?? '';
  const slice = [
    segment && `segment ${segment}`,
    plan && `plan ${plan}`,
    cohort && `signed up ${monthLabel(cohort)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const scope = [periodLabel.toLowerCase(), slice, motion && MOTIONS.find(([m]) => m === motion)?.[1]]
    .filter(Boolean)
    .join(', ');
  return {
    period,
    segment,
    plan,
    cohort,
    motion,
    qs: qs.toString(),
    scope,
    slice,
    previousQs: previous.toString(),
  };
}

/** Replaces one filter in the page's URL, keeping the others (and the selected campaign). */
export function setFilter(query: URLSearchParams, name: string, value: string): void {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const qs = next.toString();
  navigate(`analytics${qs ? `?${qs}` : ''}`, { replace: true });
}

/** The names known, plus the one in the address (a shared link may name one not listed yet). */
const choicesOf = (names: readonly string[], current: string) =>
  [...new Set([...names, ...(current ? [current] : [])])].sort().map((s) => [s, s] as const);

/** Period, the accounts' segment, plan and signup month, and motion: every report on the page follows them. */
export function FilterBar({
  query,
  filters,
  segments,
  plans,
}: {
  query: URLSearchParams;
  filters: AnalyticsFilters;
  segments: string[];
  plans: string[];
}) {
  const months = recentMonths();
  const cohorts = [...new Set([...months, ...(filters.cohort ? [filters.cohort] : [])])]
    .sort()
    .reverse()
    .map((m) => [m, monthLabel(m)] as const);
  return (
    <>
      <form class="filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <Filter query={query} name="period" label="Period" value={filters.period} choices={PERIODS} />
        <Filter
          query={query}
          name="segment"
          label="Segment"
          value={filters.segment}
          choices={[['', 'All segments'], ...choicesOf(segments, filters.segment)]}
        />
        <Filter
          query={query}
          name="plan"
          label="Plan"
          value={filters.plan}
          choices={[['', 'All plans'], ...choicesOf(plans, filters.plan)]}
        />
        <Filter
          query={query}
          name="cohort"
          label="Signed up"
          value={filters.cohort}
          choices={[['', 'Any month'], ...cohorts]}
        />
        <Filter
          query={query}
          name="motion"
          label="Motion"
          value={filters.motion}
          choices={[['', 'All motions'], ...MOTIONS]}
        />
      </form>
      {(filters.plan || filters.segment) && (
        <p class="hint slice-note">
          Campaign results count each account in the plan and segment it had when the campaign first decided
          for it in the period, and purchases and trials (expansion MRR, trial conversion, activation) in the
          ones their decision recorded, so an upgrade a campaign sold stays in the slice it targeted. Products
          per customer, revenue mix, retention and MRR movements use each account's current plan and segment.
        </p>
      )}
    </>
  );
}

/** One filter: a labelled select that rewrites its own parameter in the page's URL. */
function Filter(props: {
  query: URLSearchParams;
  name: string;
  label: string;
  value: string;
  choices: ReadonlyArray<readonly [string, string]>;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="field inline">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => setFilter(props.query, props.name, e.currentTarget.value)}
      >
        {props.choices.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
