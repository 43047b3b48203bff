/**
 * Copy experiments: which copy of a campaign an account gets, deterministic by a stable hash of
 * (campaign id, account id) — every seat of an account and every call see the same copy, on every
 * server instance, with no state.
 *
 *   copyVariant(definition, campaignId, accountId) → { key, content, offer }
 *   variantOffer(definition, key)                  → the offer terms a copy makes (at purchase)
 *   variantShares(definition)                      → each copy's share of the treated accounts
 *   copyLabel(key)                                 → "Original copy" / "Copy “b”", for reasons
 *
 * The hash is seeded apart from the holdout's (holdout.ts), so which copy an account gets is
 * independent of whether it is held out: an unseeded hash would give the first variant only buckets
 * the holdout had already taken. Changing the percents moves only accounts at the edges.
 */
import {
  type CampaignDefinition,
  type Content,
  type OfferTerms,
  ORIGINAL_VARIANT,
} from '../../shared/campaign.ts';
import { cyrb53 } from './hash.ts';

const BUCKETS = 10_000;
const VARIANT_SEED = 0x5eed_c0de;

export function variantBucket(campaignId: string, accountId: string): number {
  return cyrb53(`${campaignId}\u0000${accountId}`, VARIANT_SEED) % BUCKETS;
}

type Tested = Pick<CampaignDefinition, 'content' | 'variants' | 'offer'>;

/** The copy an account gets and the offer terms that go with it. */
export interface PickedCopy {
  key: string;
  content: Content;
  offer: OfferTerms;
}

export function copyVariant(def: Tested, campaignId: string, accountId: string): PickedCopy {
  if (def.variants.length === 0) return { key: ORIGINAL_VARIANT, content: def.content, offer: def.offer };
  const bucket = variantBucket(campaignId, accountId);
  let upTo = 0;
  for (const variant of def.variants) {
    upTo += (variant.percent / 100) * BUCKETS;
    if (bucket < upTo)
      return { key: variant.key, content: variant.content, offer: variant.offer ?? def.offer };
  }
  return { key: ORIGINAL_VARIANT, content: def.content, offer: def.offer };
}

/**
 * The offer terms of the copy a decision served (`key` as recorded; null without an experiment):
 * the variant's own, else the campaign's — also once the variant is gone, so a purchase from it is
 * repriced with today's terms like any changed offer.
 */
export function variantOffer(
  def: Pick<CampaignDefinition, 'variants' | 'offer'>,
  key: string | null,
): OfferTerms {
  return def.variants.find((v) => v.key === key)?.offer ?? def.offer;
}

/** Each copy's share of the treated accounts (0–1), the original first. */
export function variantShares(def: Pick<CampaignDefinition, 'variants'>): Map<string, number> {
  const taken = def.variants.reduce((sum, v) => sum + v.percent, 0);
  return new Map([
    [ORIGINAL_VARIANT, (100 - taken) / 100],
    ...def.variants.map((v) => [v.key, v.percent / 100] as const),
  ]);
}

export function copyLabel(key: string): string {
  return key === ORIGINAL_VARIANT ? 'Original copy' : `Copy “${key}”`;
}
