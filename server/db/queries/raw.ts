import type { PGlite, Transaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { Database, Db, Tx } from '../client.ts';
import * as schema from '../schema/index.ts';

/**
 * The decision hot path talks to the driver directly with fixed SQL text and positional parameters:
 * drizzle's builder costs ~2.7× a prepared statement there (performance.md), and `execute(sql``)`
 * is never prepared. On PostgreSQL every statement is prepared once per connection and reused.
 *
 * Values cross as strings and numbers only: drizzle has switched the shared `postgres` client's
 * json and timestamp conversion off, so statements cast what they receive (`$3::timestamptz`) and
 * return JSON and timestamps as text the caller parses.
 */
export interface RawClient {
  query<T>(text: string, params: readonly RawParam[]): Promise<T[]>;
}
export type RawParam = string | number | boolean | null | readonly string[];

type ClientHolder = { $client: unknown };

function pgliteClient(pg: PGlite | Transaction): RawClient {
  return {
    async query<T>(text: string, params: readonly RawParam[]) {
      const result = await pg.query<T>(text, params as unknown[]);
      return result.rows;
    },
  };
}

function postgresClient(sql: Sql): RawClient {
  return {
    query<T>(text: string, params: readonly RawParam[]) {
      return sql.unsafe(text, params as never[], { prepare: true }) as unknown as Promise<T[]>;
    },
  };
}

const clients = new WeakMap<Database, RawClient>();

/** The raw client over the database's own connection pool (the same one drizzle uses). */
export function rawClient(database: Database): RawClient {
  const cached = clients.get(database);
  if (cached) return cached;
  const driver = (database.db as unknown as ClientHolder).$client;
  const client = database.kind === 'pglite' ? pgliteClient(driver as PGlite) : postgresClient(driver as Sql);
  clients.set(database, client);
  return client;
}

/**
 * A transaction on a connection taken out of the pool with `reserve()`. Why not `sql.begin()`: in
 * postgres 3.4 the connection that sends BEGIN is put back on the pool's busy list right after it
 * was reserved (`go()` overrides `onexecute`), so when every connection is busy a pool query can be
 * written onto it and run inside the transaction; the transaction's own queries then wait in a
 * queue nothing drains, and the connection stays "idle in transaction" holding its locks. Seen under
 * 50 concurrent decide calls. `reserve()` takes the connection out of the pool for good.
 */
async function onReserved<T>(sql: Sql, fn: (reserved: Sql) => Promise<T>): Promise<T> {
  const reserved = await sql.reserve();
  try {
    await reserved.unsafe('begin');
    try {
      const result = await fn(reserved);
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

/** Runs `fn` in one transaction on one connection; it commits when `fn` resolves, rolls back when it throws. */
export function rawTransaction<T>(database: Database, fn: (client: RawClient) => Promise<T>): Promise<T> {
  const driver = (database.db as unknown as ClientHolder).$client;
  if (database.kind === 'pglite') {
    return (driver as PGlite).transaction((tx) => fn(pgliteClient(tx)));
  }
  return onReserved(driver as Sql, (sql) => fn(postgresClient(sql)));
}

/**
 * A drizzle transaction that is safe under pool exhaustion (see onReserved), for services that take
 * a `Tx`. Savepoints (nested `tx.transaction`) are not supported inside it.
 */
export function safeTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return database.db.transaction(fn);
  const driver = (database.db as unknown as ClientHolder).$client as Sql;
  // A reserved handle lacks `options`, which drizzle reads (and sets the same parsers on) at wrap time.
  return onReserved(driver, (sql) =>
    fn(drizzle({ client: Object.assign(sql, { options: driver.options }), schema }) as unknown as Db),
  );
}
