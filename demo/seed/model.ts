/** Plain rows the generators produce and the writer inserts; no database types leak in here. */
import type { Plan } from './catalog.ts';

export type Segment = 'smb' | 'mid_market' | 'enterprise';

/** How an account behaves over the generated window; drives usage metrics and event counters. */
export interface ActivityProfile {
  /** Dashboard views per weekday at the start of the window. */
  viewsPerDay: number;
  /** Report exports per weekday (the "export to a spreadsheet" workaround). */
  exportsPerDay: number;
  /** Recent-to-earlier usage ratio: below 1 falling, above 1 growing. */
  trend: number;
  /** Dashboards created (the activation milestone) over the window. */
  dashboardsCreated: number;
  /** Share of each quota in use. */
  quota: { dashboards: number; rows: number };
}

export interface DemoAccount {
  id: string;
  name: string;
  segment: Segment;
  industry: string;
  seats: number;
  plan: Plan;
  /** Minor units (cents) per month, like every price in Attach. */
  mrr: number;
  healthScore: number;
  signupAt: Date;
  renewalAt: Date;
  attributes: Record<string, unknown>;
  /** Product keys owned (active), the plan's product first. */
  owned: string[];
  activity: ActivityProfile;
}

export interface DemoUser {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: 'admin' | 'billing' | 'member';
  locale: string;
}

export interface DemoEntitlement {
  accountId: string;
  productKey: string;
  startedAt: Date;
  /** A former customer's: the day it stopped paying. */
  endedAt?: Date;
}

export interface DemoUsage {
  accountId: string;
  metric: string;
  value: number;
  limit: number;
}

export interface DemoCounter {
  accountId: string;
  /** '' for the account-wide row. */
  userId: string;
  name: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

export interface DemoDataset {
  accounts: DemoAccount[];
  /** Accounts that stopped paying in the last year (former.ts): in no campaign, owning nothing now. */
  former: DemoAccount[];
  users: DemoUser[];
  entitlements: DemoEntitlement[];
  usage: DemoUsage[];
  counters: DemoCounter[];
}

export const DAY_MS = 86_400_000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
