import { z } from 'zod';
import { CampaignDefinition } from '../../shared/campaign.ts';
import { renderTheme } from '../../shared/contrast.ts';
import type { DecideResponse } from '../../shared/decide.ts';
import { PREVIEW_LINK_TTL_MS, type PreviewLink, type PreviewRequest } from '../../shared/preview-link.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { previewCampaign } from './campaign-preview.ts';
import { campaignNotFound } from './campaigns.ts';

/**
 * What a link's token carries, sealed (AES-256-GCM) with the server's encryption key: nothing is
 * stored, and a token cannot be forged, widened to another campaign or workspace, or extended.
 */
const LinkClaims = z.object({ p: z.literal('preview'), w: z.string(), c: z.uuid(), e: z.number() });

const invalid = () =>
  new ApiError(
    400,
    'preview_link_invalid',
    'This preview link is not one of this workspace’s; make a new one',
  );

export async function createPreviewLink(
  deps: AppDeps,
  workspaceId: string,
  campaignId: string,
): Promise<PreviewLink> {
  if (!(await findCampaign(deps.database.db, workspaceId, campaignId))) throw campaignNotFound();
  const expiresAt = deps.now().getTime() + PREVIEW_LINK_TTL_MS;
  const claims = { p: 'preview', w: workspaceId, c: campaignId, e: expiresAt };
  return {
    token: deps.secretBox.seal(JSON.stringify(claims)),
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

function campaignOf(deps: AppDeps, token: string, workspaceId: string): string {
  let claims: z.infer<typeof LinkClaims>;
  try {
    claims = LinkClaims.parse(JSON.parse(deps.secretBox.open(token)));
  } catch {
    throw invalid();
  }
  if (claims.w !== workspaceId) throw invalid();
  if (claims.e <= deps.now().getTime()) {
    throw new ApiError(400, 'preview_link_expired', 'This preview link has expired; make a new one');
  }
  return claims.c;
}

/**
 * The campaign of a preview link, as its definition stands now (edits show on reload), for the
 * end user who opened it, on the page they are on: shown whether or not it would be, nothing
 * recorded. A campaign with nothing to offer this user (next best product, all owned) shows nothing.
 */
export async function previewForUser(
  deps: AppDeps,
  workspace: WorkspaceContext,
  user: EndUser,
  req: PreviewRequest,
): Promise<DecideResponse> {
  const campaignId = campaignOf(deps, req.token, workspace.row.id);
  const row = await findCampaign(deps.database.db, workspace.row.id, campaignId);
  // The link's own code, so the widget ends the preview as for an expired one.
  if (!row) throw new ApiError(404, 'preview_link_invalid', 'The campaign of this preview link was deleted');
  const preview = await previewCampaign(
    deps,
    workspace,
    {
      definition: CampaignDefinition.parse(row.definition),
      campaignId,
      account: user.accountId,
      user: user.userId,
      locale: req.locale ?? user.locale,
      path: req.page?.path,
    },
    user,
  );
  return {
    messages: preview.message ? [{ ...preview.message, preview: true }] : [],
    requests: [],
    theme: renderTheme(workspace.settings.theme),
  };
}
