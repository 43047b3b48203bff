import { randomUUID } from 'node:crypto';
import type { createApp } from '../../../server/app.ts';
import { tryServe } from '../../../server/db/queries/decide.ts';
import { rawClient } from '../../../server/db/queries/raw.ts';
import { findWorkspaceByPublishableKey } from '../../../server/db/queries/workspaces.ts';
import { utcDay } from '../../../server/domain/time.ts';
import type { AppDeps, WorkspaceContext } from '../../../server/http/types.ts';
import { loadStateAndConfig } from '../../../server/services/account-state.ts';
import { servingCaps } from '../../../server/services/decide.ts';
import { workspaceSettings } from '../../../server/services/workspaces.ts';
import type { CampaignDefinition } from '../../../shared/campaign.ts';

/**
 * `GET /bench/db-floor/:g`: the database work of one decide call for user g and nothing else — the
 * account state and config check in decide's own batched statement, then one served attempt through
 * decide's serve statement (quota, caps, user × campaign state, decisions row) for a draft campaign
 * decide never serves. No token, no body, no campaign evaluation, no message: its throughput is the
 * most decide could reach with the reads and writes it makes today, whatever the engine's code costs.
 */
export async function mountDbFloor(
  app: ReturnType<typeof createApp>,
  deps: AppDeps,
  publishableKey: string,
  campaign: { id: string; version: number; definition: CampaignDefinition },
  accounts: number,
) {
  const row = await findWorkspaceByPublishableKey(deps.database.db, publishableKey, deps.now());
  if (!row) throw new Error('bench workspace not found');
  const workspace: WorkspaceContext = { row, settings: workspaceSettings(row) };
  const raw = rawClient(deps.database);
  const caps = servingCaps(campaign.definition.frequency, workspace.settings);
  app.get('/bench/db-floor/:g', async (c) => {
    const g = Number(c.req.param('g'));
    const subject = { accountId: `acct-${1 + (g % accounts)}`, userId: `user-${g}` };
    const { loaded } = await loadStateAndConfig(deps, workspace, subject);
    const now = deps.now();
    const result = await tryServe(raw, {
      workspaceId: row.id,
      userId: subject.userId,
      accountId: subject.accountId,
      campaignId: campaign.id,
      campaignVersion: campaign.version,
      day: utcDay(now),
      now,
      ...caps,
      decisionId: randomUUID(),
      placement: campaign.definition.presentation.placement,
      outcome: 'served',
      channel: 'in_app',
      targetKind: 'product',
      targetKey: 'reports',
      motion: campaign.definition.motion,
      variant: null,
      plan: loaded.state.account.plan,
      segment: loaded.state.account.segment,
      offer: null,
      context: { firedTriggers: [] },
    });
    return c.json({ shown: result.shown });
  });
}
