import type { Lead, LeadStatus } from '../../shared/money.ts';
import { campaignNames } from '../db/queries/campaigns.ts';
import { accountNames } from '../db/queries/host-data.ts';
import { type CsvCell, moneyCell, toCsv } from '../domain/csv.ts';
import type { AppDeps } from '../http/types.ts';
import { decodePositionCursor } from './position-cursor.ts';
import { adminLeads } from './requests.ts';

const PAGE = 500;

const HEADER = [
  'created_at',
  'status',
  'channel',
  'account_id',
  'account_name',
  'segment',
  'seats',
  'plan',
  'mrr_at_routing',
  'renewal_at',
  'product',
  'campaign',
  'motion',
  'stage',
  'fired_triggers',
  'affinity',
  'user_id',
  'lead_id',
] as const;

const fact = (lead: Lead, key: string): CsvCell => {
  const value = lead.context.account[key];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
};

/**
 * Every lead (of one status, or all), newest first, as one CSV for a CRM import or a sales review:
 * the account's name today and the facts known when the prompt routed it (MRR in major units), what
 * fired, and the affinity behind the offer.
 */
export async function leadsCsv(deps: AppDeps, workspaceId: string, status?: LeadStatus): Promise<string> {
  const all: Lead[] = [];
  let cursor: string | null = null;
  do {
    const page: { leads: Lead[]; nextCursor: string | null } = await adminLeads(deps, workspaceId, {
      status,
      after: decodePositionCursor('leads', cursor ?? undefined),
      limit: PAGE,
    });
    all.push(...page.leads);
    cursor = page.nextCursor;
  } while (cursor);
  const [campaigns, accounts] = await Promise.all([
    campaignNames(deps.database.db, workspaceId),
    accountNames(deps.database, workspaceId, [...new Set(all.map((l) => l.accountId))]),
  ]);
  const rows = all.map((lead): CsvCell[] => {
    const a = lead.context.affinity;
    const mrr = fact(lead, 'mrr');
    return [
      lead.createdAt,
      lead.status,
      lead.channel,
      lead.accountId,
      accounts.get(lead.accountId) ?? fact(lead, 'name'),
      fact(lead, 'segment'),
      fact(lead, 'seats'),
      fact(lead, 'plan'),
      typeof mrr === 'number' ? moneyCell(mrr) : null,
      fact(lead, 'renewalAt'),
      lead.productKey,
      lead.campaignId ? (campaigns.get(lead.campaignId) ?? lead.campaignId) : null,
      lead.context.motion,
      lead.context.stage,
      lead.context.firedTriggers.join('; '),
      a
        ? `${a.antecedent} → ${a.consequent} (confidence ${a.confidence.toFixed(2)}, lift ${a.lift.toFixed(2)})`
        : null,
      lead.userId,
      lead.id,
    ];
  });
  return toCsv(HEADER, rows);
}
