import type { CampaignDaily } from '../../shared/analytics.ts';
import { auditChanges } from './audit-diff.ts';

export interface RevisionFacts {
  version: number;
  action: CampaignDaily['changes'][number]['action'];
  actor: string;
  definition: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The changes of a campaign that fall in [from, to), each with the definition fields it set
 * differently from the revision before it (`revisions` oldest first). A revision before the period
 * still counts as the "before" of the first one inside it.
 */
export function changesInPeriod(
  revisions: readonly RevisionFacts[],
  from: Date,
  to: Date,
): CampaignDaily['changes'] {
  const out: CampaignDaily['changes'] = [];
  revisions.forEach((r, i) => {
    if (r.createdAt < from || r.createdAt >= to) return;
    const before = revisions[i - 1];
    out.push({
      at: r.createdAt.toISOString(),
      version: r.version,
      action: r.action,
      actor: r.actor,
      fields: before ? auditChanges(before.definition, r.definition).map((c) => c.field) : [],
    });
  });
  return out;
}
