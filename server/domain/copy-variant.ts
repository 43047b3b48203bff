/**
 * Copy experiments: which copy of a campaign an account gets, deterministic by a stable hash of
 * (campaign id, account id) — every seat of an account and every call see the same copy, on every
 * server instance, with no state.
 *
 *   copyVariant(definition, campaignId, accountId) → { key, content }
 *   variantShares(definition)                      → each copy's share of the treated accounts
 *   copyLabel(key)                                 → "Original copy" / "Copy “b”", for reasons
 *
 * The hash is seeded apart from the holdout's (holdout.ts), so which copy an account gets is
 * independent of whether it is held out: an unseeded hash would give the first variant only buckets
 * the holdout had already taken. Changing the percents moves only accounts at the edges.
 */
import { type CampaignDefinition, type Content, ORIGINAL_VARIANT } from '../../shared/campaign.ts';
import { cyrb53 } from './hash.ts';

const BUCKETS = 10_000;
const VARIANT_SEED = 0x5eed_c0de;

export function variantBucket(campaignId: string, accountId: string): number {
  return cyrb53(`${campaignId}\u0000${accountId}`, VARIANT_SEED) % BUCKETS;
}

export function copyVariant(
  def: Pick<CampaignDefinition, 'content' | 'variants'>,
  campaignId: string,
  accountId: string,
): { key: string; content: Content } {
  if (def.variants.length === 0) return { key: ORIGINAL_VARIANT, content: def.content };
  const bucket = variantBucket(campaignId, accountId);
  let upTo = 0;
  for (const variant of def.variants) {
    upTo += (variant.percent / 100) * BUCKETS;
    if (bucket < upTo) return { key: variant.key, content: variant.content };
  }
  return { key: ORIGINAL_VARIANT, content: def.content };
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
