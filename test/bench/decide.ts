/**
 * `npm run bench -- decide`: POST /v1/decide beside two baselines — a no-op route and a route doing
 * one primary-key SELECT through the same database client — and decide's database work alone
 * (support/db-floor.ts), in the same run, on the same server and database, 50 keep-alive connections
 * each. PGlite by default, PostgreSQL with DATABASE_URL (a fresh database is created and dropped).
 * Env: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (50).
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { rawClient } from '../../server/db/queries/raw.ts';
import type { AppDeps } from '../../server/http/types.ts';
import { recomputeAffinity } from '../../server/services/affinity.ts';
import { fmtMicros, microsPer, ownCpuSeconds, postgresCpuSeconds } from './support/cpu.ts';
import { mountDbFloor } from './support/db-floor.ts';
import { seedCampaigns, seedFloorCampaign, seedHistory, seedHostData } from './support/engine-seed.ts';
import { drive, ensureWrk, type LoadResult, type LoadTarget } from './support/load.ts';
import { benchWorkspace } from './support/workspace.ts';

const ACCOUNTS = 10_000;
const USERS = 50_000;
const CAMPAIGNS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** HS256 with node:crypto: jose's async WebCrypto signing takes ~30 s for 50,000 tokens. */
function signToken(secret: string, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 7200 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await fn();
  console.log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
};

async function setup() {
  const { deps, credentials } = await benchWorkspace();
  const ws = credentials.workspaceId;
  await step(`seeded ${ACCOUNTS} accounts, ${USERS} users, entitlements, usage, counters`, () =>
    seedHostData(deps, ws, ACCOUNTS, USERS),
  );
  await step(`created and activated ${CAMPAIGNS} campaigns`, () => seedCampaigns(deps, ws, CAMPAIGNS));
  await step("seeded yesterday's serving history", () => seedHistory(deps, ws, ACCOUNTS, USERS));
  const floorCampaign = await seedFloorCampaign(deps, ws);
  await step('computed the affinity snapshot', () => recomputeAffinity(deps, ws));
  const tokens = Array.from({ length: USERS }, (_, i) => {
    const g = i + 1;
    const role = ['admin', 'member', 'member', 'billing', 'member'][g % 5] ?? 'member';
    return signToken(credentials.identitySecret, {
      sub: `user-${g}`,
      account: `acct-${1 + (g % ACCOUNTS)}`,
      role,
    });
  });
  return { deps, credentials, tokens, floorCampaign };
}

function benchApp(deps: AppDeps, workspaceId: string) {
  const app = createApp(deps);
  const raw = rawClient(deps.database);
  // Baselines, mounted only here: the floor of any route, and of any database-backed decision.
  app.get('/bench/noop', (c) => c.json({ ok: true }));
  app.get('/bench/select/:id', async (c) => {
    const rows = await raw.query<{ id: string; name: string }>(
      'select id, name, segment, seats from accounts where workspace_id = $1 and id = $2',
      [workspaceId, c.req.param('id')],
    );
    return c.json(rows[0] ?? null);
  });
  return app;
}

/** A route's load figures and the CPU each request cost this process and PostgreSQL. */
interface Measured {
  load: LoadResult;
  nodeMicros: number | null;
  pgMicros: number | null;
}

const fmt = ({ load: r, nodeMicros, pgMicros }: Measured) =>
  `${r.rps.toFixed(0).padStart(9)} ${r.p50ms.toFixed(2).padStart(9)} ${r.p99ms.toFixed(2).padStart(9)} ${String(r.errors).padStart(8)}` +
  `${fmtMicros(nodeMicros).padStart(12)} ${fmtMicros(pgMicros).padStart(10)}`;

async function main() {
  console.log(`decide bench on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in-process)'}`);
  const { deps, credentials, tokens, floorCampaign } = await setup();
  const app = benchApp(deps, credentials.workspaceId);
  await mountDbFloor(app, deps, credentials.publishableKey, floorCampaign, ACCOUNTS);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const useWrk = ensureWrk();
  const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `acct-${i + 1}`);
  const routes: Array<[string, LoadTarget]> = [
    ['no-op', { method: 'GET', path: '/bench/noop' }],
    ['one-select', { method: 'GET', path: '/bench/select/{{v}}', rotate: accountIds }],
    [
      'decide',
      {
        method: 'POST',
        path: '/v1/decide',
        headers: {
          'content-type': 'application/json',
          'x-attach-key': credentials.publishableKey,
          authorization: 'Bearer {{v}}',
        },
        body: JSON.stringify({ placement: 'global', slots: ['sidebar'], page: { path: '/reports/weekly' } }),
        rotate: tokens,
      },
    ],
    // Last, and from the other end of the user list, so decide's run is untouched by its writes
    // and its serves mostly meet users decide did not prompt today.
    [
      'db-floor',
      {
        method: 'GET',
        path: '/bench/db-floor/{{v}}',
        rotate: Array.from({ length: USERS }, (_, i) => String(USERS - i)),
      },
    ],
  ];
  console.log(
    `load: ${useWrk ? 'wrk -t2' : 'node http.Agent (wrk unavailable)'}, ${CONNECTIONS} connections, ${SECONDS} s per route after a 3 s warm-up`,
  );
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const results = new Map<string, Measured>();
  for (const [name, target] of routes) {
    await drive(url, target, CONNECTIONS, 3, useWrk);
    const node = ownCpuSeconds();
    const pg = onPostgres ? postgresCpuSeconds() : null;
    const load = await drive(url, target, CONNECTIONS, SECONDS, useWrk);
    results.set(name, {
      load,
      nodeMicros: microsPer(node, ownCpuSeconds(), load.requests),
      pgMicros: onPostgres ? microsPer(pg, postgresCpuSeconds(), load.requests) : null,
    });
  }
  const [outcomes] = await deps.database.rows<{ served: number; held: number; messages: number }>(sql`
    select count(*) filter (where outcome = 'served')::int as served,
      count(*) filter (where outcome = 'held_out')::int as held
    from decisions where workspace_id = ${credentials.workspaceId} and campaign_id <> ${floorCampaign.id}`);
  // Handlers wrk left in flight (their sockets are gone, the work is not) finish before the database.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await deps.database.close();

  console.log(
    `\n${'route'.padEnd(12)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(8)}` +
      `${'node µs/req'.padStart(12)} ${'pg µs/req'.padStart(10)}`,
  );
  for (const [name, r] of results) console.log(`${name.padEnd(12)} ${fmt(r)}`);
  console.log(
    `decisions recorded (warm-up included): ${outcomes?.served ?? 0} served, ${outcomes?.held ?? 0} held out`,
  );
  console.log(
    `CPU per request: this process${useWrk ? ' (the server; wrk runs apart)' : ' (server and load generator)'}` +
      `${onPostgres ? ', and every local PostgreSQL process' : ''}`,
  );
  const decide = results.get('decide')?.load;
  const select = results.get('one-select')?.load;
  const floor = results.get('db-floor')?.load;
  console.log(
    `db-floor/select ratio: ${floor && select ? (floor.rps / select.rps).toFixed(2) : 'n/a'}` +
      " (decide's reads and writes alone: the most decide could reach with them)",
  );
  console.log(`decide/select ratio: ${decide && select ? (decide.rps / select.rps).toFixed(2) : 'n/a'}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
