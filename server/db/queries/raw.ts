import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import { type Database, reservedTransaction } from '../client.ts';

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

/** Runs `fn` in one transaction on one connection; it commits when `fn` resolves, rolls back when it throws. */
export function rawTransaction<T>(database: Database, fn: (client: RawClient) => Promise<T>): Promise<T> {
  const driver = (database.db as unknown as ClientHolder).$client;
  if (database.kind === 'pglite') {
    return (driver as PGlite).transaction((tx) => fn(pgliteClient(tx)));
  }
  return reservedTransaction(driver as Sql, (sql) => fn(postgresClient(sql)));
}
