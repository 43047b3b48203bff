import { PLAN_PRODUCT, type Plan } from './catalog.ts';
import { DAY_MS, type DemoAccount, type DemoEntitlement } from './model.ts';
import type { Rng } from './prng.ts';

const TIERS: readonly Plan[] = ['starter', 'professional', 'enterprise'];
/**
 * Yearly share of customers that moved plan: those with add-ons grow into the tier above, those on
 * the plan alone step down (the contraction the primer's NRR premium comes from, beside churn).
 */
const MOVED_PER_YEAR = { upgrade: 0.15, downgrade: 0.12 } as const;

/**
 * The plan an account had before the one it is on, when it moved in the last year (never in its
 * first two months): the earlier plan's entitlement ends the moment the current one starts, as a
 * plan switch leaves them. Other entitlements unchanged.
 */
export function withPlanChange(rng: Rng, account: DemoAccount, entitlements: DemoEntitlement[], now: Date) {
  const tier = TIERS.indexOf(account.plan);
  const direction = account.owned.length >= 2 ? 'upgrade' : 'downgrade';
  const before = TIERS[direction === 'upgrade' ? tier - 1 : tier + 1];
  const earliest = Math.max(account.signupAt.getTime() + 60 * DAY_MS, now.getTime() - 365 * DAY_MS);
  const latest = now.getTime() - DAY_MS;
  if (!before || earliest >= latest || !rng.chance(MOVED_PER_YEAR[direction])) return entitlements;
  const at = new Date(earliest + rng.next() * (latest - earliest));
  const current = PLAN_PRODUCT[account.plan];
  return [
    { accountId: account.id, productKey: PLAN_PRODUCT[before], startedAt: account.signupAt, endedAt: at },
    ...entitlements.map((e) => (e.productKey === current ? { ...e, startedAt: at } : e)),
  ];
}
