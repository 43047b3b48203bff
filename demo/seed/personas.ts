import { mrrOf, renewalAfter } from './accounts.ts';
import { PLAN_PRODUCT } from './catalog.ts';
import type { ActivityProfile, DemoAccount, DemoUser, Segment } from './model.ts';
import { daysBefore } from './model.ts';

export type PersonaKey =
  | 'onboarding'
  | 'power'
  | 'starter'
  | 'exporter'
  | 'member'
  | 'at_risk'
  | 'enterprise'
  | 'holdout';

/** What the user switcher shows and what the tests assert; user ids are fixed, account ids too except holdout's. */
export interface Persona {
  key: PersonaKey;
  label: string;
  /** What this user should experience, shown beside the switcher. */
  expectation: string;
  userId: string;
}

export const PERSONAS: readonly Persona[] = [
  {
    key: 'onboarding',
    label: 'New account (onboarding)',
    expectation: 'Sees nothing: never pitch during onboarding.',
    userId: 'user_onboarding_admin',
  },
  {
    key: 'power',
    label: 'Power user at 88% of dashboards',
    expectation: 'Capacity Pack callout.',
    userId: 'user_power_admin',
  },
  {
    key: 'starter',
    label: 'Starter team at 92% of dashboards',
    expectation: 'Upgrade to Professional, with the Starter plan credited.',
    userId: 'user_starter_admin',
  },
  {
    key: 'exporter',
    label: 'Exports reports every day',
    expectation: 'Automation banner with a guided trial.',
    userId: 'user_exporter_admin',
  },
  {
    key: 'member',
    label: 'Member without billing rights',
    expectation: 'Automation banner with "ask your admin".',
    userId: 'user_team_member',
  },
  {
    key: 'at_risk',
    label: 'At-risk account',
    expectation: 'Sees nothing: fix value first.',
    userId: 'user_at_risk_admin',
  },
  {
    key: 'enterprise',
    label: 'Enterprise account',
    expectation: 'SSO & Security routed to sales.',
    userId: 'user_enterprise_admin',
  },
  {
    key: 'holdout',
    label: 'Power user in the holdout',
    expectation: 'Sees nothing: held out to measure lift.',
    userId: 'user_holdout_admin',
  },
];

export function personaByKey(key: string): Persona | undefined {
  return PERSONAS.find((p) => p.key === key);
}

interface PersonaSpec {
  persona: PersonaKey;
  accountId: string;
  name: string;
  segment: Segment;
  seats: number;
  /** Add-ons owned; the plan's product (by segment) is added. */
  owned: string[];
  tenureDays: number;
  healthScore: number;
  activity: ActivityProfile;
  /** Role of the persona's own user; an admin is always added too. */
  role: DemoUser['role'];
}

const steady = (views: number, exports: number, dashboards: number, rows = 0.5): ActivityProfile => ({
  viewsPerDay: views,
  exportsPerDay: exports,
  trend: 1.15,
  dashboardsCreated: 6,
  quota: { dashboards, rows },
});

/** Candidate account ids for the holdout persona; the seed keeps the first one the engine holds out. */
export const HOLDOUT_CANDIDATES = Array.from(
  { length: 200 },
  (_, i) => `acct_holdout_${String(i + 1).padStart(3, '0')}`,
);

function specs(holdoutAccountId: string): PersonaSpec[] {
  return [
    {
      persona: 'onboarding',
      accountId: 'acct_onboarding',
      name: 'Fresh Start Labs',
      segment: 'smb',
      seats: 8,
      owned: [],
      tenureDays: 4,
      healthScore: 70,
      role: 'admin',
      activity: { ...steady(6, 0, 0.1), dashboardsCreated: 0 },
    },
    {
      persona: 'power',
      accountId: 'acct_power',
      name: 'Pioneer Robotics',
      segment: 'mid_market',
      seats: 120,
      owned: ['automation'],
      tenureDays: 420,
      healthScore: 88,
      role: 'admin',
      activity: steady(45, 0, 0.88),
    },
    {
      persona: 'starter',
      accountId: 'acct_bramble',
      name: 'Bramble Studio',
      segment: 'smb',
      seats: 16,
      owned: [],
      tenureDays: 240,
      healthScore: 84,
      role: 'admin',
      activity: steady(16, 0, 0.92),
    },
    {
      persona: 'exporter',
      accountId: 'acct_exporter',
      name: 'Copper Retail',
      segment: 'smb',
      seats: 18,
      owned: [],
      tenureDays: 300,
      healthScore: 81,
      role: 'admin',
      activity: steady(20, 3, 0.45),
    },
    {
      persona: 'member',
      accountId: 'acct_team',
      name: 'Juniper Media',
      segment: 'smb',
      seats: 22,
      owned: [],
      tenureDays: 260,
      healthScore: 77,
      role: 'member',
      activity: steady(24, 2.5, 0.4),
    },
    {
      persona: 'at_risk',
      accountId: 'acct_at_risk',
      name: 'Glacier Logistics',
      segment: 'mid_market',
      seats: 60,
      owned: [],
      tenureDays: 500,
      healthScore: 24,
      role: 'admin',
      activity: { ...steady(30, 3, 0.92), trend: 0.2 },
    },
    {
      persona: 'enterprise',
      accountId: 'acct_enterprise',
      name: 'Atlas Capital',
      segment: 'enterprise',
      seats: 1800,
      owned: ['warehouse-sync', 'automation', 'ai-insights', 'capacity-pack'],
      tenureDays: 700,
      healthScore: 90,
      role: 'admin',
      activity: steady(180, 0, 0.5),
    },
    {
      persona: 'holdout',
      accountId: holdoutAccountId,
      name: 'Summit Health',
      segment: 'mid_market',
      seats: 90,
      owned: ['automation'],
      tenureDays: 380,
      healthScore: 85,
      role: 'admin',
      activity: steady(40, 0, 0.9),
    },
  ];
}

const USER_NAMES: Record<PersonaKey, string> = {
  onboarding: 'Maya Okafor',
  power: 'Jonas Berg',
  starter: 'Lena Fischer',
  exporter: 'Priya Patel',
  member: 'Sam Rossi',
  at_risk: 'Olga Novak',
  enterprise: 'Victor Moreau',
  holdout: 'Grace Kim',
};

const PLAN = { smb: 'starter', mid_market: 'professional', enterprise: 'enterprise' } as const;

export interface PersonaData {
  accounts: DemoAccount[];
  users: DemoUser[];
  /** Persona user per account, so counters are also written per user. */
  counterUsers: Map<string, string>;
}

/** The persona accounts and users, with facts chosen so each lands in its promised decision. */
export function personaData(now: Date, holdoutAccountId: string): PersonaData {
  const out: PersonaData = { accounts: [], users: [], counterUsers: new Map() };
  for (const spec of specs(holdoutAccountId)) {
    const persona = PERSONAS.find((p) => p.key === spec.persona);
    if (!persona) throw new Error(`persona ${spec.persona} has no switcher entry`);
    // Mid-day signup so the tenure in whole days is the same whatever the seed's time of day.
    const signupAt = daysBefore(now, spec.tenureDays + 0.5);
    const plan = PLAN[spec.segment];
    const owned = [PLAN_PRODUCT[plan], ...spec.owned];
    out.accounts.push({
      id: spec.accountId,
      name: spec.name,
      segment: spec.segment,
      industry: 'saas',
      seats: spec.seats,
      plan,
      mrr: mrrOf(owned),
      healthScore: spec.healthScore,
      signupAt,
      // Keep personas out of the renewal window so their stage is the one designed here.
      renewalAt: new Date(Math.max(renewalAfter(signupAt, now).getTime(), daysBefore(now, -120).getTime())),
      attributes: { region: 'emea', open_deal: false, demo_persona: spec.persona },
      owned,
      activity: spec.activity,
    });
    const domain = `${spec.name.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
    out.users.push({
      id: persona.userId,
      accountId: spec.accountId,
      email: `${spec.persona.replace('_', '.')}@${domain}`,
      name: USER_NAMES[spec.persona],
      role: spec.role,
      locale: 'en',
    });
    if (spec.role !== 'admin') {
      out.users.push({
        id: `${persona.userId}_admin`,
        accountId: spec.accountId,
        email: `admin@${domain}`,
        name: 'Account admin',
        role: 'admin',
        locale: 'en',
      });
    }
    out.counterUsers.set(spec.accountId, persona.userId);
  }
  return out;
}
