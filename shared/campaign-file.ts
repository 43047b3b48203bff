import { z } from 'zod';
import { CampaignDefinition } from './campaign.ts';

/** What a campaign file says it is, so a file of anything else is refused by name, not by field. */
export const CAMPAIGN_FILE_FORMAT = 'attach.campaign/1';

/**
 * A campaign's definition as a file, to move it between workspaces (built in staging, launched in
 * production) or keep it beside the host's code. Its `campaign` is what `POST /v1/admin/campaigns`
 * takes; an import always creates a draft.
 */
export const CampaignFile = z
  .object({
    format: z.literal(CAMPAIGN_FILE_FORMAT),
    exportedAt: z.iso.datetime(),
    /** Where it was exported from, for the person importing it. */
    source: z.object({ workspace: z.string().max(200), campaignId: z.string().max(100) }).optional(),
    campaign: CampaignDefinition,
  })
  .meta({ id: 'CampaignFile' });
export type CampaignFile = z.infer<typeof CampaignFile>;

/** `Capacity upsell (EU)` → `capacity-upsell-eu.campaign.json`. */
export function campaignFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'campaign'}.campaign.json`;
}
