import { limitsOf, PLAN_LIMITS, type Plan } from '../seed/catalog.ts';
import type { HostUsage } from './queries.ts';

export interface LimitChange {
  accountId: string;
  metric: string;
  value: number;
  limit: number;
}

const isPlan = (plan: string | null): plan is Plan => plan !== null && plan in PLAN_LIMITS;

/**
 * The quotas the host re-syncs after Attach sold a plan or an add-on with quotas: the plan the
 * account is on now (Attach has already switched it), plus what the add-ons it owns add. Absolute,
 * not a difference, so a redelivered webhook syncs the same values. Nothing for an unknown plan.
 */
export function limitChanges(
  accountId: string,
  plan: string | null,
  owned: readonly string[],
  usage: readonly HostUsage[],
): LimitChange[] {
  if (!isPlan(plan)) return [];
  const limits: Record<string, number> = limitsOf(plan, owned);
  return usage.flatMap((u) => {
    const limit = limits[u.metric];
    return limit === undefined ? [] : [{ accountId, metric: u.metric, value: u.value, limit }];
  });
}
