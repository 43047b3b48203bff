import { errorFields } from '../http/logger.ts';
import type { AppDeps } from '../http/types.ts';
import { affinityJob } from './affinity.ts';
import { auditRetention } from './audit-retention.ts';
import { campaignTallies } from './campaign-tallies.ts';
import { consoleHousekeeping } from './console-housekeeping.ts';
import { decisionRetention } from './decision-retention.ts';
import { developerLogRetention } from './developer-log-retention.ts';
import { eventRetention } from './event-retention.ts';
import { type JobStats, jobStats } from './job-stats.ts';
import { outboxDispatcher } from './outbox-dispatcher.ts';
import { trialExpiry } from './trial-expiry.ts';
import { webhookRetention } from './webhook-retention.ts';
import { workspacePurge } from './workspace-purge.ts';

/**
 * A background loop. `run` does one unit of work; the scheduler waits `everyMs` between runs. A long
 * run stops taking new work once `stopping` is aborted (shutdown), so stopping takes one step's time.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(deps: AppDeps, stopping?: AbortSignal): Promise<void>;
}

/** Jobs started by the server; each file under jobs/ exports one and is listed here. */
export const JOBS: Job[] = [
  outboxDispatcher,
  affinityJob,
  trialExpiry,
  webhookRetention,
  eventRetention,
  decisionRetention,
  auditRetention,
  developerLogRetention,
  campaignTallies,
  consoleHousekeeping,
  workspacePurge,
];

/**
 * Starts every job; the returned function stops them and waits for runs in progress. Each run's
 * outcome and time go to `stats` (for /metrics).
 */
export function startJobs(
  deps: AppDeps,
  jobs: Job[] = JOBS,
  stats: JobStats = jobStats,
): () => Promise<void> {
  let stopped = false;
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (job: Job, delay: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const started = performance.now();
      const finished = (ok: boolean) =>
        stats.record(job.name, ok, (performance.now() - started) / 1000, deps.now());
      const run = job
        .run(deps, stopping.signal)
        .then(() => finished(true))
        .catch((err: unknown) => {
          finished(false);
          deps.log.error('job_failed', { job: job.name, ...errorFields(err) });
        })
        .finally(() => {
          running.delete(run);
          if (!stopped) schedule(job, job.everyMs);
        });
      running.add(run);
    }, delay);
    timers.add(timer);
  };
  for (const job of jobs) schedule(job, Math.min(job.everyMs, 1_000));
  return async () => {
    stopped = true;
    stopping.abort();
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(running);
  };
}
