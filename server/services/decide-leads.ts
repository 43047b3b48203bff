import type { LeadContext } from '../../shared/money.ts';
import type { AccountState, Verdict } from '../domain/types.ts';
import type { AppDeps } from '../http/types.ts';
import { createLead } from './leads.ts';

export interface RoutedLead {
  verdict: Verdict;
  decisionId: string;
}

function leadContext(state: AccountState, verdict: Verdict): LeadContext {
  const a = state.account;
  return {
    account: {
      id: a.id,
      segment: a.segment,
      industry: a.industry,
      seats: a.seats,
      plan: a.plan,
      mrr: a.mrr,
      healthScore: a.healthScore,
      renewalAt: a.renewalAt?.toISOString() ?? null,
      owned: [...state.owned].sort(),
      ...(a.attributes.name !== undefined ? { name: a.attributes.name } : {}),
    },
    firedTriggers: verdict.firedTriggers,
    affinity: verdict.target?.affinity ?? null,
    motion: verdict.motion,
    stage: verdict.stage,
  };
}

/**
 * CSM / sales-routed messages also open a lead (idempotent per account × campaign, with its
 * `lead.created` webhook in the same transaction). This runs after the decision is committed: a
 * failure here must not take back a message already served, so it is logged rather than thrown; the
 * lead is created the next time the campaign is served to the account.
 */
export async function recordLeads(
  deps: AppDeps,
  workspaceId: string,
  state: AccountState,
  leads: readonly RoutedLead[],
): Promise<void> {
  try {
    await deps.database.db.transaction(async (tx) => {
      for (const { verdict, decisionId } of leads) {
        const channel = verdict.channel;
        if (channel === 'in_app' || !verdict.target) continue;
        await createLead(
          tx,
          workspaceId,
          {
            accountId: state.account.id,
            userId: state.user.id,
            campaignId: verdict.campaignId,
            decisionId,
            productKey: verdict.target.key,
            channel,
            context: leadContext(state, verdict),
          },
          deps.now(),
        );
      }
    });
  } catch (err) {
    deps.log.error('lead_failed', {
      workspaceId,
      accountId: state.account.id,
      error: (err as Error).message,
    });
  }
}
