import { z } from 'zod';
import { CampaignDefinition, CampaignStatus } from './campaign.ts';

/** What a campaign file says it is, so a file of anything else is refused by name, not by field. */
export const CAMPAIGN_FILE_FORMAT = 'attach.campaigns/1';
/** Campaigns one file holds at most: an import creates them in one transaction. */
export const MAX_FILE_CAMPAIGNS = 200;

/** One campaign of a file: its definition, and what it was where it was exported from. */
export const CampaignFileEntry = z.object({
  /** Its id in the workspace it came from (an import creates a new one). */
  id: z.string().max(100).optional(),
  /** Its status there (an import always creates a draft). */
  status: CampaignStatus.optional(),
  campaign: CampaignDefinition,
});
export type CampaignFileEntry = z.infer<typeof CampaignFileEntry>;

/**
 * Campaign definitions as a file, to move them between workspaces (built in staging, launched in
 * production) or keep them beside the host's code. Each entry's `campaign` is what
 * `POST /v1/admin/campaigns` takes; `POST /v1/admin/campaigns/import` creates them all as drafts.
 */
export const CampaignFile = z
  .object({
    format: z.literal(CAMPAIGN_FILE_FORMAT),
    exportedAt: z.iso.datetime(),
    /** Where it was exported from, for the person importing it. */
    source: z.object({ workspace: z.string().max(200) }).optional(),
    campaigns: z.array(CampaignFileEntry).min(1).max(MAX_FILE_CAMPAIGNS),
  })
  .meta({ id: 'CampaignFile' });
export type CampaignFile = z.infer<typeof CampaignFile>;

/** `Capacity upsell (EU)` → `capacity-upsell-eu.campaigns.json`. */
export function campaignFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'campaigns'}.campaigns.json`;
}

/** What `POST /v1/admin/campaigns/import` answers: the drafts it created, in the file's order. */
export const CampaignImport = z
  .object({ created: z.array(z.object({ id: z.uuid(), name: z.string() })) })
  .meta({ id: 'CampaignImport' });
export type CampaignImport = z.infer<typeof CampaignImport>;

/** Which campaigns `GET /v1/admin/campaigns/export` writes: every one but the archived, unless a status is named. */
export const CampaignExportQuery = z.object({ status: CampaignStatus.optional() });
