/**
 * `npm run bench -- ingest`: events/s through `POST /v1/events` (batches of 50 over 50 keep-alive
 * connections) against the real server process on PostgreSQL, then, in the same run and database,
 * a raw `COPY … FROM STDIN` of as many rows into the same table — the floor of what the table can
 * take — and the ratio of the two. DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * names the server; a fresh database is created and dropped. Env: BENCH_EVENTS (default 250,000),
 * BENCH_CONNECTIONS (50), BENCH_BATCH (50).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import type { WorkspaceCredentials } from '../../shared/workspace.ts';
import { signUserToken } from '../support/app.ts';
import { createScratchDatabase, PROCESS_OPERATOR_TOKEN, spawnServer } from '../support/process.ts';
import { type PreparedPost, postAll } from './support/batches.ts';
import { fmtMicros, microsPer, ownCpuSeconds, postgresCpuSeconds, processCpuSeconds } from './support/cpu.ts';
import { makeBatch } from './support/events.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 250_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const ACCOUNTS = 200;
const USERS = 2_000;
const WARMUP_BATCHES = 400;

async function createBenchWorkspace(url: string): Promise<WorkspaceCredentials> {
  const res = await fetch(`${url}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROCESS_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ingest bench' }),
  });
  if (res.status !== 201) throw new Error(`workspace creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as WorkspaceCredentials;
}

/** Unique batches, each from one of USERS users spread over ACCOUNTS accounts, as a widget sends them. */
async function prepareBatches(ws: WorkspaceCredentials, count: number): Promise<PreparedPost[]> {
  const headers = await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const token = await signUserToken(
        ws.identitySecret,
        { sub: `user-${u}`, account: `acct-${u % ACCOUNTS}` },
        '2h',
      );
      return {
        'content-type': 'application/json',
        'x-attach-key': ws.publishableKey,
        authorization: `Bearer ${token}`,
      };
    }),
  );
  return Array.from({ length: count }, (_, i) => ({
    headers: headers[i % USERS] ?? {},
    body: JSON.stringify({ events: makeBatch(BATCH) }),
    events: BATCH,
  }));
}

/** COPY text format: backslash is the escape character, tab and newline separate. */
const copyText = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

async function copyRows(url: string, workspaceId: string, rows: number): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const now = new Date().toISOString();
    async function* lines() {
      for (let done = 0; done < rows; done += BATCH) {
        const u = (done / BATCH) % USERS;
        let chunk = '';
        for (const e of makeBatch(Math.min(BATCH, rows - done))) {
          chunk += `${workspaceId}\t${randomUUID()}\t${e.name}\tacct-${u % ACCOUNTS}\tuser-${u}\t${e.ts}\t${now}\twidget\t${copyText(JSON.stringify(e.props))}\n`;
        }
        yield chunk;
      }
    }
    const started = performance.now();
    const writable =
      await sql`copy events (workspace_id, id, name, account_id, user_id, ts, received_at, source, props) from stdin`.writable();
    await pipeline(Readable.from(lines()), writable);
    return (performance.now() - started) / 1000;
  } finally {
    await sql.end();
  }
}

async function countEvents(url: string, workspaceId: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from events where workspace_id = ${workspaceId}`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

async function main() {
  const scratch = await createScratchDatabase(DATABASE_URL, 'attach_bench_ingest');
  const dataDir = mkdtempSync(join(tmpdir(), 'attach-bench-ingest-'));
  const server = await spawnServer({
    dataDir,
    databaseUrl: scratch.url,
    env: { ATTACH_JOBS: 'false' },
  });
  try {
    const ws = await createBenchWorkspace(server.url);
    const batches = Math.ceil(EVENTS / BATCH);
    const posts = await prepareBatches(ws, WARMUP_BATCHES + batches);
    console.log(
      `ingest bench on PostgreSQL: ${batches} batches of ${BATCH} events, ${CONNECTIONS} connections,`,
    );
    console.log(`  ${USERS} users in ${ACCOUNTS} accounts, after a warm-up of ${WARMUP_BATCHES} batches`);
    await postAll(server.url, '/v1/events', posts.slice(0, WARMUP_BATCHES), CONNECTIONS);
    const pid = server.child.pid ?? -1;
    const before = { server: processCpuSeconds(pid), pg: postgresCpuSeconds(), client: ownCpuSeconds() };
    const api = await postAll(server.url, '/v1/events', posts.slice(WARMUP_BATCHES), CONNECTIONS);
    const cpu = {
      server: microsPer(before.server, processCpuSeconds(pid), api.accepted),
      pg: microsPer(before.pg, postgresCpuSeconds(), api.accepted),
      client: microsPer(before.client, ownCpuSeconds(), api.accepted),
    };
    const stored = await countEvents(scratch.url, ws.workspaceId);
    const apiRate = api.accepted / api.seconds;
    console.log(
      `POST /v1/events  ${apiRate.toFixed(0).padStart(8)} events/s  (${api.accepted} events in ${api.seconds.toFixed(2)} s, ` +
        `${(api.requests / api.seconds).toFixed(0)} req/s, p50 ${api.p50ms.toFixed(1)} ms, p99 ${api.p99ms.toFixed(1)} ms, ` +
        `${api.errors} errors${api.firstError ? `: ${api.firstError}` : ''})`,
    );
    console.log(`  stored: ${stored} (expected ${api.accepted + WARMUP_BATCHES * BATCH})`);
    console.log(
      `  CPU per event: server ${fmtMicros(cpu.server)} µs, PostgreSQL ${fmtMicros(cpu.pg)} µs, ` +
        `load generator (${api.client}) ${fmtMicros(cpu.client)} µs (on ${availableParallelism()} cores)`,
    );
    const pgBeforeCopy = postgresCpuSeconds();
    const copySeconds = await copyRows(scratch.url, ws.workspaceId, api.accepted);
    const copyPg = microsPer(pgBeforeCopy, postgresCpuSeconds(), api.accepted);
    const copyRate = api.accepted / copySeconds;
    console.log(
      `COPY FROM STDIN  ${copyRate.toFixed(0).padStart(8)} rows/s    (${api.accepted} rows in ${copySeconds.toFixed(2)} s, ` +
        `PostgreSQL ${fmtMicros(copyPg)} µs of CPU per row)`,
    );
    console.log(`api/copy ratio: ${(apiRate / copyRate).toFixed(2)}`);
  } finally {
    await server.kill('SIGTERM');
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
