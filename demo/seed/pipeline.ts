import { DEMO_CAMPAIGN_IDS } from './campaigns.ts';
import { DAY_MS, type DemoAccount, type DemoDataset } from './model.ts';

export interface DemoLead {
  accountId: string;
  campaignId: string;
  productKey: string;
  status: 'open' | 'contacted' | 'won' | 'lost';
  context: Record<string, unknown>;
  createdAt: Date;
}

export interface DemoRequest {
  accountId: string;
  userId: string;
  campaignId: string;
  productKey: string;
  note: string;
  createdAt: Date;
}

/** Generated accounts only: a persona's own prompt (and its lead or request) stays the visitor's to make. */
const GENERATED = /^acct_\d{4}$/;
const LEAD_STATUSES = ['open', 'open', 'contacted', 'open', 'won', 'lost'] as const;
const NOTES = [
  'We export reports to spreadsheets every week; can we try this?',
  'Our analysts asked for anomaly explanations before the board meeting.',
  'Could we get this for the data team only?',
  'Is there a trial we could start this month?',
];

/** The account facts a lead copies at routing time, in the shape server/services/decide-leads.ts writes. */
const facts = (a: DemoAccount) => ({
  id: a.id,
  segment: a.segment,
  industry: a.industry,
  seats: a.seats,
  plan: a.plan,
  mrr: a.mrr,
  healthScore: a.healthScore,
  renewalAt: a.renewalAt.toISOString(),
  owned: [...a.owned].sort(),
  name: a.name,
});

/**
 * What the prompts sent to people so far, for the console's Pipeline page: leads the enterprise
 * SSO campaign routed to sales, and members' requests for AI Insights. Pure and deterministic for
 * a given dataset and `now`.
 */
export function pipelineFor(data: DemoDataset, now: Date): { leads: DemoLead[]; requests: DemoRequest[] } {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const leads = data.accounts
    .filter(
      (a) =>
        GENERATED.test(a.id) &&
        a.segment === 'enterprise' &&
        !a.owned.includes('sso-security') &&
        a.signupAt.getTime() < before(30).getTime(),
    )
    .slice(0, LEAD_STATUSES.length)
    .map((a, i) => ({
      accountId: a.id,
      campaignId: DEMO_CAMPAIGN_IDS.enterpriseSso,
      productKey: 'sso-security',
      status: LEAD_STATUSES[i] ?? 'open',
      context: {
        account: facts(a),
        firedTriggers: ['days_since_signup'],
        affinity: null,
        motion: 'cross_sell_platform',
      },
      createdAt: before(2 + 3 * i),
    }));
  const lacking = new Set(
    data.accounts.filter((a) => GENERATED.test(a.id) && !a.owned.includes('ai-insights')).map((a) => a.id),
  );
  const requests = data.users
    .filter((u) => u.role === 'member' && lacking.has(u.accountId))
    .slice(0, NOTES.length)
    .map((u, i) => ({
      accountId: u.accountId,
      userId: u.id,
      campaignId: DEMO_CAMPAIGN_IDS.aiTrial,
      productKey: 'ai-insights',
      note: NOTES[i] ?? '',
      createdAt: before(1 + 2 * i),
    }));
  return { leads, requests };
}
