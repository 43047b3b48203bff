import { webhookBacklog } from '../db/queries/metrics.ts';
import type { RequestMetrics } from '../http/metrics.ts';
import { operatorAuth } from '../http/middleware/auth.ts';
import { createRouter } from '../http/router.ts';
import { jobStats } from '../jobs/job-stats.ts';

const gauge = (name: string, help: string, value: number) => [
  `# HELP ${name} ${help}`,
  `# TYPE ${name} gauge`,
  `${name} ${value}`,
];

/**
 * `GET /metrics` for Prometheus (or anything that reads its text format), behind the operator
 * token: this instance's requests and latencies, its background jobs' runs, its memory, and the
 * webhook backlog of every workspace (the same figures from any instance).
 */
export function metricsRoutes(metrics: RequestMetrics) {
  const routes = createRouter();
  routes.use('/metrics', operatorAuth);
  routes.get('/metrics', async (c) => {
    const backlog = await webhookBacklog(c.var.deps.database, c.var.deps.now());
    const memory = process.memoryUsage();
    const lines = [
      ...metrics.lines(),
      ...jobStats.lines(),
      ...gauge(
        'attach_webhook_outbox_undispatched',
        'Webhook messages not yet fanned out.',
        backlog.undispatched,
      ),
      ...gauge('attach_webhook_deliveries_pending', 'Webhook deliveries to send or retry.', backlog.pending),
      ...gauge('attach_webhook_deliveries_dead', 'Webhook deliveries out of attempts.', backlog.dead),
      ...gauge(
        'attach_webhook_oldest_due_seconds',
        'How late the most overdue pending webhook delivery is.',
        backlog.oldestDueSeconds,
      ),
      ...gauge('process_resident_memory_bytes', 'Resident memory of this process.', memory.rss),
      ...gauge('nodejs_heap_used_bytes', 'V8 heap in use.', memory.heapUsed),
      ...gauge('process_uptime_seconds', 'Seconds since this process started.', Math.round(process.uptime())),
    ];
    return c.body(`${lines.join('\n')}\n`, 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
  return routes;
}
