import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { VocabularyKind } from '../../../shared/vocabulary.ts';
import { ts, workspaceId } from './columns.ts';

/**
 * The names a workspace's data has used, by kind (event, metric, segment, role), so the console can
 * suggest them and flag a name nothing has sent. Kept by ingestion and the host-data batches; a hint,
 * not a record: `last_seen_at` moves at most once a day per server process.
 */
export const vocabulary = pgTable(
  'vocabulary',
  {
    workspaceId: workspaceId(),
    kind: text('kind').$type<VocabularyKind>().notNull(),
    name: text('name').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.name] })],
);
