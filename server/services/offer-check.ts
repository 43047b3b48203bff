import { CampaignDefinition } from '../../shared/campaign.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import type { Tx } from '../db/client.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { type DecisionRow, findDecision, firstShownAt } from '../db/queries/money.ts';
import { variantOffer } from '../domain/copy-variant.ts';
import { PricingError, priceOffer } from '../domain/pricing.ts';
import type { ResolvedTarget } from '../domain/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { EndUser } from '../http/types.ts';
import { type LoadedCatalog, loadCatalog } from './catalog-cache.ts';

export interface OfferedDecision {
  decision: DecisionRow;
  definition: CampaignDefinition;
  catalog: LoadedCatalog;
  target: ResolvedTarget;
}

/**
 * The decision a trial or purchase claims to come from: it must exist in this workspace, belong to
 * the caller's account, have been served (not held out), and target the product asked for.
 */
export async function offeredDecision(
  tx: Tx,
  workspaceId: string,
  user: EndUser,
  decisionId: string,
  productKey: string,
): Promise<OfferedDecision> {
  const decision = await findDecision(tx, workspaceId, decisionId);
  if (!decision || decision.accountId !== user.accountId) {
    throw new ApiError(404, 'unknown_decision', `No decision ${decisionId} for this account`);
  }
  if (decision.outcome !== 'served') {
    throw new ApiError(409, 'not_offered', 'This decision did not show an offer to the account');
  }
  if (decision.targetKey !== productKey) {
    throw new ApiError(
      409,
      'not_offered',
      `Decision ${decisionId} offered ${decision.targetKey}, not ${productKey}`,
    );
  }
  const [campaign, catalog] = await Promise.all([
    findCampaign(tx, workspaceId, decision.campaignId),
    loadCatalog(tx, workspaceId),
  ]);
  if (!campaign) throw new ApiError(409, 'not_offered', 'The campaign behind this decision no longer exists');
  const definition = CampaignDefinition.parse(campaign.definition);
  const entry =
    decision.targetKind === 'bundle' ? catalog.bundles.get(productKey) : catalog.products.get(productKey);
  if (!entry) throw new ApiError(409, 'not_offered', `${productKey} is no longer in the catalogue`);
  const kind = decision.targetKind as ResolvedTarget['kind'];
  const target: ResolvedTarget = { kind, key: entry.key, name: entry.name, description: entry.description };
  return { decision, definition, catalog, target };
}

/**
 * Prices the offer again from the current campaign terms, catalogue and the account's plan (a tier
 * upgrade credits it). The client's version must match (409 price_changed) and the offer must not
 * have expired (409 offer_expired).
 */
export async function repriceOffer(
  tx: Tx,
  workspaceId: string,
  userId: string,
  offered: OfferedDecision,
  clientVersion: string,
  now: Date,
  plan: string | null,
): Promise<PricedOffer> {
  const shownAt = await firstShownAt(tx, workspaceId, userId, offered.decision.campaignId);
  let offer: PricedOffer;
  try {
    const terms = variantOffer(offered.definition, offered.decision.variant);
    offer = priceOffer(offered.target, terms, offered.catalog, now, shownAt, plan);
  } catch (err) {
    if (err instanceof PricingError) throw new ApiError(409, 'not_offered', err.message);
    throw err;
  }
  if (offer.version !== clientVersion) {
    throw new ApiError(
      409,
      'price_changed',
      `Offer version ${JSON.stringify(clientVersion)} is not the current one (${offer.version}): the price or terms changed since it was shown, or decide never returned it; show the new offer`,
      {
        offer,
      },
    );
  }
  if (offer.expiresAt && Date.parse(offer.expiresAt) <= now.getTime()) {
    throw new ApiError(409, 'offer_expired', `The offer expired at ${offer.expiresAt}`);
  }
  return offer;
}

/** The product keys a purchase of this target grants (a bundle grants each of its products). */
export function grantedProducts(offered: OfferedDecision): string[] {
  if (offered.target.kind !== 'bundle') return [offered.target.key];
  return offered.catalog.bundles.get(offered.target.key)?.productKeys ?? [];
}
