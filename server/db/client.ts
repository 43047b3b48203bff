import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** One type for both drivers: services never know which database they talk to. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: query functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a raw statement and returns its rows, whichever driver is underneath. */
  rows<T = Record<string, unknown>>(query: SQL, tx?: Tx): Promise<T[]>;
  /**
   * Runs `work` on a connection of its own, outside any transaction and without
   * DATABASE_STATEMENT_TIMEOUT_MS, holding the session advisory lock `key`: for statements meant to
   * run long that cannot run in a transaction (CREATE INDEX CONCURRENTLY). Undefined when another
   * session holds the lock. Once `stopping` is aborted the connection is closed and `work` rejects.
   */
  maintenance<T>(
    key: number,
    work: (run: MaintenanceRun) => Promise<T>,
    stopping?: AbortSignal,
  ): Promise<T | undefined>;
  close(): Promise<void>;
}

/** Runs one statement (no parameters) of a maintenance session and returns its rows. */
export type MaintenanceRun = (statement: string) => Promise<Array<Record<string, unknown>>>;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenOptions {
  /** postgres:// URL; unset → PGlite. */
  url?: string | undefined;
  /** PGlite data directory; unset with no url → in memory. */
  dataDir?: string | undefined;
  /** Pool size for the postgres driver. */
  max?: number;
  /** statement_timeout (ms) of the postgres driver's connections; 0 or unset: the server's own. */
  statementTimeoutMs?: number;
  /** How long (ms) a query may wait for a free connection of the pool; 0 or unset: as long as it takes. */
  queueTimeoutMs?: number;
  /** An already created PGlite (e.g. booted from a migrated snapshot in tests); wins over dataDir. */
  pglite?: PGlite | undefined;
  /** Told when start-up waits on another instance (the migration lock), so a slow start says why. */
  onWait?: ((what: string) => void) | undefined;
}

/** Opens the database and applies the committed migrations. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.url
    ? openPostgres(options.url, options)
    : await openPglite(options.dataDir, options.pglite);
  await database.migrate();
  return database;
}

async function openPglite(dataDir: string | undefined, existing: PGlite | undefined) {
  let unlock = () => {};
  if (dataDir && !existing) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const client = existing ?? (dataDir ? new PGlite(dataDir) : new PGlite());
  try {
    await client.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite' as const,
    async rows<T>(query: SQL, tx: Tx = db) {
      const result = (await tx.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    // One process holds a PGlite database, and it has no statement timeout: no lock, no session.
    maintenance: <T>(_key: number, work: (run: MaintenanceRun) => Promise<T>) =>
      work(async (statement) => (await client.query<Record<string, unknown>>(statement)).rows),
    async close() {
      await client.close();
      unlock();
    },
  };
}

function openPostgres(
  url: string,
  { max = 20, statementTimeoutMs = 0, queueTimeoutMs = 0, onWait }: OpenOptions,
) {
  // One query in flight per connection: pipelining degrades under load with this driver
  // (performance.md), and max_pipeline 0 would skip the hook that reserves a connection for BEGIN.
  const client = postgres(url, {
    max,
    max_pipeline: 1,
    onnotice: () => {},
    // The driver counts this one in seconds.
    queue_timeout: queueTimeoutMs / 1000,
    ...(statementTimeoutMs > 0 ? { connection: { statement_timeout: statementTimeoutMs } } : {}),
  });
  // Every transaction (drizzle's included) goes through `begin`; see reservedTransaction for why.
  Object.assign(client, {
    begin: (...args: unknown[]) => {
      const fn = args.find((a) => typeof a === 'function') as (sql: postgres.Sql) => Promise<unknown>;
      return reservedTransaction(client, fn);
    },
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres' as const,
    async rows<T>(query: SQL, tx: Tx = db) {
      return (await tx.execute(query)) as unknown as T[];
    },
    async migrate() {
      // Several instances may start at once: one applies the migrations, the others wait on the lock.
      // One connection (max 1) so the session-level advisory lock covers every migration statement.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const [lock] = await single`select pg_try_advisory_lock(7240913) as taken`;
        if (!lock?.taken) {
          onWait?.('migration_lock');
          await single`select pg_advisory_lock(7240913)`;
        }
        await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async maintenance<T>(key: number, work: (run: MaintenanceRun) => Promise<T>, stopping?: AbortSignal) {
      const single = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0 } });
      const stop = () => void single.end({ timeout: 0 });
      stopping?.addEventListener('abort', stop);
      try {
        const [lock] = await single`select pg_try_advisory_lock(${key}) as taken`;
        if (!lock?.taken) return undefined;
        return await work(async (statement) => [...(await single.unsafe(statement))]);
      } finally {
        stopping?.removeEventListener('abort', stop);
        await single.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Lifts DATABASE_STATEMENT_TIMEOUT_MS for the rest of `tx`: work meant to run long on a large
 * workspace (an affinity recompute) would otherwise be cancelled every time it ran.
 */
export async function withoutStatementTimeout(database: Database, tx: Tx): Promise<void> {
  await database.rows(sql`set local statement_timeout = 0`, tx);
}

export async function ping(database: Database): Promise<void> {
  await database.rows(sql`select 1`);
}

/**
 * A transaction on a connection taken out of the pool with `reserve()`. Why not the driver's own
 * `sql.begin()`: in postgres 3.4 the connection that sends BEGIN is put back on the pool's busy list
 * right after it was reserved (`go()` overrides `onexecute`), so when every connection is busy a
 * pool query can be written onto it and run inside the transaction; the transaction's own queries
 * then wait in a queue nothing drains and the connection stays "idle in transaction" holding its
 * locks (seen under 50 concurrent decide calls). Kept on postgres 4, where this path is the one
 * proven under that load. Savepoints (nested transactions) are not supported.
 */
export async function reservedTransaction<T>(
  sql: postgres.Sql,
  fn: (reserved: postgres.Sql) => Promise<T>,
): Promise<T> {
  const reserved = await sql.reserve();
  try {
    await reserved.unsafe('begin');
    try {
      // drizzle reads `options` (its parsers) from the client it is handed; a reserved handle lacks
      // it, and its type lacks the pool's methods drizzle never calls inside a transaction.
      const result = await fn(Object.assign(reserved, { options: sql.options }) as unknown as postgres.Sql);
      await reserved.unsafe('commit');
      return result;
    } catch (err) {
      await reserved.unsafe('rollback');
      throw err;
    }
  } finally {
    reserved.release();
  }
}
