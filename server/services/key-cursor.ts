import { ApiError } from '../http/api-error.ts';

/**
 * Cursors of lists ordered by a text key (product key, account id …): the last key of the page,
 * base64url-encoded so clients treat it as opaque and it survives any characters in the key.
 */
export const encodeKeyCursor = (key: string) => Buffer.from(`k:${key}`).toString('base64url');

/** The one answer to a cursor a list did not hand out, whatever kind of cursor the list uses. */
export const invalidCursor = () =>
  new ApiError(400, 'validation_failed', 'query.cursor: not a cursor returned by this endpoint', {
    target: 'query',
    issues: [{ path: ['cursor'], message: 'Invalid cursor', code: 'custom' }],
  });

export function decodeKeyCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('k:') || text.length < 3) throw invalidCursor();
  return text.slice(2);
}

/** Turns `limit + 1` fetched rows into a page and the cursor of the next one (`cursorOf` its last row). */
export function pageOf<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, map: (row: R) => T) {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { data: rows.slice(0, limit).map(map), nextCursor: last === undefined ? null : cursorOf(last) };
}

/** A page of a list ordered by a text key. */
export const toPage = <R, T>(rows: R[], limit: number, keyOf: (row: R) => string, map: (row: R) => T) =>
  pageOf(rows, limit, (row) => encodeKeyCursor(keyOf(row)), map);
