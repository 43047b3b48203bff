import { CampaignDefinition } from '../../shared/campaign.ts';
import type { ExplainResponse } from '../../shared/explain.ts';
import { selectLiveCampaigns } from '../db/queries/campaigns.ts';
import { evaluateCampaign, stageFor } from '../domain/evaluate.ts';
import { compareVerdicts } from '../domain/rank.ts';
import type { CampaignRecord, DecideContext, Reason, Verdict } from '../domain/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, WorkspaceContext } from '../http/types.ts';
import { loadAccountState, stateNeeds } from './account-state.ts';
import { engineConfig, historyNeeds } from './campaign-cache.ts';

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

type Pick = 'serve' | { campaignId: string; name: string };

/**
 * What decide would do with each eligible campaign, walking every placement's candidates in rank
 * order as it does: held-out candidates ahead of the first treatment one are recorded (as
 * exposures), the first treatment one is shown, and the rest are outranked by it. Caps are as the
 * state read them; a concurrent call could still take the last impression first.
 */
function placementPicks(
  evaluated: ReadonlyArray<{ record: CampaignRecord; placement: string; verdict: Verdict }>,
): Map<string, Pick> {
  const byPlacement = new Map<string, Array<{ record: CampaignRecord; verdict: Verdict }>>();
  for (const e of evaluated) {
    if (!e.verdict.eligible) continue;
    const list = byPlacement.get(e.placement) ?? [];
    list.push(e);
    byPlacement.set(e.placement, list);
  }
  const picks = new Map<string, Pick>();
  for (const list of byPlacement.values()) {
    list.sort((a, b) => compareVerdicts(a.verdict, b.verdict));
    let shown: Pick | undefined;
    for (const { record, verdict } of list) {
      if (shown) {
        picks.set(record.id, shown);
        continue;
      }
      picks.set(record.id, 'serve');
      if (!verdict.holdout) shown = { campaignId: record.id, name: record.definition.name };
    }
  }
  return picks;
}

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
  const rows = await selectLiveCampaigns(deps.database.db, workspaceId);
  const records: CampaignRecord[] = rows.map((row) => ({
    id: row.id,
    version: row.version,
    status: row.status,
    definition: CampaignDefinition.parse(row.definition),
  }));
  // The history every campaign shown here reads, drafts and paused ones included: decide's cached
  // config only covers active campaigns, and a draft's longer window would look unfired.
  const needs = stateNeeds(workspace.settings, historyNeeds(records.map((r) => r.definition)));
  const subject = { accountId: q.account, userId: q.user ?? '', role: q.role };
  const loaded = await loadAccountState(deps, workspaceId, subject, needs);
  const config = await engineConfig(deps, workspaceId, loaded.configVersion);
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
  const evaluated = records.map((record) => {
    const placement = q.placement ?? record.definition.presentation.placement;
    const verdict = evaluateCampaign(record, state, { ...base, placement }, { stage, mode: 'explain' });
    return { record, placement, verdict };
  });
  const picks = placementPicks(evaluated);
  const campaigns = evaluated.map(({ record, verdict: v }) => {
    const pick = picks.get(record.id);
    return {
      campaignId: record.id,
      name: record.definition.name,
      status: record.status,
      version: record.version,
      eligible: v.eligible,
      holdout: v.holdout,
      channel: v.channel,
      motion: v.motion,
      score: v.score,
      ...(v.target ? { target: { kind: v.target.kind, key: v.target.key, name: v.target.name } } : {}),
      ...(v.offer ? { offer: v.offer } : {}),
      firedTriggers: v.firedTriggers,
      reasons: blockingFirst(v.reasons.filter((r) => !r.code.startsWith('stage.'))),
      wouldServe: pick === 'serve',
      ...(pick && pick !== 'serve' ? { outrankedBy: pick } : {}),
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
