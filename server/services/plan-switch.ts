import type { PricedOffer } from '../../shared/offer.ts';
import type { Tx } from '../db/client.ts';
import {
  type EntitlementRow,
  endEntitlement,
  reviveEntitlement,
  switchAccountPlan,
} from '../db/queries/money.ts';
import type { OfferedDecision } from './offer-check.ts';

/**
 * A tier upgrade that credited the account's current plan (pricing.ts) replaces that plan: the
 * purchase stores this in its offer as `replaces`, so a failed purchase can put the plan back.
 */
export interface PlanSwitch {
  /** The plan product credited, and its entitlement that the purchase cancels (null: the host
   * never synced ownership of plan products, so there is nothing to cancel). */
  productKey: string;
  entitlementId: string | null;
  from: string;
  /** The plan the account moves to; null when neither the tier product nor the campaign names one. */
  to: string | null;
}

type Key = { workspaceId: string; accountId: string };

/** The plan a tier purchase moves the account to: the tier product's own plan, else the campaign's. */
function upgradedPlan(offered: OfferedDecision): string | null {
  const own = offered.catalog.products.get(offered.target.key)?.plan;
  if (own) return own;
  const target = offered.definition.target;
  return target.kind === 'tier' ? target.toPlan : null;
}

export function planSwitchFor(
  offered: OfferedDecision,
  offer: PricedOffer,
  owned: readonly EntitlementRow[],
): PlanSwitch | null {
  const credit = offer.credit;
  if (!credit) return null;
  const current = owned.find((e) => e.productKey === credit.key && e.status === 'active');
  return {
    productKey: credit.key,
    entitlementId: current?.id ?? null,
    from: credit.plan,
    to: upgradedPlan(offered),
  };
}

/** Cancels the replaced plan's entitlement and moves the account to the new plan, in the purchase's
 * transaction. Returns the entitlements it ended. */
export async function applyPlanSwitch(
  tx: Tx,
  key: Key,
  change: PlanSwitch,
  now: Date,
): Promise<EntitlementRow[]> {
  if (change.to !== null) await switchAccountPlan(tx, key, change.from, change.to, now);
  if (change.entitlementId === null) return [];
  const ended = await endEntitlement(tx, key.workspaceId, change.entitlementId, 'cancelled', now);
  return ended ? [ended] : [];
}

/** Reads `replaces` back from a stored purchase offer (written by the purchase, so trusted). */
export function storedPlanSwitch(offer: Record<string, unknown>): PlanSwitch | null {
  const r = offer.replaces as PlanSwitch | undefined;
  return r && typeof r.productKey === 'string' && typeof r.from === 'string' ? r : null;
}

/** A failed upgrade puts the replaced plan back, unless the host has synced another plan since.
 * Returns the entitlements it revived. */
export async function undoPlanSwitch(
  tx: Tx,
  key: Key,
  change: PlanSwitch,
  now: Date,
): Promise<EntitlementRow[]> {
  if (change.to !== null) await switchAccountPlan(tx, key, change.to, change.from, now);
  if (change.entitlementId === null) return [];
  const revived = await reviveEntitlement(tx, key.workspaceId, change.entitlementId, now);
  return revived ? [revived] : [];
}
