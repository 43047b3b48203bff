import type {
  SegmentAck,
  SegmentMessage,
  SegmentSkipPage,
  SegmentSkipQuery,
  SegmentSkipReason,
} from '../../shared/segment.ts';
import { insertSegmentSkips, listSegmentSkipRows } from '../db/queries/segment-skips.ts';
import type { AppDeps } from '../http/types.ts';
import { storable, writable } from './developer-logs.ts';
import { decodePositionCursor, toPositionPage } from './position-cursor.ts';

/**
 * Keeps the messages of a Segment request that were skipped, for the workspace's developers: the
 * answer lists them, but Segment's destination shows only that the request succeeded. Past
 * SEGMENT_SKIPS_PER_MINUTE a minute per workspace this server keeps no more until its budget
 * refills. Never raises: the messages stored are acknowledged whether or not their skipped
 * neighbours are kept, so a failure is only logged.
 */
export async function recordSegmentSkips(
  deps: AppDeps,
  workspaceId: string,
  messages: SegmentMessage[],
  skipped: SegmentAck['skipped'],
): Promise<void> {
  const kept = skipped.slice(0, writable(deps, 'segment_skips', workspaceId, skipped.length));
  if (kept.length === 0) return;
  const createdAt = deps.now();
  try {
    await insertSegmentSkips(
      deps.database.db,
      kept.map(({ index, messageId, reason, message }) => {
        const { type, event } = messages[index] ?? { type: '' };
        return {
          workspaceId,
          messageId: storable(messageId, 200),
          type: storable(type, 20),
          event: event === undefined ? null : storable(event, 200),
          reason,
          message: storable(message, 1_000),
          createdAt,
        };
      }),
    );
  } catch (err) {
    deps.log.warn('segment_skips_not_kept', { workspaceId, error: String(err) });
  }
}

export async function segmentSkipsPage(
  deps: AppDeps,
  workspaceId: string,
  query: SegmentSkipQuery,
): Promise<SegmentSkipPage> {
  const rows = await listSegmentSkipRows(deps.database.db, workspaceId, {
    reason: query.reason,
    since: query.since === undefined ? undefined : new Date(query.since),
    after: decodePositionCursor('segment_skips', query.cursor),
    limit: query.limit + 1,
  });
  return toPositionPage(
    'segment_skips',
    rows,
    query.limit,
    (r) => ({ at: r.at, id: r.row.id }),
    ({ row, at }) => ({
      id: row.id,
      at,
      messageId: row.messageId,
      type: row.type,
      event: row.event,
      reason: row.reason as SegmentSkipReason,
      message: row.message,
    }),
  );
}
