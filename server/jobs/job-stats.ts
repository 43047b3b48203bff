import { labels } from '../http/metrics.ts';

interface Stats {
  ok: number;
  failed: number;
  lastSuccessAt: number | null;
  lastSeconds: number;
}

/**
 * How this process's background jobs have run, for `GET /metrics`: an operator alerts on a job that
 * keeps failing, or that has not succeeded for a while (the process that should run it stopped).
 * Jobs run per process, so their figures are per process too, whichever app serves the scrape.
 */
export class JobStats {
  private readonly jobs = new Map<string, Stats>();

  record(job: string, ok: boolean, seconds: number, at: Date): void {
    const s = this.jobs.get(job) ?? { ok: 0, failed: 0, lastSuccessAt: null, lastSeconds: 0 };
    if (ok) {
      s.ok++;
      s.lastSuccessAt = at.getTime() / 1000;
    } else s.failed++;
    s.lastSeconds = seconds;
    this.jobs.set(job, s);
  }

  lines(): string[] {
    const out = [
      '# HELP attach_job_runs_total Background job runs in this process, by job and outcome.',
      '# TYPE attach_job_runs_total counter',
    ];
    for (const [job, s] of this.jobs) {
      out.push(`attach_job_runs_total${labels({ job, outcome: 'ok' })} ${s.ok}`);
      out.push(`attach_job_runs_total${labels({ job, outcome: 'failed' })} ${s.failed}`);
    }
    out.push(
      '# HELP attach_job_last_success_timestamp_seconds When the job last ran to completion here (Unix time).',
      '# TYPE attach_job_last_success_timestamp_seconds gauge',
    );
    for (const [job, s] of this.jobs) {
      if (s.lastSuccessAt !== null)
        out.push(`attach_job_last_success_timestamp_seconds${labels({ job })} ${s.lastSuccessAt}`);
    }
    out.push(
      '# HELP attach_job_last_run_seconds How long the job last ran, succeeding or not.',
      '# TYPE attach_job_last_run_seconds gauge',
    );
    for (const [job, s] of this.jobs)
      out.push(`attach_job_last_run_seconds${labels({ job })} ${s.lastSeconds}`);
    return out;
  }
}

/** The process's one record: the jobs it runs and the scrape that reports them share it. */
export const jobStats = new JobStats();
