import type { ListPosition } from '../db/queries/newest-first.ts';
import { invalidCursor, type ListName, pageOf } from './key-cursor.ts';

/** Cursors of newest-first lists: the last row's position, base64url so clients treat it as opaque. */
const encode = (list: ListName, p: ListPosition) =>
  Buffer.from(`t:${list}:${p.at}|${p.id}`).toString('base64url');

const SHAPE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function decodePositionCursor(list: ListName, cursor: string | undefined): ListPosition | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const prefix = `t:${list}:`;
  const match = text.startsWith(prefix) ? SHAPE.exec(text.slice(prefix.length)) : null;
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1]))) throw invalidCursor();
  return { at: match[1], id: match[2] };
}

/** A page of a newest-first list. */
export const toPositionPage = <R, T>(
  list: ListName,
  rows: R[],
  limit: number,
  positionOf: (row: R) => ListPosition,
  map: (row: R) => T,
) => pageOf(rows, limit, (row) => encode(list, positionOf(row)), map);

/** The position of a `{ row, at }` list row. */
export const atRow = (r: { row: { id: string }; at: string }): ListPosition => ({ at: r.at, id: r.row.id });
