import { z } from 'zod';
import { Channel, LifecycleStage, Motion } from './campaign.ts';
import { PricedOffer } from './offer.ts';

/** One check of the engine: a stable code, a sentence for the product manager, and whether it blocks. */
export const ExplainReason = z.object({ code: z.string(), message: z.string(), blocking: z.boolean() });
export type ExplainReason = z.infer<typeof ExplainReason>;

/** Why one campaign is or is not shown to this user now. */
export const CampaignExplanation = z
  .object({
    campaignId: z.uuid(),
    name: z.string(),
    status: z.enum(['draft', 'active', 'paused', 'archived']),
    version: z.number().int(),
    eligible: z.boolean(),
    holdout: z.boolean(),
    channel: Channel,
    motion: Motion,
    score: z.number(),
    target: z.object({ kind: z.string(), key: z.string(), name: z.string() }).optional(),
    offer: PricedOffer.optional(),
    firedTriggers: z.array(z.string()),
    /** Every check, passing ones included; blocking ones first. */
    reasons: z.array(ExplainReason),
    /** Whether decide would pick it now for its placement: eligible, and no eligible campaign ranks
     * above it there (a held-out one is then recorded as an exposure instead of shown). */
    wouldServe: z.boolean(),
    /** For an eligible campaign decide would not pick: the one it would show in its place. */
    outrankedBy: z.object({ campaignId: z.uuid(), name: z.string() }).optional(),
  })
  .meta({ id: 'CampaignExplanation' });

/**
 * `GET /v1/admin/explain?account=…&user=…`: the product manager's "why didn't they see it?".
 *
 * @example
 * const why = res.campaigns.find((c) => c.name === 'Reports add-on')?.reasons.filter((r) => r.blocking);
 */
export const ExplainResponse = z
  .object({
    accountId: z.string(),
    userId: z.string().nullable(),
    role: z.string(),
    stage: LifecycleStage,
    stageReasons: z.array(ExplainReason),
    evaluatedAt: z.iso.datetime(),
    campaigns: z.array(CampaignExplanation),
  })
  .meta({ id: 'ExplainResponse' });
export type ExplainResponse = z.infer<typeof ExplainResponse>;
