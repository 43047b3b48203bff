import { PLAN_PRODUCT, productPrice } from './catalog.ts';
import { type ActivityProfile, DAY_MS, type DemoAccount, daysBefore, type Segment } from './model.ts';
import { companyName, INDUSTRIES } from './names.ts';
import type { Rng } from './prng.ts';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const PLAN_BY_SEGMENT = { smb: 'starter', mid_market: 'professional', enterprise: 'enterprise' } as const;

/**
 * Ownership with designed affinity: a latent "data maturity" drives Warehouse Sync, which in turn
 * drives Automation (strong pair, ≈60% attach rate vs ≈20% overall) and AI Insights (needs it);
 * enterprise buys SSO; legacy exports linger with old accounts that never automated.
 */
function ownership(rng: Rng, segment: Segment, tenureDays: number): string[] {
  const owned = [PLAN_PRODUCT[PLAN_BY_SEGMENT[segment]]];
  const maturity = clamp(
    { smb: 0.25, mid_market: 0.5, enterprise: 0.75 }[segment] + (rng.next() - 0.5) * 0.4,
    0,
    1,
  );
  const warehouse = rng.chance(0.05 + 0.45 * maturity);
  if (warehouse) owned.push('warehouse-sync');
  const automation = rng.chance(warehouse ? 0.62 : 0.07);
  if (automation) owned.push('automation');
  if (warehouse && rng.chance(0.15 + 0.35 * maturity)) owned.push('ai-insights');
  if (rng.chance({ smb: 0.08, mid_market: 0.2, enterprise: 0.3 }[segment])) owned.push('capacity-pack');
  if (rng.chance({ smb: 0.02, mid_market: 0.12, enterprise: 0.65 }[segment])) owned.push('sso-security');
  // Bought long ago, so the first add-on these accounts had (entitlementsFor keeps this order).
  if (!automation && rng.chance(tenureDays > 700 ? 0.3 : 0.02)) owned.splice(1, 0, 'legacy-exports');
  return owned;
}

function seatsFor(rng: Rng, segment: Segment): number {
  if (segment === 'smb') return rng.int(3, 25);
  if (segment === 'mid_market') return rng.int(26, 250);
  return rng.int(251, 3000);
}

/** Most accounts sit well under their quotas; about one in eight is past 85% of one. */
function quotaRatio(rng: Rng, hasCapacity: boolean): number {
  const band = rng.weighted([
    ['low', 0.7],
    ['high', 0.18],
    ['near', hasCapacity ? 0.02 : 0.12],
  ] as const);
  if (band === 'low') return 0.15 + rng.next() * 0.55;
  if (band === 'high') return 0.7 + rng.next() * 0.14;
  return 0.86 + rng.next() * 0.13;
}

function activityFor(
  rng: Rng,
  account: Pick<DemoAccount, 'segment' | 'owned'>,
  atRisk: boolean,
): ActivityProfile {
  const base = ({ smb: [8, 30], mid_market: [25, 90], enterprise: [70, 260] } as const)[account.segment];
  const automates = account.owned.includes('automation');
  // The workaround: teams without Automation export by hand; some do it every day.
  const exporter = !automates && rng.chance(0.18);
  const hasCapacity = account.owned.includes('capacity-pack');
  return {
    viewsPerDay: rng.int(base[0], base[1]),
    exportsPerDay: exporter ? 0.6 + rng.next() * 2.4 : rng.next() * 0.08,
    trend: atRisk ? 0.2 + rng.next() * 0.25 : 0.85 + rng.next() * 0.5,
    dashboardsCreated: rng.int(2, 10),
    quota: { dashboards: quotaRatio(rng, hasCapacity), rows: quotaRatio(rng, hasCapacity) * 0.9 },
  };
}

/** The plan's price plus the add-ons', per month. */
export function mrrOf(owned: string[]): number {
  return owned.reduce((sum, k) => sum + productPrice(k), 0);
}

/** The next anniversary of the signup date after `now`. */
export function renewalAfter(signupAt: Date, now: Date): Date {
  const renewal = new Date(signupAt);
  while (renewal <= now) renewal.setUTCFullYear(renewal.getUTCFullYear() + 1);
  return renewal;
}

/** One ordinary customer of Lumen; 5% are still onboarding and own only the anchor. */
export function generateAccount(rng: Rng, id: string, now: Date): DemoAccount {
  const segment = rng.weighted<Segment>([
    ['smb', 0.6],
    ['mid_market', 0.3],
    ['enterprise', 0.1],
  ]);
  const onboarding = rng.chance(0.05);
  const tenureDays = onboarding ? rng.int(1, 12) : rng.int(30, 1100);
  const signupAt = new Date(daysBefore(now, tenureDays).getTime() - rng.int(0, DAY_MS - 1));
  const plan = PLAN_BY_SEGMENT[segment];
  const owned = onboarding ? [PLAN_PRODUCT[plan]] : ownership(rng, segment, tenureDays);
  const atRisk = !onboarding && rng.chance(0.1);
  const activity = activityFor(rng, { segment, owned }, atRisk);
  if (onboarding) activity.dashboardsCreated = 0;
  return {
    id,
    name: companyName(rng),
    segment,
    industry: rng.pick(INDUSTRIES),
    seats: seatsFor(rng, segment),
    plan,
    mrr: mrrOf(owned),
    healthScore: atRisk ? rng.int(12, 38) : rng.int(45, 98),
    signupAt,
    renewalAt: renewalAfter(signupAt, now),
    attributes: { region: rng.pick(['na', 'emea', 'apac', 'latam']), open_deal: false },
    owned,
    activity,
  };
}
