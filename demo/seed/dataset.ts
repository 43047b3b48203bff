import { generateAccount } from './accounts.ts';
import { countersFor, entitlementsFor, usageFor } from './activity.ts';
import { formerCustomers } from './former.ts';
import type { DemoDataset } from './model.ts';
import { personaData } from './personas.ts';
import { withPlanChange } from './plan-changes.ts';
import { createRng, seedFrom } from './prng.ts';
import { usersFor } from './users.ts';

export const DEMO_ACCOUNT_COUNT = 2000;
const SEED = 20_240_611;

/**
 * The whole demo population, deterministic for a given `now` (day resolution): personas first, then
 * ordinary accounts `acct_0001…` up to DEMO_ACCOUNT_COUNT. Pure: no I/O.
 */
export function buildDataset(now: Date, holdoutAccountId: string): DemoDataset {
  const rng = createRng(SEED);
  const personas = personaData(now, holdoutAccountId);
  const accounts = [...personas.accounts];
  for (let i = 1; accounts.length < DEMO_ACCOUNT_COUNT; i++) {
    accounts.push(generateAccount(rng, `acct_${String(i).padStart(4, '0')}`, now));
  }
  const personaIds = new Set(personas.accounts.map((a) => a.id));
  const former = formerCustomers(now, DEMO_ACCOUNT_COUNT, SEED);
  const data: DemoDataset = {
    accounts,
    former: former.accounts,
    users: [...personas.users],
    entitlements: [...former.entitlements],
    usage: [],
    counters: [],
  };
  for (const account of accounts) {
    // Per-account streams: how many draws one account's history takes depends on the day of the
    // seed, and must not change the next account's users or products.
    const own = createRng(seedFrom(account.id, SEED));
    if (!personaIds.has(account.id)) data.users.push(...usersFor(own, account));
    const entitlements = entitlementsFor(own, account, now);
    // Its own stream too, so plan moves leave the counters as they were; never a persona's.
    const moves = createRng(seedFrom(`plan ${account.id}`, SEED));
    data.entitlements.push(
      ...(personaIds.has(account.id) ? entitlements : withPlanChange(moves, account, entitlements, now)),
    );
    data.usage.push(...usageFor(account));
    data.counters.push(...countersFor(own, account, now, personas.counterUsers.get(account.id)));
  }
  return data;
}
