import type { LeadContext } from '../../shared/money.ts';
import type { AccountState, Verdict } from '../domain/types.ts';
import { errorFields } from '../http/logger.ts';
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
 * Leads known to exist, per workspace × account × campaign. Leads are never deleted and the unique
 * index makes a repeat insert a no-op, so skipping one known to exist changes nothing but saves a
 * transaction (four round trips) on every later decision of the same opportunity. Bounded: once
 * full it starts over, which only costs those round trips again.
 */
const KNOWN_LIMIT = 100_000;
const known = new Set<string>();
const leadKey = (workspaceId: string, accountId: string, campaignId: string) =>
  `${workspaceId} ${accountId} ${campaignId}`;

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
  const accountId = state.account.id;
  const fresh = leads.filter(
    ({ verdict }) =>
      verdict.channel !== 'in_app' &&
      verdict.target &&
      !known.has(leadKey(workspaceId, accountId, verdict.campaignId)),
  );
  if (fresh.length === 0) return;
  try {
    await deps.database.db.transaction(async (tx) => {
      for (const { verdict, decisionId } of fresh) {
        const channel = verdict.channel;
        if (channel === 'in_app' || !verdict.target) continue;
        await createLead(
          tx,
          workspaceId,
          {
            accountId,
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
    if (known.size + fresh.length > KNOWN_LIMIT) known.clear();
    for (const { verdict } of fresh) known.add(leadKey(workspaceId, accountId, verdict.campaignId));
  } catch (err) {
    deps.log.error('lead_failed', { workspaceId, accountId, ...errorFields(err) });
  }
}
