import type { CampaignPreviewRequest, CampaignPreviewResponse } from '../../shared/campaign-preview.ts';
import { evaluateCampaign } from '../domain/evaluate.ts';
import { pathMatching } from '../domain/glob.ts';
import { buildMessage } from '../domain/message.ts';
import type { CampaignRecord, DecideContext } from '../domain/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { loadAccountState, stateNeeds } from './account-state.ts';
import { engineConfig, historyNeeds } from './campaign-cache.ts';

/** A page the campaign may show on, so a preview is not blocked for want of one. */
const pageAllowed = (pages: readonly string[]) =>
  pages[0] === undefined ? undefined : pathMatching(pages[0]);

/** Stands in for the campaign id of a definition never saved, and for the preview's decision id. */
const UNSAVED = '00000000-0000-4000-8000-000000000000';

/**
 * A definition as one account's user would get it now, evaluated as decide does (every check run,
 * as explain does) but as if it were active, on a page it may show on unless one is given: the copy
 * filled from the account, the offer priced for it. Nothing is recorded.
 */
export async function previewCampaign(
  deps: AppDeps,
  workspace: WorkspaceContext,
  req: CampaignPreviewRequest,
  /** The signed-in end user a preview link was opened by: their token's role, locale and traits. */
  endUser?: EndUser,
): Promise<CampaignPreviewResponse> {
  const workspaceId = workspace.row.id;
  const record: CampaignRecord = {
    id: req.campaignId ?? UNSAVED,
    version: 0,
    status: 'active',
    definition: req.definition,
  };
  const needs = stateNeeds(workspace.settings, historyNeeds([req.definition]));
  // Without a user, a buyer: the product manager sees the purchase flow, not "ask your admin".
  const role = endUser?.role ?? (req.user ? undefined : workspace.settings.buyerRoles[0]);
  const subject = {
    accountId: req.account,
    userId: req.user ?? '',
    role,
    locale: endUser?.locale,
    traits: endUser?.traits,
  };
  const loaded = await loadAccountState(deps, workspaceId, subject, needs);
  if (!loaded.accountKnown) throw new ApiError(404, 'not_found', `Account ${req.account} not found`);
  const config = await engineConfig(deps, workspaceId, loaded.configVersion);
  const ctx: DecideContext = {
    now: deps.now(),
    settings: workspace.settings,
    catalog: config.catalog,
    affinity: config.affinity,
    placement: req.definition.presentation.placement,
    slots: [],
    pagePath: req.path ?? pageAllowed(req.definition.presentation.pages),
    locale: req.locale,
    identityVerified: endUser?.verified ?? true,
  };
  const verdict = evaluateCampaign(record, loaded.state, ctx, { mode: 'explain' });
  const message =
    verdict.target && verdict.content ? buildMessage(verdict, record, loaded.state, ctx, UNSAVED) : null;
  // The state loader keeps the display name among the attributes, as the copy's {{account.name}} reads it.
  const { account } = loaded.state;
  const name = account.name || account.attributes.name;
  return {
    accountName: typeof name === 'string' && name !== '' ? name : null,
    eligible: verdict.eligible,
    holdout: verdict.holdout,
    blocking: verdict.reasons.filter((r) => r.blocking),
    message,
  };
}
