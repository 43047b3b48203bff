import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, webhookDeliveries } from '../../../server/db/schema/index.ts';
import { type Job, startJobs } from '../../../server/jobs/index.ts';
import { call, createTestApp, createWorkspace, OPERATOR_TOKEN, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const scrape = async () => {
  const res = await ctx.app.request('/metrics', { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of the one sample line that starts with `series`. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  it('needs the operator token', async () => {
    expect((await ctx.app.request('/metrics')).status).toBe(401);
    const keyed = await createWorkspace(ctx, { name: 'Not an operator' });
    expect((await call(ctx, 'GET', '/metrics', { key: keyed.secretKey })).status).toBe(401);
  });

  it('counts requests and their latency by route pattern, never by raw path', async () => {
    const before = await scrape();
    const ws = await createWorkspace(ctx, { name: 'Metrics' });
    const missing = randomUUID();
    for (let i = 0; i < 2; i++)
      await call(ctx, 'GET', `/v1/admin/campaigns/${randomUUID()}`, { key: ws.secretKey });
    await ctx.app.request(`/v1/nothing/${missing}`);
    await ctx.app.request('/healthz');
    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const campaign = 'route="/v1/admin/campaigns/:id",method="GET"';
    expect(sample(after.text, `attach_http_requests_total{${campaign},status="404"}`)).toBe(2);
    expect(sample(after.text, `attach_http_request_duration_seconds_count{${campaign}}`)).toBe(2);
    expect(sample(after.text, `attach_http_request_duration_seconds_bucket{${campaign},le="+Inf"}`)).toBe(2);
    expect(
      sample(after.text, `attach_http_requests_total{route="unmatched",method="GET",status="404"}`),
    ).toBe(1);
    const health = 'attach_http_requests_total{route="/healthz",method="GET",status="200"}';
    expect((sample(after.text, health) ?? 0) - (sample(before.text, health) ?? 0)).toBe(1);
    expect(after.text).not.toContain(missing);
    // Buckets are cumulative: each bound counts at least what the one below it does.
    const buckets = after.text
      .split('\n')
      .filter((l) => l.startsWith(`attach_http_request_duration_seconds_bucket{${campaign}`))
      .map((l) => Number(l.split(' ')[1]));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('reports the webhook backlog of every workspace', async () => {
    const ws = await createWorkspace(ctx, { name: 'Backlog' });
    const zero = await scrape();
    expect(sample(zero.text, 'attach_webhook_deliveries_pending')).toBe(0);
    const late = new Date(ctx.clock.now.getTime() - 120_000);
    await ctx.database.db.insert(outbox).values({
      workspaceId: ws.workspaceId,
      id: 'msg_metrics',
      eventType: 'lead.created',
      payload: {},
    });
    await ctx.database.db.insert(webhookDeliveries).values([
      { workspaceId: ws.workspaceId, messageId: 'msg_metrics', endpointId: 'ep_a', nextAttemptAt: late },
      { workspaceId: ws.workspaceId, messageId: 'msg_metrics', endpointId: 'ep_b', status: 'dead' },
    ]);
    const { text } = await scrape();
    expect(sample(text, 'attach_webhook_outbox_undispatched')).toBe(1);
    expect(sample(text, 'attach_webhook_deliveries_pending')).toBe(1);
    expect(sample(text, 'attach_webhook_deliveries_dead')).toBe(1);
    expect(sample(text, 'attach_webhook_oldest_due_seconds')).toBeGreaterThanOrEqual(120);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it("reports this process's job runs: successes, failures, the last success and how long a run took", async () => {
    let failures = 0;
    const jobs: Job[] = [
      { name: 'metrics-test-ok', everyMs: 20, run: async () => {} },
      {
        name: 'metrics-test-failing',
        everyMs: 20,
        run: async () => {
          failures++;
          throw new Error('always fails');
        },
      },
    ];
    const stop = startJobs(ctx.deps, jobs);
    await expect.poll(() => failures, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await stop();
    const { text } = await scrape();
    expect(sample(text, 'attach_job_runs_total{job="metrics-test-ok",outcome="ok"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'attach_job_runs_total{job="metrics-test-ok",outcome="failed"}')).toBe(0);
    expect(sample(text, 'attach_job_runs_total{job="metrics-test-failing",outcome="ok"}')).toBe(0);
    expect(sample(text, 'attach_job_runs_total{job="metrics-test-failing",outcome="failed"}')).toBe(failures);
    expect(sample(text, 'attach_job_last_success_timestamp_seconds{job="metrics-test-ok"}')).toBe(
      ctx.clock.now.getTime() / 1000,
    );
    // A job that never succeeded has no last success to report.
    expect(text).not.toContain('attach_job_last_success_timestamp_seconds{job="metrics-test-failing"}');
    expect(sample(text, 'attach_job_last_run_seconds{job="metrics-test-failing"}')).toBeGreaterThanOrEqual(0);
  });
});
