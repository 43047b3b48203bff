import { MOTIONS } from '../../lib/labels.ts';
import { navigate } from '../../lib/router.ts';

export const PERIODS = [
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
  ['90', 'Last 90 days'],
  ['365', 'Last 12 months'],
] as const;
const DAY_MS = 86_400_000;

export interface AnalyticsFilters {
  period: string;
  segment: string;
  motion: string;
  /** The filters as the analytics API's query string (`from=…&segment=…&motion=…`). */
  qs: string;
  /** "last 90 days, segment smb" — what the figures cover, for captions. */
  scope: string;
}

/**
 * The report filters the page's URL carries (so a view can be shared). The period starts at the
 * beginning of a UTC day, so the query stays the same all day long and is fetched once.
 */
export function analyticsFilters(query: URLSearchParams, now = Date.now()): AnalyticsFilters {
  const period = PERIODS.find(([days]) => days === query.get('period'))?.[0] ?? '90';
  const segment = query.get('segment') ?? '';
  const motion = MOTIONS.some(([m]) => m === query.get('motion')) ? (query.get('motion') ?? '') : '';
  const from = new Date((Math.floor(now / DAY_MS) - Number(period) + 1) * DAY_MS).toISOString();
  const qs = new URLSearchParams({ from });
  if (segment) qs.set('segment', segment);
  if (motion) qs.set('motion', motion);
  const periodLabel = PERIODS.find(([days]) => days === period)?.[1] ?? '';
  const scope = [
    periodLabel.toLowerCase(),
    segment && `segment ${segment}`,
    motion && MOTIONS.find(([m]) => m === motion)?.[1],
  ]
    .filter(Boolean)
    .join(', ');
  return { period, segment, motion, qs: qs.toString(), scope };
}

/** Replaces one filter in the page's URL, keeping the others (and the selected campaign). */
export function setFilter(query: URLSearchParams, name: string, value: string): void {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const qs = next.toString();
  navigate(`analytics${qs ? `?${qs}` : ''}`, true);
}

/** Period, segment and motion: every report on the page follows them. */
export function FilterBar({
  query,
  filters,
  segments,
}: {
  query: URLSearchParams;
  filters: AnalyticsFilters;
  segments: string[];
}) {
  return (
    <form class="filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
      <div class="field inline">
        <label for="filter-period">Period</label>
        <select
          id="filter-period"
          value={filters.period}
          onChange={(e) => setFilter(query, 'period', e.currentTarget.value)}
        >
          {PERIODS.map(([days, label]) => (
            <option key={days} value={days}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field inline">
        <label for="filter-segment">Segment</label>
        <select
          id="filter-segment"
          value={filters.segment}
          onChange={(e) => setFilter(query, 'segment', e.currentTarget.value)}
        >
          <option value="">All segments</option>
          {[...new Set([...segments, ...(filters.segment ? [filters.segment] : [])])].sort().map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div class="field inline">
        <label for="filter-motion">Motion</label>
        <select
          id="filter-motion"
          value={filters.motion}
          onChange={(e) => setFilter(query, 'motion', e.currentTarget.value)}
        >
          <option value="">All motions</option>
          {MOTIONS.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
