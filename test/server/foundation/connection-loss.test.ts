import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.ts';
import { createScratchDatabase } from '../../support/process.ts';

describe('a PostgreSQL connection lost in the middle of a transaction', () => {
  // PostgreSQL restarts, failovers and idle-connection reapers end backends under a live server.
  it.runIf(process.env.DATABASE_URL)(
    'fails that transaction with an error, and the pool goes on serving (no crash, no hang)',
    async () => {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'attach_loss');
      const killer = postgres(scratch.url, { max: 1, onnotice: () => {} });
      const database = await openDatabase({ url: scratch.url, max: 2 });
      try {
        const lost = database.db.transaction(async (tx) => {
          const [row] = await database.rows<{ pid: number }>(sql`select pg_backend_pid() as pid`, tx);
          await killer`select pg_terminate_backend(${row?.pid ?? 0})`;
          await database.rows(sql`select pg_sleep(0.2)`, tx);
          await database.rows(sql`select 1`, tx);
        });
        await expect(lost).rejects.toThrow();
        for (let i = 0; i < 4; i++) {
          expect(await database.rows<{ n: number }>(sql`select ${i}::int as n`)).toEqual([{ n: i }]);
        }
        expect(await database.db.transaction(() => Promise.resolve('committed'))).toBe('committed');
      } finally {
        await database.close();
        await killer.end();
        await scratch.drop();
      }
    },
    30_000,
  );
});
