import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/client.ts';
import { rawClient, sqlLiteral } from '../../../server/db/queries/raw.ts';
import { createTestDatabase } from '../../support/db.ts';

/**
 * The hot-path client: on PGlite its statements are prepared once and run with EXECUTE, parameters
 * inlined as literals (raw.ts), so every value must reach PostgreSQL exactly as the protocol would
 * carry it. On PostgreSQL (DATABASE_URL) the same checks run through the protocol.
 */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const ECHO = 'select $1::text as s, $2::text[] as a, $3::int as n, $4::bool as b, $5::text as z';
const noNul = fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\u0000', ''));

describe('raw client parameters', () => {
  it('carry any text and text array unchanged, quotes, backslashes and braces included', async () => {
    const client = rawClient(database);
    const nasty = [
      `'; drop table events; --`,
      'a\\b',
      '\\',
      `"quoted", {braced}`,
      'NULL',
      '',
      'é ✓ 🚀',
      '$1',
    ];
    const [row] = await client.query<{ s: string; a: string[]; n: number; b: boolean; z: null }>(ECHO, [
      nasty[0] as string,
      nasty,
      -42,
      true,
      null,
    ]);
    expect(row).toEqual({ s: nasty[0], a: nasty, n: -42, b: true, z: null });
    const [events] = await client.query<{ n: number }>('select count(*)::int as n from events', []);
    expect(events?.n).toBe(0);
  });

  it('round-trip arbitrary strings and arrays', async () => {
    const client = rawClient(database);
    await fc.assert(
      fc.asyncProperty(noNul, fc.array(noNul, { maxLength: 5 }), async (s, a) => {
        const [row] = await client.query<{ s: string; a: string[] }>(ECHO, [s, a, 0, false, null]);
        expect(row?.s).toBe(s);
        expect(row?.a).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('report a broken statement every time it is used', async () => {
    const client = rawClient(database);
    await expect(client.query('select nope from nowhere where x = $1', ['a'])).rejects.toThrow();
    await expect(client.query('select nope from nowhere where x = $1', ['a'])).rejects.toThrow();
  });
});

describe('sqlLiteral', () => {
  it('escapes quotes and backslashes, and quotes array elements', () => {
    expect(sqlLiteral(`it's a \\ b`)).toBe(`E'it''s a \\\\ b'`);
    expect(sqlLiteral(['a"b', 'c\\d'])).toBe(`E'{"a\\\\"b","c\\\\\\\\d"}'`);
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(7)).toBe(`E'7'`);
  });

  it('refuses NUL, which PostgreSQL text cannot hold', () => {
    expect(() => sqlLiteral('a\u0000b')).toThrow('0x00');
  });
});
