import { limitsOf, planOfProduct } from '../seed/catalog.ts';
import type { HostUsage } from './queries.ts';

export interface LimitChange {
  accountId: string;
  metric: string;
  value: number;
  limit: number;
}

/**
 * The quotas the host re-syncs when Attach sold it a plan: the new plan's, plus what the add-ons the
 * account owns add. Absolute, not a difference, so a redelivered webhook syncs the same values.
 * Nothing when the product is not a plan.
 */
export function planLimitChanges(
  accountId: string,
  productKey: string,
  owned: readonly string[],
  usage: readonly HostUsage[],
): LimitChange[] {
  const plan = planOfProduct(productKey);
  if (!plan) return [];
  const limits: Record<string, number> = limitsOf(plan, owned);
  return usage.flatMap((u) => {
    const limit = limits[u.metric];
    return limit === undefined ? [] : [{ accountId, metric: u.metric, value: u.value, limit }];
  });
}
