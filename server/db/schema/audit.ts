import { index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, workspaceId } from './columns.ts';

/** The audit log (shared/audit.ts): one row per configuration change or data erasure, kept. */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceId(),
    id: id(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    targetName: text('target_name'),
    changes: jsonb('changes').$type<{ field: string; from: unknown; to: unknown }[]>().notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_log_newest_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index('audit_log_target_idx').on(t.workspaceId, t.targetType, t.targetId),
  ],
);
