import { pruneAuditBefore } from '../db/queries/audit.ts';
import { DAY_MS } from '../domain/time.ts';
import type { AppDeps } from '../http/types.ts';

/** An audit log must reach back a year at least: audits (SOC 2, ISO 27001) look at one. */
export const MIN_AUDIT_RETENTION_DAYS = 365;

/** Entries deleted per statement: short transactions. */
const BATCH = 1_000;

/**
 * With ATTACH_AUDIT_RETENTION_DAYS set, deletes audit entries older than that (sign-ins carry the
 * client's address, which a privacy policy may not let one keep for ever). Unset: nothing goes.
 * Returns the entries deleted.
 */
export async function pruneAuditLog(deps: AppDeps): Promise<number> {
  const days = deps.config.auditRetentionDays;
  if (!days) return 0;
  const cutoff = new Date(deps.now().getTime() - days * DAY_MS);
  let pruned = 0;
  for (;;) {
    const n = await pruneAuditBefore(deps.database, cutoff, BATCH);
    pruned += n;
    if (n < BATCH) return pruned;
  }
}
