import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import type { Database } from '../client.ts';

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

/**
 * PGlite plans every statement `query` sends (it has no named statements), and in WebAssembly
 * planning the hot-path statements costs more than running them: measured for the serve statement
 * with one attempt, 3.7 ms planned each time against 1.3 ms prepared. So each statement text is
 * PREPAREd once per PGlite session and run with EXECUTE, its parameters inlined as escaped literals
 * of unknown type, which PostgreSQL coerces to the prepared parameter types through their input
 * functions, as it does protocol parameters sent as text. The texts are the fixed statements of the
 * query modules, so the set stays small.
 */
const prepared = new WeakMap<PGlite, Map<string, Promise<string>>>();
let statements = 0;

/** An E'' string literal: backslash and quote are the only characters it needs escaped. */
function quoteLiteral(value: string): string {
  // PostgreSQL text cannot hold NUL; the protocol refuses it too (invalid byte sequence).
  if (value.includes('\u0000')) {
    // The SQLSTATE PostgreSQL gives the same input, so callers and the error handler see one error.
    throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  }
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** A parameter as SQL text; arrays in the array-literal syntax with every element quoted. */
export function sqlLiteral(value: RawParam): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return quoteLiteral(String(value));
  const items = value.map((item) => `"${item.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
  return quoteLiteral(`{${items.join(',')}}`);
}

function statementName(pg: PGlite, text: string): Promise<string> {
  let names = prepared.get(pg);
  if (!names) {
    names = new Map();
    prepared.set(pg, names);
  }
  let name = names.get(text);
  if (!name) {
    statements += 1;
    const chosen = `attach_raw_${statements}`;
    name = pg.exec(`prepare ${chosen} as ${text}`).then(() => chosen);
    // A failed PREPARE (a broken statement) is not remembered, so the error repeats as it would.
    name.catch(() => names.delete(text));
    names.set(text, name);
  }
  return name;
}

function pgliteClient(pg: PGlite): RawClient {
  return {
    async query<T>(text: string, params: readonly RawParam[]) {
      const name = await statementName(pg, text);
      const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
      const result = await pg.query<T>(`execute ${name}${args}`);
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
