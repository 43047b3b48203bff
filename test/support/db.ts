import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../server/db/client.ts';
import { pgliteFromSnapshot } from './pglite-snapshot.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default (booted from a
 * migrated snapshot; `openDatabase` still runs the migrator, which finds nothing left to apply), or
 * a new database on the PostgreSQL server named by DATABASE_URL (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ pglite: await pgliteFromSnapshot() });
  const name = `attach_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), max: 30 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
