import type { AuditTargetType } from '../../shared/audit.ts';
import { auditOf } from '../lib/audit-labels.ts';
import { Link } from '../lib/router.ts';

/** A table row's way to its audit entries: "History", named for screen readers by what it is of. */
export function HistoryLink({ type, id, name }: { type: AuditTargetType; id: string; name: string }) {
  return (
    <Link to={auditOf(type, id)}>
      History<span class="sr-only"> of {name}</span>
    </Link>
  );
}
