import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, workspaceId } from './columns.ts';

/**
 * Segment messages the integration skipped (shared/segment.ts SegmentSkip): a short history for the
 * host's developers, pruned by age and count (jobs/developer-log-retention.ts).
 */
export const segmentSkips = pgTable(
  'segment_skips',
  {
    workspaceId: workspaceId(),
    id: id(),
    messageId: text('message_id').notNull(),
    type: text('type').notNull(),
    event: text('event'),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('segment_skips_newest_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
  ],
);
