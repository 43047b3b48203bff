import { ApiError } from '../http/api-error.ts';

/**
 * The list a cursor pages. Every cursor names its list, so one handed out by another list (an
 * account id from /accounts sent to /products) is refused instead of silently paging from a
 * position that means nothing there.
 */
export type ListName =
  | 'accounts'
  | 'audit'
  | 'bundles'
  | 'campaigns'
  | 'deliveries'
  | 'entitlements'
  | 'failed_calls'
  | 'leads'
  | 'products'
  | 'purchases'
  | 'requests'
  | 'segment_skips'
  | 'trials'
  | 'users'
  | 'vocabulary';

/**
 * Cursors of lists ordered by a text key (product key, account id …): the last key of the page,
 * base64url-encoded so clients treat it as opaque and it survives any characters in the key.
 */
const encodeKeyCursor = (list: ListName, key: string) =>
  Buffer.from(`k:${list}:${key}`).toString('base64url');

/** The one answer to a cursor a list did not hand out, whatever kind of cursor the list uses. */
export const invalidCursor = () =>
  new ApiError(400, 'validation_failed', 'query.cursor: not a cursor returned by this endpoint', {
    target: 'query',
    issues: [{ path: ['cursor'], message: 'Invalid cursor', code: 'custom' }],
  });

export function decodeKeyCursor(list: ListName, cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const prefix = `k:${list}:`;
  if (!text.startsWith(prefix) || text.length === prefix.length) throw invalidCursor();
  return text.slice(prefix.length);
}

/** Turns `limit + 1` fetched rows into a page and the cursor of the next one (`cursorOf` its last row). */
export function pageOf<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, map: (row: R) => T) {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { data: rows.slice(0, limit).map(map), nextCursor: last === undefined ? null : cursorOf(last) };
}

/** A page of a list ordered by a text key. */
export const toPage = <R, T>(
  list: ListName,
  rows: R[],
  limit: number,
  keyOf: (row: R) => string,
  map: (row: R) => T,
) => pageOf(rows, limit, (row) => encodeKeyCursor(list, keyOf(row)), map);
