import { type AnyColumn, desc, type SQL, sql } from 'drizzle-orm';

/**
 * Newest-first lists page on (created_at, id). The position carries created_at to the microsecond
 * PostgreSQL keeps: a JS Date keeps milliseconds, so a position read through one would skip the
 * rows created earlier in the same millisecond as a page's last row.
 */
export interface ListPosition {
  /** created_at as ISO 8601 with microseconds, UTC. */
  at: string;
  id: string;
}

/** The row's created_at as `ListPosition.at`, selected beside the row. */
export const positionAt = (createdAt: AnyColumn) =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows after `position` in newest-first order; undefined (no condition) on the first page. */
export function olderThan(createdAt: AnyColumn, id: AnyColumn, position: ListPosition | undefined) {
  if (!position) return undefined;
  return sql`(${createdAt}, ${id}) < (${position.at}::timestamptz, ${position.id}::uuid)`;
}

export const newestFirst = (createdAt: AnyColumn, id: AnyColumn): SQL[] => [desc(createdAt), desc(id)];
