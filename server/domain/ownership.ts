import type { AccountState } from './types.ts';

/** Statuses under which the account has the product (a trial included: it is in use now). */
const HELD_STATUSES = new Set(['active', 'trial']);

type Entitlement = AccountState['entitlements'][number];

/** Whether an entitlement gives the account its product at `now`: held and not past its end date.
 * The host may never send the status change when a term ends, so the end date alone also ends it. */
export function holdsEntitlement(e: Pick<Entitlement, 'status' | 'endsAt'>, now: Date): boolean {
  return HELD_STATUSES.has(e.status) && (e.endsAt === null || e.endsAt.getTime() > now.getTime());
}

/** The products the account has at `now`. */
export function ownedProducts(entitlements: readonly Entitlement[], now: Date): Set<string> {
  const owned = new Set<string>();
  for (const e of entitlements) if (holdsEntitlement(e, now)) owned.add(e.productKey);
  return owned;
}
