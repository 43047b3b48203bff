import { z } from 'zod';
import { CampaignDefinition } from './campaign.ts';
import { Message } from './decide.ts';
import { ExplainReason } from './explain.ts';
import { HostId } from './host-data.ts';

/**
 * `POST /v1/admin/campaigns/preview`: a definition (saved or not) as one account's user would get it
 * now: the copy filled from that account, the offer priced for it, and whether it would be shown.
 */
export const CampaignPreviewRequest = z
  .object({
    definition: CampaignDefinition,
    account: HostId,
    /** A user of the account; unset: its role is the first buyer role. */
    user: HostId.optional(),
    locale: z.string().min(2).max(35).optional(),
    /** The page the user is on; unset: one the campaign's pages allow (the first of them). */
    path: z.string().min(1).max(1000).optional(),
    /** The saved campaign being edited: its holdout group and its caps for this user apply. */
    campaignId: z.uuid().optional(),
  })
  .meta({ id: 'CampaignPreviewRequest' });
export type CampaignPreviewRequest = z.infer<typeof CampaignPreviewRequest>;

export const CampaignPreviewResponse = z
  .object({
    /** The account's display name, to say whom the preview is for. */
    accountName: z.string().nullable(),
    /** Whether this user would be shown it now, were it active (the holdout aside). */
    eligible: z.boolean(),
    /** In the holdout: would be recorded as an exposure, not shown. */
    holdout: z.boolean(),
    /** The checks that keep it from this user now; empty when eligible. */
    blocking: z.array(ExplainReason),
    /** The message as the widget would get it; null when no target or copy could be made for them. */
    message: Message.nullable(),
  })
  .meta({ id: 'CampaignPreviewResponse' });
export type CampaignPreviewResponse = z.infer<typeof CampaignPreviewResponse>;
