import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.ts';
import type { WorkspaceCredentials } from '../../../shared/workspace.ts';
import { makeBatch } from '../../bench/support/events.ts';
import { signUserToken } from '../../support/app.ts';
import {
  createScratchDatabase,
  PROCESS_OPERATOR_TOKEN,
  type ServerProcess,
  spawnServer,
} from '../../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'attach-crash-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function createWorkspace(server: ServerProcess): Promise<WorkspaceCredentials> {
  const res = await fetch(`${server.url}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROCESS_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Crash' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as WorkspaceCredentials;
}

/**
 * Keeps `clients` loops sending batches until the server dies; returns the ids of every batch that
 * was answered 202. Anything else (connection reset, no answer) is simply not acknowledged.
 */
async function loadUntilDeath(server: ServerProcess, ws: WorkspaceCredentials, clients: number) {
  const acknowledged: string[] = [];
  let sent = 0;
  const token = await signUserToken(ws.identitySecret, { sub: 'u-crash', account: 'acc-crash' });
  const loop = async () => {
    for (;;) {
      const events = makeBatch(25);
      sent++;
      try {
        const res = await fetch(`${server.url}/v1/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-attach-key': ws.publishableKey,
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({ events }),
        });
        await res.text();
        if (res.status === 202) acknowledged.push(...events.map((e) => e.id));
      } catch {
        return;
      }
    }
  };
  return { acknowledged, sentBatches: () => sent, done: Promise.all(Array.from({ length: clients }, loop)) };
}

interface Stored {
  /** How many of the acknowledged ids are stored. */
  acknowledged: number;
  /** All events rows, and the sum of account-level counters of event names (not page paths). */
  events: number;
  counted: number;
}

const INSPECT = `
  select (select count(*)::int from events where id = any($1::uuid[])) as acknowledged,
         (select count(*)::int from events) as events,
         (select coalesce(sum(count), 0)::int from event_counters
           where user_id = '' and name not like 'page.viewed:%') as counted`;

/** Loads the server, SIGKILLs it mid-load, restarts it on the same data, stops it, then inspects. */
async function crashAndCheck(
  start: () => Promise<ServerProcess>,
  inspect: (ids: string[]) => Promise<Stored>,
) {
  const first = await start();
  const ws = await createWorkspace(first);
  const load = await loadUntilDeath(first, ws, 8);
  // Kill once a good amount has been acknowledged, while requests are certainly in flight.
  const deadline = Date.now() + 30_000;
  while (load.acknowledged.length < 2_000 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  await first.kill('SIGKILL');
  await load.done;
  expect(load.acknowledged.length).toBeGreaterThan(0);

  const second = await start();
  expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
  await second.kill('SIGTERM');

  const stored = await inspect(load.acknowledged);
  expect(stored.acknowledged).toBe(load.acknowledged.length);
  // Counters commit with their events or not at all: no event counted twice or lost from the counts.
  expect(stored.counted).toBe(stored.events);
}

describe('ingestion survives SIGKILL of the server', () => {
  it('PGlite › every event acknowledged with 202 before the kill is stored exactly once after restart', async () => {
    await crashAndCheck(
      () => spawnServer({ dataDir }),
      async (ids) => {
        const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
        try {
          const client = (database.db as unknown as { $client: PGlite }).$client;
          const result = await client.query<Stored>(INSPECT, [ids]);
          return result.rows[0] ?? { acknowledged: -1, events: -1, counted: -2 };
        } finally {
          await database.close();
        }
      },
    );
  }, 180_000);

  it.runIf(process.env.DATABASE_URL)(
    'PostgreSQL › every event acknowledged with 202 before the kill is stored exactly once after restart',
    async () => {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'attach_crash');
      cleanups.push(scratch.drop);
      const pgDir = mkdtempSync(join(tmpdir(), 'attach-crash-pg-'));
      cleanups.push(async () => rmSync(pgDir, { recursive: true, force: true }));
      await crashAndCheck(
        () => spawnServer({ dataDir: pgDir, databaseUrl: scratch.url }),
        async (ids) => {
          const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
          try {
            const rows = await sql.unsafe<Stored[]>(INSPECT, [ids]);
            return rows[0] ?? { acknowledged: -1, events: -1, counted: -2 };
          } finally {
            await sql.end();
          }
        },
      );
    },
    180_000,
  );
});
