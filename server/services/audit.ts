import type {
  AuditAction,
  AuditChange,
  AuditEntry,
  AuditLog,
  AuditQuery,
  AuditTargetType,
} from '../../shared/audit.ts';
import type { Tx } from '../db/client.ts';
import { type AuditRow, insertAuditRow, listAuditRows } from '../db/queries/audit.ts';
import { auditChanges } from '../domain/audit-diff.ts';
import type { AppDeps } from '../http/types.ts';
import { decodePositionCursor, toPositionPage } from './position-cursor.ts';

export interface AuditRecord {
  action: AuditAction;
  target: { type: AuditTargetType; id: string; name?: string | null };
  changes?: AuditChange[];
  details?: Record<string, unknown>;
}

/**
 * Records one entry in the transaction of the change it describes. Its time is the database's
 * (the transaction's start, to the microsecond), not the injected clock: the log says when a
 * change really happened, and changes in quick succession keep their order.
 */
export async function recordAudit(tx: Tx, workspaceId: string, actor: string, record: AuditRecord) {
  await insertAuditRow(tx, {
    workspaceId,
    actor,
    action: record.action,
    targetType: record.target.type,
    targetId: record.target.id,
    targetName: record.target.name ?? null,
    changes: record.changes ?? [],
    details: record.details ?? null,
  });
}

/** Fields every write moves: noise in an update's changes. */
const VOLATILE_FIELDS = ['createdAt', 'updatedAt', 'version', 'configVersion'];

/**
 * Records an update as the fields it changed between two API representations; an update that
 * changed nothing is not recorded.
 */
export async function auditUpdate(
  tx: Tx,
  workspaceId: string,
  actor: string,
  update: Omit<AuditRecord, 'changes'> & { before: object; after: object },
) {
  const { before, after, ...record } = update;
  const changes = auditChanges(
    before as Record<string, unknown>,
    after as Record<string, unknown>,
    VOLATILE_FIELDS,
  );
  if (changes.length) await recordAudit(tx, workspaceId, actor, { ...record, changes });
}

const toEntry = ({ row, at }: { row: AuditRow; at: string }): AuditEntry => ({
  id: row.id,
  at,
  actor: row.actor,
  action: row.action as AuditAction,
  target: { type: row.targetType as AuditTargetType, id: row.targetId, name: row.targetName },
  changes: row.changes,
  details: row.details,
});

export async function auditLogPage(deps: AppDeps, workspaceId: string, query: AuditQuery): Promise<AuditLog> {
  const rows = await listAuditRows(deps.database.db, workspaceId, {
    action: query.action,
    targetType: query.targetType,
    targetId: query.targetId,
    actor: query.actor,
    after: decodePositionCursor('audit', query.cursor),
    limit: query.limit + 1,
  });
  return toPositionPage('audit', rows, query.limit, (r) => ({ at: r.at, id: r.row.id }), toEntry);
}
