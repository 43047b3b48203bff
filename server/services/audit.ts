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
import { hasSubscriber } from '../db/queries/webhooks.ts';
import { auditChanges } from '../domain/audit-diff.ts';
import type { AppDeps } from '../http/types.ts';
import { enqueue } from './outbox.ts';
import { decodePositionCursor, toPositionPage } from './position-cursor.ts';

export interface AuditRecord {
  action: AuditAction;
  target: { type: AuditTargetType; id: string; name?: string | null };
  changes?: AuditChange[];
  details?: Record<string, unknown>;
}

type EntryFields = Omit<AuditRow, 'workspaceId' | 'createdAt'>;

const toEntry = ({ row, at }: { row: EntryFields; at: string }): AuditEntry => ({
  id: row.id,
  at,
  actor: row.actor,
  action: row.action as AuditAction,
  target: { type: row.targetType as AuditTargetType, id: row.targetId, name: row.targetName },
  changes: row.changes,
  details: row.details,
});

/**
 * Records one entry in the transaction of the change it describes, and its `audit.recorded`
 * webhook with it when an endpoint subscribes (a SIEM sees exactly the entries that committed). Its
 * time is the database's clock (to the microsecond), not the injected one: the log says when a
 * change really happened, and changes in quick succession keep their order.
 */
export async function recordAudit(tx: Tx, workspaceId: string, actor: string, record: AuditRecord) {
  const row = {
    actor,
    action: record.action,
    targetType: record.target.type,
    targetId: record.target.id,
    targetName: record.target.name ?? null,
    changes: record.changes ?? [],
    details: record.details ?? null,
  };
  const { id, at } = await insertAuditRow(tx, { workspaceId, ...row });
  // Only for a listener: sign-ins and edits would otherwise fill the outbox with messages for nobody.
  if (await hasSubscriber(tx, workspaceId, 'audit.recorded')) {
    await enqueue(tx, workspaceId, 'audit.recorded', { entry: toEntry({ row: { id, ...row }, at }) });
  }
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
