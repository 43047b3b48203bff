import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.ts';
import { createScratchDatabase } from '../../support/process.ts';

describe('start-up on a shared PostgreSQL', () => {
  // The lock is PostgreSQL's (an advisory lock); the embedded database has one process by design.
  it.runIf(process.env.DATABASE_URL)(
    'an instance waiting on another’s migrations says so, then starts once they are done',
    async () => {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'attach_lock');
      const other = postgres(scratch.url, { max: 1, onnotice: () => {} });
      try {
        await other`select pg_advisory_lock(7240913)`;
        const waits: string[] = [];
        const opening = openDatabase({ url: scratch.url, max: 1, onWait: (what) => waits.push(what) });
        await expect.poll(() => waits, { timeout: 20_000 }).toEqual(['migration_lock']);
        await other`select pg_advisory_unlock(7240913)`;
        const database = await opening;
        expect(await database.rows<{ n: number }>(sql`select 1 as n`)).toEqual([{ n: 1 }]);
        await database.close();
      } finally {
        await other.end();
        await scratch.drop();
      }
    },
    60_000,
  );
});
