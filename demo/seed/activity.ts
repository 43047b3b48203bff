import { limitsOf, planOfProduct } from './catalog.ts';
import type { DemoAccount, DemoCounter, DemoEntitlement, DemoUsage } from './model.ts';
import { DAY_MS } from './model.ts';
import type { Rng } from './prng.ts';

/** Days of event history written per account (the engine reads up to 90). */
export const HISTORY_DAYS = 60;
/** Usage in the most recent days carries the account's trend (matches the default trend window). */
const RECENT_DAYS = 14;

export function usageFor(account: DemoAccount): DemoUsage[] {
  const { dashboards, data_rows_millions: rows } = limitsOf(account.plan, account.owned);
  return [
    {
      accountId: account.id,
      metric: 'dashboards',
      value: Math.round(dashboards * account.activity.quota.dashboards),
      limit: dashboards,
    },
    {
      accountId: account.id,
      metric: 'data_rows_millions',
      value: Math.round(rows * account.activity.quota.rows * 10) / 10,
      limit: rows,
    },
    {
      accountId: account.id,
      metric: 'seats',
      value: Math.max(1, Math.round(account.seats * 0.8)),
      limit: account.seats,
    },
  ];
}

/**
 * The plan on the signup day; the add-ons one after another in the order owned lists them (a
 * prerequisite before what needs it), the first within the account's first months, each later one
 * some while after the one before. So accounts past their first add-on keep adding, and those still
 * on the plan alone mostly stay there: the primer's multi-product NRR premium.
 */
export function entitlementsFor(rng: Rng, account: DemoAccount, now: Date): DemoEntitlement[] {
  const tenure = now.getTime() - account.signupAt.getTime();
  let previous: number | undefined;
  return account.owned.map((productKey) => {
    if (planOfProduct(productKey)) return { accountId: account.id, productKey, startedAt: account.signupAt };
    const at =
      previous === undefined
        ? account.signupAt.getTime() + Math.min(rng.int(14, 120) * DAY_MS, tenure * 0.5)
        : previous + (now.getTime() - previous) * (0.2 + rng.next() * 0.6);
    previous = at;
    return { accountId: account.id, productKey, startedAt: new Date(at) };
  });
}

const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Daily counts from a rate, with noise; occasional events land on random days. Weekends are quiet:
 * most teams do not open the product at all, which also keeps the row count (and seed time) down.
 */
function dailyCount(rng: Rng, rate: number, weekend: boolean): number {
  if (weekend && !rng.chance(0.3)) return 0;
  const r = weekend ? rate * 0.3 : rate;
  return Math.floor(r * (0.7 + rng.next() * 0.6) + rng.next());
}

/**
 * Account-wide daily counters for the last HISTORY_DAYS days (never before signup). With `userId`,
 * the same counts are also written for that user, as the widget's ingestion would.
 */
export function countersFor(rng: Rng, account: DemoAccount, now: Date, userId?: string): DemoCounter[] {
  const out: DemoCounter[] = [];
  const { activity } = account;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // Milestones fall after signup so every established account shows its activation in the window.
  const tenureDays = Math.floor((now.getTime() - account.signupAt.getTime()) / DAY_MS);
  const createdDays = new Set<number>();
  const latest = Math.max(0, Math.min(HISTORY_DAYS - 1, tenureDays - 1));
  for (let i = 0; i < activity.dashboardsCreated; i++) createdDays.add(rng.int(0, latest));
  for (let ago = HISTORY_DAYS - 1; ago >= 0; ago--) {
    const start = today - ago * DAY_MS;
    if (start + DAY_MS <= account.signupAt.getTime()) continue;
    const weekend = [0, 6].includes(new Date(start).getUTCDay());
    const factor = ago < RECENT_DAYS ? activity.trend : 1;
    const counts: Array<[string, number]> = [
      ['dashboard.viewed', dailyCount(rng, activity.viewsPerDay * factor, weekend)],
      ['report.exported', dailyCount(rng, activity.exportsPerDay, weekend)],
      ['dashboard.created', createdDays.has(ago) ? 1 : 0],
    ];
    for (const [name, count] of counts) {
      if (count <= 0) continue;
      // Office hours, but never before the signup nor after `now` (today's counters end at now).
      const opens = Math.max(start + 9 * 3_600_000, account.signupAt.getTime());
      const firstAt = new Date(Math.min(opens, now.getTime()));
      const lastAt = new Date(Math.max(firstAt.getTime(), Math.min(start + 17 * 3_600_000, now.getTime())));
      const day = dayKey(new Date(start));
      out.push({ accountId: account.id, userId: '', name, day, count, firstAt, lastAt });
      if (userId) out.push({ accountId: account.id, userId, name, day, count, firstAt, lastAt });
    }
  }
  return out;
}
