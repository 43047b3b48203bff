import { generateAccount } from './accounts.ts';
import { entitlementsFor } from './activity.ts';
import { DAY_MS, type DemoAccount, type DemoEntitlement, daysBefore } from './model.ts';
import { createRng, seedFrom } from './prng.ts';

/**
 * Yearly churn by number of products (domain primer: 5–7 % of single-product customers, 1–3 % of
 * multi-product ones); the plan counts as a product, so single-product = the plan alone.
 */
const CHURN_PER_YEAR = { single: 0.06, multi: 0.02 } as const;
/** No one leaves in their first weeks: they are still onboarding. */
const EARLIEST_CHURN_DAYS = 60;

/**
 * Customers who stopped paying in the last year: every product they had ended on the same day, and
 * the host keeps the account (no users, usage or counters any more). Drawn from a population as
 * large as the current one, each leaving at the primer's yearly rate for the part of the year it
 * was a customer, so they stand beside the current accounts in the proportion churn would leave.
 * Their own stream: the current accounts are the same with or without them.
 */
export function formerCustomers(
  now: Date,
  population: number,
  seed: number,
): { accounts: DemoAccount[]; entitlements: DemoEntitlement[] } {
  const rng = createRng(seedFrom('former', seed));
  const accounts: DemoAccount[] = [];
  const entitlements: DemoEntitlement[] = [];
  for (let i = 1; i <= population; i++) {
    const id = `former_${String(accounts.length + 1).padStart(4, '0')}`;
    const candidate = generateAccount(rng, id, now);
    // Whole days, so the same day's seed draws the same former customers at any hour.
    const tenureDays = Math.floor((now.getTime() - candidate.signupAt.getTime()) / DAY_MS);
    const exposedDays = Math.min(365, tenureDays - EARLIEST_CHURN_DAYS);
    if (exposedDays < 1) continue;
    const rate = candidate.owned.length >= 2 ? CHURN_PER_YEAR.multi : CHURN_PER_YEAR.single;
    if (!rng.chance((rate * exposedDays) / 365)) continue;
    const endedAt = daysBefore(now, rng.int(1, exposedDays));
    const own = createRng(seedFrom(id, seed));
    entitlements.push(...entitlementsFor(own, candidate, endedAt).map((e) => ({ ...e, endedAt })));
    accounts.push({
      ...candidate,
      mrr: 0,
      healthScore: rng.int(5, 30),
      renewalAt: endedAt,
      owned: [],
    });
  }
  return { accounts, entitlements };
}
