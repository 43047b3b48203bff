import { CampaignDefinition } from '../../shared/campaign.ts';
import type { ExplainResponse } from '../../shared/explain.ts';
import { selectLiveCampaigns } from '../db/queries/campaigns.ts';
import { evaluateCampaign, stageFor } from '../domain/evaluate.ts';
import type { CampaignRecord, DecideContext, Reason } from '../domain/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, WorkspaceContext } from '../http/types.ts';
import { loadStateAndConfig } from './account-state.ts';

export interface ExplainQuery {
  account: string;
  user?: string | undefined;
  /** Overrides the stored role (or stands in for a user the host never synced). */
  role?: string | undefined;
  /** Evaluate every campaign for this placement; unset: each campaign for its own placement. */
  placement?: string | undefined;
  path?: string | undefined;
}

const blockingFirst = (reasons: Reason[]) =>
  [...reasons].sort((a, b) => Number(b.blocking) - Number(a.blocking));

/**
 * The product manager's "why didn't they see it?": every campaign that is not archived, evaluated
 * for this account and user now with every check run (not stopping at the first failure), exactly
 * as decide evaluates it for a verified user. Nothing is recorded.
 */
export async function explain(
  deps: AppDeps,
  workspace: WorkspaceContext,
  q: ExplainQuery,
): Promise<ExplainResponse> {
  const workspaceId = workspace.row.id;
  const [rows, { loaded, config }] = await Promise.all([
    selectLiveCampaigns(deps.database.db, workspaceId),
    loadStateAndConfig(deps, workspace, { accountId: q.account, userId: q.user ?? '', role: q.role }),
  ]);
  if (!loaded.accountKnown)
    throw new ApiError(
      404,
      'not_found',
      `Account ${q.account} not found: until the host syncs it, decide shows its users nothing`,
    );
  const { state } = loaded;
  const base: DecideContext = {
    now: deps.now(),
    settings: workspace.settings,
    catalog: config.catalog,
    affinity: config.affinity,
    placement: q.placement ?? 'global',
    slots: [],
    pagePath: q.path,
    identityVerified: true,
  };
  const stage = stageFor(state, base);
  const campaigns = rows.map((row) => {
    const record: CampaignRecord = {
      id: row.id,
      version: row.version,
      status: row.status,
      definition: CampaignDefinition.parse(row.definition),
    };
    const placement = q.placement ?? record.definition.presentation.placement;
    const v = evaluateCampaign(record, state, { ...base, placement }, { stage, mode: 'explain' });
    return {
      campaignId: row.id,
      name: record.definition.name,
      status: row.status,
      version: row.version,
      eligible: v.eligible,
      holdout: v.holdout,
      channel: v.channel,
      motion: v.motion,
      score: v.score,
      ...(v.target ? { target: { kind: v.target.kind, key: v.target.key, name: v.target.name } } : {}),
      ...(v.offer ? { offer: v.offer } : {}),
      firedTriggers: v.firedTriggers,
      reasons: blockingFirst(v.reasons.filter((r) => !r.code.startsWith('stage.'))),
    };
  });
  return {
    accountId: q.account,
    userId: q.user ?? null,
    role: state.user.role,
    stage: stage.stage,
    stageReasons: stage.reasons,
    evaluatedAt: base.now.toISOString(),
    campaigns,
  };
}
