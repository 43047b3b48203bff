import type { AuditEntry, AuditQuery } from '../../shared/audit.ts';
import { type CsvCell, toCsv } from '../domain/csv.ts';
import type { AppDeps } from '../http/types.ts';
import { auditLogPage } from './audit.ts';

const PAGE = 500;

const HEADER = [
  'at',
  'actor',
  'action',
  'target_type',
  'target_id',
  'target_name',
  'changes',
  'details',
] as const;

const json = (value: unknown) => JSON.stringify(value ?? null);

/** `price.amount: 4900 → 5900; name: "A" → "B"`, values as JSON so text and numbers read apart. */
const changesCell = (entry: AuditEntry): CsvCell =>
  entry.changes.map((c) => `${c.field}: ${json(c.from)} → ${json(c.to)}`).join('; ') || null;

/**
 * The audit log (the same filters as the list, without paging), newest first, as one CSV: the
 * evidence an auditor asks for ("every key rotation and role change this year").
 */
export async function auditCsv(
  deps: AppDeps,
  workspaceId: string,
  filters: Omit<AuditQuery, 'limit' | 'cursor'>,
): Promise<string> {
  const rows: CsvCell[][] = [];
  let cursor: string | undefined;
  do {
    const page = await auditLogPage(deps, workspaceId, { ...filters, limit: PAGE, cursor });
    for (const e of page.data) {
      rows.push([
        e.at,
        e.actor,
        e.action,
        e.target.type,
        e.target.id,
        e.target.name,
        changesCell(e),
        e.details ? json(e.details) : null,
      ]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return toCsv(HEADER, rows);
}
