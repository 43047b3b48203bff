import type { z } from 'zod';
import {
  type Activation,
  type AdoptionMatrix,
  type AnalyticsQuery,
  type CampaignFunnel,
  type CampaignLift,
  type ExpansionMrr,
  MOTION_BENCHMARKS,
  type MotionConversion,
  type PortfolioMetrics,
  type ProductsPerCustomer,
  REVENUE_MIX_BENCHMARK,
  type RevenueMix,
  type TimeToSecond,
  TRIAL_BENCHMARK,
  type TrialConversion,
} from '../../shared/analytics.ts';
import type { Motion } from '../../shared/campaign.ts';
import {
  type AnalyticsFilter,
  activationRows,
  expansionByMonth,
  funnelRows,
  liftArms,
  paidSpans,
  trialCounts,
} from '../db/queries/analytics.ts';
import { incrementalLift } from '../domain/lift.ts';
import {
  adoptionMatrix,
  type MonthlyPrices,
  monthEnds,
  productsPerCustomer,
  revenueMix,
  timeToSecond,
} from '../domain/portfolio.ts';
import { DAY_MS } from '../domain/time.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { loadCatalog } from './catalog-cache.ts';

const DEFAULT_RANGE_DAYS = 90;

/** Resolves the query's range (default: the last 90 days) and checks it. */
export function analyticsFilter(deps: AppDeps, workspaceId: string, q: AnalyticsQuery): AnalyticsFilter {
  const to = q.to ? new Date(q.to) : deps.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new ApiError(400, 'validation_failed', '`from` must be before `to`');
  return { workspaceId, from, to, segment: q.segment, campaignId: q.campaign, motion: q.motion };
}

export async function funnels(deps: AppDeps, f: AnalyticsFilter) {
  return { data: await funnelRows(deps.database, f) };
}

export async function campaignFunnel(
  deps: AppDeps,
  f: AnalyticsFilter,
  campaignId: string,
): Promise<CampaignFunnel> {
  const [row] = await funnelRows(deps.database, { ...f, campaignId });
  if (!row) throw new ApiError(404, 'campaign_not_found', `No campaign ${campaignId}`);
  const { name: _name, motion: _motion, ...funnel } = row;
  return funnel;
}

export async function lift(deps: AppDeps, f: AnalyticsFilter): Promise<{ data: CampaignLift[] }> {
  const arms = await liftArms(deps.database, f);
  const byCampaign = new Map<string, { name: string; t: Arm; c: Arm }>();
  for (const r of arms) {
    const entry = byCampaign.get(r.campaignId) ?? { name: r.name, t: emptyArm(), c: emptyArm() };
    const arm = r.holdout ? entry.c : entry.t;
    arm.accounts += r.accounts;
    arm.converted += r.converted;
    byCampaign.set(r.campaignId, entry);
  }
  return {
    data: [...byCampaign.entries()].map(([campaignId, { name, t, c }]) => {
      const result = incrementalLift(t, c);
      return {
        campaignId,
        name,
        treatment: { accounts: t.accounts, conversions: t.converted, rate: result.treatmentRate ?? 0 },
        holdout: { accounts: c.accounts, conversions: c.converted, rate: result.holdoutRate ?? 0 },
        lift: result.absolute,
        interval: result.ci95,
        relative: result.relative,
        significant: result.significant,
        reliable: result.reliable,
      };
    }),
  };
}

interface Arm {
  accounts: number;
  converted: number;
}
const emptyArm = (): Arm => ({ accounts: 0, converted: 0 });

/** Conversion of treated accounts per motion, beside the field's benchmark. */
export async function motions(deps: AppDeps, f: AnalyticsFilter): Promise<{ data: MotionConversion[] }> {
  const arms = (await liftArms(deps.database, f)).filter((r) => !r.holdout);
  const byMotion = new Map<string, Arm>();
  for (const r of arms) {
    const arm = byMotion.get(r.motion) ?? emptyArm();
    arm.accounts += r.accounts;
    arm.converted += r.converted;
    byMotion.set(r.motion, arm);
  }
  return {
    data: [...byMotion.entries()]
      .filter(([motion]) => motion in MOTION_BENCHMARKS)
      .map(([motion, arm]) => ({
        motion: motion as Motion,
        served: arm.accounts,
        conversions: arm.converted,
        rate: arm.accounts > 0 ? arm.converted / arm.accounts : 0,
        benchmark: MOTION_BENCHMARKS[motion as Motion],
      })),
  };
}

async function prices(deps: AppDeps, workspaceId: string) {
  const catalog = await loadCatalog(deps.database.db, workspaceId);
  const monthly = new Map<string, number>();
  let currency: string | null = null;
  for (const p of catalog.products.values()) {
    monthly.set(p.key, p.price.interval === 'year' ? Math.round(p.price.amount / 12) : p.price.amount);
    currency ??= p.price.currency;
  }
  return { monthly: monthly as MonthlyPrices, currency };
}

export async function portfolio(deps: AppDeps, f: AnalyticsFilter): Promise<PortfolioMetrics> {
  const [spans, price, expansion] = await Promise.all([
    paidSpans(deps.database, f),
    prices(deps, f.workspaceId),
    expansionByMonth(deps.database, f),
  ]);
  const mrrByMonth = new Map(expansion.map((e) => [e.month, e.mrr]));
  const points = monthEnds(f.from, f.to).map((end) => {
    const at = new Date(end.getTime() - 1);
    const ppc = productsPerCustomer(spans, at);
    const mix = revenueMix(spans, price.monthly, at);
    return {
      date: at.toISOString().slice(0, 10),
      productsPerCustomerMean: ppc.mean ?? 0,
      productsPerCustomerMedian: ppc.median ?? 0,
      multiProductRevenueShare: mix.multiShare ?? 0,
      expansionMrr: mrrByMonth.get(at.toISOString().slice(0, 7)) ?? 0,
      timeToSecondProductDays: timeToSecond(spans, new Date(0), end).medianDays,
    };
  });
  return {
    currency: price.currency ?? 'USD',
    points,
    distribution: productsPerCustomer(spans, f.to).distribution,
  };
}

export async function productsPerCustomerReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof ProductsPerCustomer>> {
  const spans = await paidSpans(deps.database, f);
  const now = productsPerCustomer(spans, f.to);
  const trend = monthEnds(f.from, f.to).map((end) => {
    const at = new Date(end.getTime() - 1);
    const p = productsPerCustomer(spans, at);
    return { month: at.toISOString().slice(0, 7), customers: p.customers, mean: p.mean, median: p.median };
  });
  return { ...now, trend };
}

export async function timeToSecondReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof TimeToSecond>> {
  return timeToSecond(await paidSpans(deps.database, f), f.from, f.to);
}

export async function adoption(deps: AppDeps, f: AnalyticsFilter): Promise<z.infer<typeof AdoptionMatrix>> {
  return adoptionMatrix(await paidSpans(deps.database, f), f.to);
}

export async function revenueMixReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof RevenueMix>> {
  const [spans, price] = await Promise.all([paidSpans(deps.database, f), prices(deps, f.workspaceId)]);
  return {
    currency: price.currency,
    ...revenueMix(spans, price.monthly, f.to),
    benchmark: REVENUE_MIX_BENCHMARK,
  };
}

export async function expansionMrr(deps: AppDeps, f: AnalyticsFilter): Promise<z.infer<typeof ExpansionMrr>> {
  const rows = await expansionByMonth(deps.database, f);
  return {
    currency: rows[0]?.currency ?? null,
    months: rows.map(({ month, purchases, mrr }) => ({ month, purchases, mrr })),
  };
}

export async function trialConversion(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof TrialConversion>> {
  const c = await trialCounts(deps.database, f);
  const decided = c.converted + c.expired;
  return { ...c, rate: decided > 0 ? c.converted / decided : null, benchmark: TRIAL_BENCHMARK };
}

export async function activation(
  deps: AppDeps,
  f: AnalyticsFilter,
  days: number,
): Promise<z.infer<typeof Activation>> {
  const byProduct = await activationRows(deps.database, f, days);
  const purchases = byProduct.reduce((s, r) => s + r.purchases, 0);
  const activated = byProduct.reduce((s, r) => s + r.activated, 0);
  return { days, purchases, activated, rate: purchases > 0 ? activated / purchases : null, byProduct };
}
