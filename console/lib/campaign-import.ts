import { CAMPAIGN_FILE_FORMAT, CampaignFile } from '../../shared/campaign-file.ts';

/** sessionStorage keys of chosen files: the tab's own, so a reload of the editor still finds it. */
const PREFIX = 'attach.campaign-import.';

/** A campaign file's text, checked with the shared schema, or why it cannot be opened. */
export function readCampaignFile(text: string): { file: CampaignFile } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'This file is not JSON. Choose a campaign file exported from Attach (….campaign.json).' };
  }
  if ((json as { format?: unknown } | null)?.format !== CAMPAIGN_FILE_FORMAT) {
    return {
      error: 'This is not an Attach campaign file. Export one from a campaign’s page (Export) and choose it.',
    };
  }
  const parsed = CampaignFile.safeParse(json);
  if (parsed.success) return { file: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    error: `This campaign file cannot be opened: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'it is not valid'}.`,
  };
}

/**
 * Keeps a checked file for the editor the list sends to (`campaigns/new?import=<token>`), replacing
 * any file chosen before in this tab; returns its token.
 */
export function stashImport(file: CampaignFile): string {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  const token = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  sessionStorage.setItem(PREFIX + token, JSON.stringify(file));
  return token;
}

/** The file stashed under `token`, if this tab still has it. */
export function stashedImport(token: string): CampaignFile | undefined {
  const text = sessionStorage.getItem(PREFIX + token);
  if (text === null) return undefined;
  const read = readCampaignFile(text);
  return 'file' in read ? read.file : undefined;
}
