/**
 * Request counts and latencies of this process, kept in memory and read by `GET /metrics` in the
 * Prometheus text format (each instance is scraped on its own, as Prometheus expects). Routes are
 * labelled by their pattern (`/v1/admin/campaigns/:id`), never by the raw path, so ids in URLs do
 * not turn into one series each.
 */

/** Upper bounds in seconds: decide answers in milliseconds, analytics may take seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Latency {
  /** Observations at or below each bound of BUCKETS (cumulative, as Prometheus expects). */
  le: number[];
  sum: number;
  count: number;
}

/** Escapes a label value as the exposition format requires (backslash, quote, newline). */
const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
export const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;

export class RequestMetrics {
  private readonly requests = new Map<string, { route: string; method: string; status: string; n: number }>();
  private readonly latencies = new Map<string, { route: string; method: string; latency: Latency }>();

  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    const counted = this.requests.get(key) ?? { route, method, status: String(status), n: 0 };
    counted.n++;
    this.requests.set(key, counted);
    const series = `${method} ${route}`;
    const timed = this.latencies.get(series) ?? {
      route,
      method,
      latency: { le: BUCKETS.map(() => 0), sum: 0, count: 0 },
    };
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) timed.latency.le[i] = (timed.latency.le[i] ?? 0) + 1;
    });
    timed.latency.sum += seconds;
    timed.latency.count++;
    this.latencies.set(series, timed);
  }

  /** The exposition lines of both metrics. */
  lines(): string[] {
    const out = [
      '# HELP attach_http_requests_total HTTP requests answered, by route pattern, method and status.',
      '# TYPE attach_http_requests_total counter',
    ];
    for (const { route, method, status, n } of this.requests.values()) {
      out.push(`attach_http_requests_total${labels({ route, method, status })} ${n}`);
    }
    out.push(
      '# HELP attach_http_request_duration_seconds Time to answer, by route pattern and method.',
      '# TYPE attach_http_request_duration_seconds histogram',
    );
    for (const { route, method, latency } of this.latencies.values()) {
      BUCKETS.forEach((bound, i) => {
        const le = labels({ route, method, le: String(bound) });
        out.push(`attach_http_request_duration_seconds_bucket${le} ${latency.le[i] ?? 0}`);
      });
      out.push(
        `attach_http_request_duration_seconds_bucket${labels({ route, method, le: '+Inf' })} ${latency.count}`,
        `attach_http_request_duration_seconds_sum${labels({ route, method })} ${latency.sum}`,
        `attach_http_request_duration_seconds_count${labels({ route, method })} ${latency.count}`,
      );
    }
    return out;
  }
}
