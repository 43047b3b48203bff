import { randomUUID } from 'node:crypto';
import type { Frequency } from '../../shared/campaign.ts';
import { renderTheme } from '../../shared/contrast.ts';
import type { DecideRequest, DecideResponse, Message } from '../../shared/decide.ts';
import { releaseReservation, type ServeAttempt, tryServe } from '../db/queries/decide.ts';
import { type RawClient, rawClient } from '../db/queries/raw.ts';
import { evaluateCampaign, stageFor } from '../domain/evaluate.ts';
import type { DailyCaps } from '../domain/frequency.ts';
import type { StageDecision } from '../domain/lifecycle.ts';
import { buildMessage } from '../domain/message.ts';
import { compareVerdicts } from '../domain/rank.ts';
import { utcDay } from '../domain/time.ts';
import type { AccountState, CampaignRecord, DecideContext, Verdict } from '../domain/types.ts';
import type { AppDeps, EndUser, WorkspaceContext } from '../http/types.ts';
import { loadStateAndConfig } from './account-state.ts';
import type { EngineConfig } from './campaign-cache.ts';
import { type RoutedLead, recordLeads } from './decide-leads.ts';

const HOUR_S = 3600;
const DAY_S = 86_400;

/** Groups per campaign list (a config's) and requested placements: decide asks the same few. */
const placementGroups = new WeakMap<readonly CampaignRecord[], Map<string, CampaignRecord[][]>>();
const MAX_GROUPINGS = 100;

/** Active campaigns of the requested placements, grouped by placement in request order (the
 * placement, then the slots as the page lists them), highest priority first within a group. */
function campaignsByPlacement(campaigns: readonly CampaignRecord[], ctx: DecideContext): CampaignRecord[][] {
  let memo = placementGroups.get(campaigns);
  if (!memo) {
    memo = new Map();
    placementGroups.set(campaigns, memo);
  }
  const key = [ctx.placement, ...ctx.slots].join('\u0000');
  const hit = memo.get(key);
  if (hit) return hit;
  const groups = new Map<string, CampaignRecord[]>([ctx.placement, ...ctx.slots].map((p) => [p, []]));
  for (const c of campaigns) groups.get(c.definition.presentation.placement)?.push(c);
  const grouped = [...groups.values()].filter((list) => list.length > 0);
  for (const list of grouped) list.sort((a, b) => b.definition.priority - a.definition.priority);
  if (memo.size >= MAX_GROUPINGS) memo.clear();
  memo.set(key, grouped);
  return grouped;
}

/**
 * Candidates of one placement in rank order (rank.ts: priority, then score, then id), evaluated one
 * priority tier at a time. Ranking is priority-first, so a lower tier can only matter when no
 * candidate of a higher tier got served: evaluating lazily gives the same choice as evaluating all
 * campaigns and sorting, for a fraction of the work on the hot path.
 */
function* rankedCandidates(
  campaigns: readonly CampaignRecord[],
  state: AccountState,
  ctx: DecideContext,
  stage: StageDecision,
): Generator<[Verdict, CampaignRecord]> {
  for (let i = 0; i < campaigns.length; ) {
    const priority = campaigns[i]?.definition.priority;
    const tier: Array<[Verdict, CampaignRecord]> = [];
    for (; i < campaigns.length && campaigns[i]?.definition.priority === priority; i++) {
      const campaign = campaigns[i] as CampaignRecord;
      const verdict = evaluateCampaign(campaign, state, ctx, { stage, mode: 'decide' });
      if (verdict.eligible && verdict.target) tier.push([verdict, campaign]);
    }
    tier.sort((a, b) => compareVerdicts(a[0], b[0]));
    yield* tier;
  }
}

type ServingCaps = Pick<
  ServeAttempt,
  | 'globalDailyCap'
  | 'maxImpressions'
  | 'minIntervalSeconds'
  | 'stopAfterDismissals'
  | 'dismissCooldownSeconds'
  | 'stopAfterConversion'
  | 'accountDailyCap'
  | 'accountPromptCap'
>;

/** A campaign's frequency rules and the workspace's daily caps, as the serve statement takes them. */
export function servingCaps(f: Frequency, caps: DailyCaps): ServingCaps {
  return {
    globalDailyCap: caps.globalDailyCapPerUser,
    maxImpressions: f.maxImpressionsPerUser,
    minIntervalSeconds: f.minIntervalHours * HOUR_S,
    stopAfterDismissals: f.stopAfterDismissals,
    dismissCooldownSeconds: f.dismissCooldownDays * DAY_S,
    stopAfterConversion: f.stopAfterConversion,
    accountDailyCap: f.maxImpressionsPerAccountPerDay ?? null,
    accountPromptCap: caps.globalDailyCapPerAccount ?? null,
  };
}

function attemptFor(
  v: Verdict,
  campaign: CampaignRecord,
  state: AccountState,
  ctx: DecideContext,
  workspaceId: string,
): ServeAttempt {
  const target = v.target;
  return {
    workspaceId,
    userId: state.user.id,
    accountId: state.account.id,
    campaignId: campaign.id,
    campaignVersion: campaign.version,
    day: utcDay(ctx.now),
    now: ctx.now,
    ...servingCaps(campaign.definition.frequency, ctx.settings),
    decisionId: randomUUID(),
    placement: campaign.definition.presentation.placement,
    outcome: v.holdout ? 'held_out' : 'served',
    channel: v.channel,
    targetKind: target?.kind ?? 'product',
    targetKey: target?.key ?? '',
    motion: v.motion,
    // A held-out account sees no copy, so its exposure is no variant's.
    variant: v.holdout ? null : (v.variant ?? null),
    plan: state.account.plan,
    segment: state.account.segment,
    offer: v.offer,
    context: {
      firedTriggers: v.firedTriggers,
      affinity: target?.affinity ?? null,
      stage: v.stage,
      score: v.score,
    },
  };
}

/** What one decide call's serving shares across its placements. */
interface ServeRun {
  client: RawClient;
  state: AccountState;
  ctx: DecideContext;
  stage: StageDecision;
  workspaceId: string;
  /** Held-out exposures being recorded, awaited before the call answers. */
  exposures: Array<Promise<void>>;
}

/** Records a held-out exposure, handing back what it reserved when a later step lost. */
async function recordExposure(client: RawClient, attempt: ServeAttempt): Promise<void> {
  const result = await tryServe(client, attempt);
  if (result.shown === 0) await releaseReservation(client, attempt, result);
}

/**
 * Walks one placement's candidates best first. A held-out candidate is recorded as an exposure (it
 * would have been shown) and the walk goes on without waiting for it: its outcome cannot change the
 * walk, and its statement can share a batch with the next candidate's (see serveKeys). The first
 * treatment candidate whose conditional writes win is served. A lost cap write means the next
 * candidate is tried; a full daily quota, the user's or the account's, ends the walk (and every
 * other placement's, which finds the same quota row full).
 */
async function servePlacement(
  run: ServeRun,
  campaigns: readonly CampaignRecord[],
): Promise<{ verdict: Verdict; campaign: CampaignRecord; decisionId: string } | null> {
  for (const [verdict, campaign] of rankedCandidates(campaigns, run.state, run.ctx, run.stage)) {
    const attempt = attemptFor(verdict, campaign, run.state, run.ctx, run.workspaceId);
    if (verdict.holdout) {
      const recorded = recordExposure(run.client, attempt);
      // Awaited by serve; until then a failure must not count as an unhandled rejection.
      recorded.catch(() => {});
      run.exposures.push(recorded);
      continue;
    }
    const result = await tryServe(run.client, attempt);
    if (result.shown > 0) return { verdict, campaign, decisionId: attempt.decisionId };
    await releaseReservation(run.client, attempt, result);
    if (result.quota === 0 || (attempt.accountPromptCap !== null && result.accountQuota === 0)) return null;
  }
  return null;
}

/**
 * Serves at most one message per requested placement. The placements are walked concurrently, so
 * their first attempts leave in one batch: a call serving two placements waits for one serve round
 * trip, not two. First attempts queue in placement order, and the quota grants a user's attempts in
 * batch order, so an earlier placement gets the user's last daily prompt first (unless its first
 * candidate loses a cap race and its next one queues behind a later placement's).
 */
async function serve(
  state: AccountState,
  ctx: DecideContext,
  stage: StageDecision,
  config: EngineConfig,
  deps: AppDeps,
  workspaceId: string,
) {
  const run: ServeRun = { client: rawClient(deps.database), state, ctx, stage, workspaceId, exposures: [] };
  const served = await Promise.all(
    campaignsByPlacement(config.campaigns, ctx).map((campaigns) => servePlacement(run, campaigns)),
  );
  await Promise.all(run.exposures);
  const messages: Message[] = [];
  const leads: RoutedLead[] = [];
  for (const hit of served) {
    if (!hit) continue;
    messages.push(buildMessage(hit.verdict, hit.campaign, state, ctx, hit.decisionId));
    if (hit.verdict.channel !== 'in_app') leads.push({ verdict: hit.verdict, decisionId: hit.decisionId });
  }
  return { messages, leads };
}

export async function decide(
  deps: AppDeps,
  workspace: WorkspaceContext,
  user: EndUser,
  request: DecideRequest,
): Promise<DecideResponse> {
  const { loaded, config } = await loadStateAndConfig(deps, workspace, {
    accountId: user.accountId,
    userId: user.userId,
    role: user.role,
    locale: user.locale,
    traits: user.traits,
  });
  // An account the host never synced has no known products, plan or signup date: anything offered
  // could be what it already owns. Explain answers 404 for it, and decide shows nothing.
  const theme = renderTheme(workspace.settings.theme);
  if (!loaded.accountKnown) return { messages: [], requests: [], theme };
  const { state } = loaded;
  const ctx: DecideContext = {
    now: deps.now(),
    settings: workspace.settings,
    catalog: config.catalog,
    affinity: config.affinity,
    placement: request.placement,
    slots: request.slots,
    pagePath: request.page?.path,
    locale: request.locale ?? user.locale,
    identityVerified: user.verified,
  };
  const stage = stageFor(state, ctx);
  const { messages, leads } = await serve(state, ctx, stage, config, deps, workspace.row.id);
  if (leads.length > 0) await recordLeads(deps, workspace.row.id, state, leads);
  const buyer = workspace.settings.buyerRoles.includes(state.user.role);
  return {
    messages,
    requests: buyer
      ? loaded.requests.map((r) => ({
          ...r,
          productName: config.catalog.products.get(r.productKey)?.name ?? r.productKey,
        }))
      : [],
    theme,
  };
}
