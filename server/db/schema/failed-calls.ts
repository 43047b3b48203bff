import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, workspaceId } from './columns.ts';

/**
 * Admin API calls made with a secret key that answered 4xx or 5xx (shared/failed-calls.ts): a short
 * history for the host's developers, pruned by age and count (jobs/developer-log-retention.ts).
 */
export const failedCalls = pgTable(
  'failed_calls',
  {
    workspaceId: workspaceId(),
    id: id(),
    actor: text('actor').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('failed_calls_newest_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
  ],
);
