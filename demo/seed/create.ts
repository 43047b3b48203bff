import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../server/http/types.ts';
import { createConsoleUser } from '../../server/services/console-auth.ts';
import { createWorkspace } from '../../server/services/workspaces.ts';
import type { DemoCredentials } from './credentials.ts';
import { buildDataset } from './dataset.ts';
import { HISTORY_DAYS, historyFor } from './history.ts';
import { daysBefore } from './model.ts';
import { pipelineFor } from './pipeline.ts';
import {
  writeCampaigns,
  writeCatalog,
  writeDataset,
  writeHistory,
  writePipeline,
  writeVocabulary,
} from './write.ts';

export const DEMO_WORKSPACE_ID = 'ws_demo';
export const DEMO_WORKSPACE_NAME = 'Lumen Analytics (demo)';

export interface CreateOptions {
  /** Account id the engine puts in the holdout of the capacity campaign. */
  holdoutAccountId: string;
}

/**
 * Creates the workspace and every row of demo data in one transaction: a crash half-way leaves
 * nothing behind, and the next start simply tries again.
 */
export async function createDemoWorkspace(deps: AppDeps, options: CreateOptions): Promise<DemoCredentials> {
  const now = deps.now();
  const data = buildDataset(now, options.holdoutAccountId);
  const history = historyFor(data, now);
  const origin = new URL(deps.config.publicUrl).origin;
  return deps.database.db.transaction(async (tx) => {
    const { credentials } = await createWorkspace(
      deps,
      tx,
      {
        id: DEMO_WORKSPACE_ID,
        name: DEMO_WORKSPACE_NAME,
        allowedOrigins: [origin],
        settings: {
          identityMode: 'enforce',
          // Relaxed with the campaigns' frequency (see campaigns.ts) so the demo can be replayed.
          globalDailyCapPerUser: 100,
          lifecycle: {
            onboardingDays: 14,
            activationMilestones: ['dashboard.created'],
            engagedEventsPerDay: 5,
            trendWindowDays: 14,
            fallingUsageRatio: 0.5,
            atRiskHealthBelow: 40,
            renewalWindowDays: 60,
          },
        },
      },
      'demo-seed',
    );
    await writeCatalog(tx, DEMO_WORKSPACE_ID, daysBefore(now, HISTORY_DAYS + 4));
    await writeDataset(tx, DEMO_WORKSPACE_ID, data, history);
    await writeVocabulary(tx, DEMO_WORKSPACE_ID, data, now);
    await writeCampaigns(tx, DEMO_WORKSPACE_ID, daysBefore(now, HISTORY_DAYS + 3));
    await writeHistory(tx, DEMO_WORKSPACE_ID, history);
    await writePipeline(tx, DEMO_WORKSPACE_ID, pipelineFor(data, now));
    // A random password, printed at start: a fixed one would open every self-hosted demo to anyone.
    const consoleLogin = { email: 'pm@lumen.example', password: randomBytes(12).toString('base64url') };
    await createConsoleUser(tx, DEMO_WORKSPACE_ID, { ...consoleLogin, role: 'owner', name: 'Demo PM' });
    return { ...credentials, consoleLogin };
  });
}
