import type { AppDeps } from '../http/types.ts';
import { pruneAuditLog } from '../services/audit-retention.ts';
import type { Job } from './index.ts';

/** Deletes audit entries past ATTACH_AUDIT_RETENTION_DAYS, hourly (nothing when it is unset). */
export const auditRetention: Job = {
  name: 'audit-retention',
  everyMs: 3_600_000,
  async run(deps: AppDeps) {
    const pruned = await pruneAuditLog(deps);
    if (pruned > 0) deps.log.info('audit_log_pruned', { entries: pruned });
  },
};
