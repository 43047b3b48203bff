import { type AudienceEstimate, CampaignDefinition } from '../../shared/campaign.ts';
import { countAccounts, selectAccountBatch } from '../db/queries/account-state.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { rawClient } from '../db/queries/raw.ts';
import { evaluateCampaign } from '../domain/evaluate.ts';
import type { CampaignRecord, DecideContext } from '../domain/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps, WorkspaceContext } from '../http/types.ts';
import { firstCounterDay, stateNeeds, toAccountState } from './account-state.ts';
import { engineConfig, historyNeeds } from './campaign-cache.ts';

const BATCH = 500;
/** Larger workspaces are estimated from their first 20,000 accounts (by id) and extrapolated. */
export const ESTIMATE_SAMPLE_LIMIT = 20_000;
/** Unsaved definitions get a fixed id, so their holdout split is stable between estimates. */
const UNSAVED_ID = '00000000-0000-4000-8000-000000000000';
const REPRESENTATIVE_USER = '\u0000estimate';

/** Conditions that depend on the page the user is on: assumed met for an audience size. */
const ignoredInEstimate = (code: string) => code.startsWith('page.');

interface Tally {
  evaluated: number;
  eligibleAccounts: number;
  eligibleUsers: number;
  testAccounts: number;
  heldOutAccounts: number;
  heldOutUsers: number;
  blockers: Map<string, number>;
}

/**
 * Who a definition reaches right now, account by account, with the same pure evaluation decide
 * uses. Accounts are read in keyset batches of 500 (one statement each). Per account a representative
 * user with the first audience role (else the first buyer role) stands in for its users and is
 * credited with the account's own activity, so user-scoped triggers read as "someone in the account
 * did it"; users are then counted by role. Frequency caps are not applied (nobody has seen an unsaved
 * campaign) and page conditions are assumed met. An upper bound of who can see it, not a forecast.
 */
export async function estimateAudience(
  deps: AppDeps,
  workspace: WorkspaceContext,
  definition: CampaignDefinition,
  campaign: Pick<CampaignRecord, 'id' | 'version'> = { id: UNSAVED_ID, version: 1 },
): Promise<AudienceEstimate> {
  const workspaceId = workspace.row.id;
  const client = rawClient(deps.database);
  const [config, accountsTotal] = await Promise.all([
    engineConfig(deps, workspaceId, null),
    countAccounts(client, workspaceId),
  ]);
  const now = deps.now();
  const record: CampaignRecord = { ...campaign, status: 'active', definition };
  const ctx: DecideContext = {
    now,
    settings: workspace.settings,
    catalog: config.catalog,
    affinity: config.affinity,
    placement: definition.presentation.placement,
    slots: [],
    identityVerified: true,
  };
  const roles = definition.audience.roles;
  const role = roles[0] ?? workspace.settings.buyerRoles[0] ?? 'admin';
  // Only this definition's triggers matter here, saved or not.
  const needs = stateNeeds(workspace.settings, historyNeeds([definition]));
  const tally: Tally = {
    evaluated: 0,
    eligibleAccounts: 0,
    eligibleUsers: 0,
    testAccounts: 0,
    heldOutAccounts: 0,
    heldOutUsers: 0,
    blockers: new Map(),
  };
  let afterId = '';
  while (tally.evaluated < ESTIMATE_SAMPLE_LIMIT) {
    const batch = await selectAccountBatch(client, {
      workspaceId,
      afterId,
      limit: Math.min(BATCH, ESTIMATE_SAMPLE_LIMIT - tally.evaluated),
      sinceDay: firstCounterDay(now, needs.counterDays),
      everSeenNames: needs.everSeenNames,
    });
    for (const { id, row } of batch) {
      const state = toAccountState(row, { accountId: id, userId: REPRESENTATIVE_USER, role }, now);
      state.counters = [
        ...state.counters,
        ...state.counters.map((c) => ({ ...c, userId: REPRESENTATIVE_USER })),
      ];
      const verdict = evaluateCampaign(record, state, ctx, { mode: 'explain' });
      const blocking = verdict.reasons.filter((r) => r.blocking && !ignoredInEstimate(r.code));
      const users = Object.entries(row.roles).reduce(
        (n, [r, count]) => (roles.length === 0 || roles.includes(r) ? n + count : n),
        0,
      );
      tally.evaluated++;
      if (blocking.length === 0) {
        tally.eligibleAccounts++;
        tally.eligibleUsers += users;
        if (row.account?.test) tally.testAccounts++;
        if (verdict.holdout) {
          tally.heldOutAccounts++;
          tally.heldOutUsers += users;
        }
      }
      for (const code of new Set(blocking.map((r) => r.code)))
        tally.blockers.set(code, (tally.blockers.get(code) ?? 0) + 1);
    }
    const last = batch[batch.length - 1];
    if (!last || batch.length < BATCH) break;
    afterId = last.id;
  }
  return summarise(tally, accountsTotal);
}

function summarise(t: Tally, accountsTotal: number): AudienceEstimate {
  const sampled = t.evaluated < accountsTotal;
  const scale = sampled && t.evaluated > 0 ? accountsTotal / t.evaluated : 1;
  const up = (n: number) => Math.round(n * scale);
  return {
    accountsEvaluated: t.evaluated,
    accountsTotal,
    eligibleAccounts: up(t.eligibleAccounts),
    eligibleUsers: up(t.eligibleUsers),
    testAccounts: up(t.testAccounts),
    heldOutAccounts: up(t.heldOutAccounts),
    heldOutUsers: up(t.heldOutUsers),
    sampled,
    topBlockers: [...t.blockers.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([code, accounts]) => ({ code, accounts: up(accounts) })),
  };
}

export async function estimateSavedCampaign(
  deps: AppDeps,
  workspace: WorkspaceContext,
  id: string,
): Promise<AudienceEstimate> {
  const row = await findCampaign(deps.database.db, workspace.row.id, id);
  if (!row) throw new ApiError(404, 'campaign_not_found', 'Campaign not found');
  const definition = CampaignDefinition.parse(row.definition);
  return estimateAudience(deps, workspace, definition, { id: row.id, version: row.version });
}
