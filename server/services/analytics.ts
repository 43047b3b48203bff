import type { z } from 'zod';
import {
  type Activation,
  type AdoptionMatrix,
  type AnalyticsQuery,
  type CampaignDaily,
  type CampaignFunnel,
  type CampaignLift,
  type CopyExperiment,
  type ExpansionMrr,
  MOTION_BENCHMARKS,
  type MotionConversion,
  type MrrMovements,
  MULTI_PRODUCT_NRR_PREMIUM,
  type NetRevenueRetention,
  type PortfolioMetrics,
  type ProductsPerCustomer,
  REVENUE_MIX_BENCHMARK,
  type RevenueMix,
  type TimeToSecond,
  TRIAL_BENCHMARK,
  type TrialConversion,
} from '../../shared/analytics.ts';
import {
  CampaignDefinition,
  type CampaignRevision,
  CopyVariants,
  type Motion,
} from '../../shared/campaign.ts';
import {
  type AnalyticsFilter,
  activationRows,
  campaignDailyRows,
  copyVariantRows,
  expansionByMonth,
  funnelRows,
  liftArms,
  trialCounts,
  variantsByVersion,
} from '../db/queries/analytics.ts';
import { findCampaign, listRevisions } from '../db/queries/campaigns.ts';
import {
  mrrMovementRows,
  ownershipBuckets,
  ownershipMasks,
  retentionCohorts,
  secondProductStats,
} from '../db/queries/portfolio.ts';
import { changesInPeriod } from '../domain/campaign-changes.ts';
import { copyExperimentResults } from '../domain/copy-experiment.ts';
import { variantShares } from '../domain/copy-variant.ts';
import { dailySeries } from '../domain/daily-series.ts';
import { incrementalLift } from '../domain/lift.ts';
import {
  adoptionMatrix,
  monthEnds,
  movementInstants,
  mrrMovements,
  netRevenueRetention,
  productsPerCustomer,
  revenueMix,
} from '../domain/portfolio.ts';
import { sampleRatio } from '../domain/sample-ratio.ts';
import { DAY_MS, monthSpan, yearBefore } from '../domain/time.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { histogramToRows } from './affinity.ts';
import { loadCatalog } from './catalog-cache.ts';

const DEFAULT_RANGE_DAYS = 90;

/** Resolves the query's range (default: the last 90 days) and checks it. */
export function analyticsFilter(deps: AppDeps, workspaceId: string, q: AnalyticsQuery): AnalyticsFilter {
  const to = q.to ? new Date(q.to) : deps.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new ApiError(400, 'validation_failed', '`from` must be before `to`');
  return {
    workspaceId,
    from,
    to,
    segment: q.segment,
    plan: q.plan,
    signedUp: q.cohort ? monthSpan(q.cohort) : undefined,
    campaignId: q.campaign,
    motion: q.motion,
  };
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
  const { name: _name, status: _status, motion: _motion, ...funnel } = row;
  return funnel;
}

/** One campaign's funnel day by day over the period, for its trend chart. */
export async function campaignDaily(
  deps: AppDeps,
  f: AnalyticsFilter,
  campaignId: string,
): Promise<CampaignDaily> {
  if (!(await findCampaign(deps.database.db, f.workspaceId, campaignId)))
    throw new ApiError(404, 'campaign_not_found', `No campaign ${campaignId}`);
  const [rows, revisions] = await Promise.all([
    campaignDailyRows(deps.database, f, campaignId),
    listRevisions(deps.database.db, f.workspaceId, campaignId),
  ]);
  const oldestFirst = revisions
    .reverse()
    .map((r) => ({ ...r, action: r.action as CampaignRevision['action'] }));
  return {
    campaignId,
    days: dailySeries(f.from, f.to, rows),
    changes: changesInPeriod(oldestFirst, f.from, f.to),
  };
}

/** One campaign's copy experiment over the period: each copy beside the original. */
export async function copyExperiment(
  deps: AppDeps,
  f: AnalyticsFilter,
  campaignId: string,
): Promise<CopyExperiment> {
  const campaign = await findCampaign(deps.database.db, f.workspaceId, campaignId);
  if (!campaign) throw new ApiError(404, 'campaign_not_found', `No campaign ${campaignId}`);
  const current = variantShares(CampaignDefinition.parse(campaign.definition));
  const rows = await copyVariantRows(deps.database, f, campaignId);
  const versions = [...new Set(rows.map((r) => r.version))];
  const history = await variantsByVersion(deps.database, f.workspaceId, campaignId, versions);
  const sharesByVersion = new Map<number, ReadonlyMap<string, number>>();
  for (const [version, raw] of history) {
    // A version written before variants existed has none: all its accounts got the original.
    const variants = CopyVariants.safeParse(raw);
    if (variants.success) sharesByVersion.set(version, variantShares({ variants: variants.data }));
  }
  return { campaignId, ...copyExperimentResults(current, sharesByVersion, rows) };
}

export async function lift(deps: AppDeps, f: AnalyticsFilter): Promise<{ data: CampaignLift[] }> {
  const arms = await liftArms(deps.database, f);
  const byCampaign = new Map<string, { name: string; t: Arm; c: Arm; holdoutPercentSum: number }>();
  for (const r of arms) {
    const entry = byCampaign.get(r.campaignId) ?? {
      name: r.name,
      t: emptyArm(),
      c: emptyArm(),
      holdoutPercentSum: 0,
    };
    const arm = r.holdout ? entry.c : entry.t;
    arm.accounts += r.accounts;
    arm.converted += r.converted;
    entry.holdoutPercentSum += r.holdoutPercentSum;
    byCampaign.set(r.campaignId, entry);
  }
  return {
    data: [...byCampaign.entries()].map(([campaignId, { name, t, c, holdoutPercentSum }]) => {
      const result = incrementalLift(t, c);
      // Every campaign listed has at least one account: its rows come from its decisions.
      // Averaged in percent first: one setting throughout gives exactly its share (10 → 0.1).
      const expectedShare = holdoutPercentSum / (t.accounts + c.accounts) / 100;
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
        sampleRatio: sampleRatio(t.accounts, c.accounts, expectedShare),
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

/** Monthly list price of each product, minor units (yearly prices spread over 12 months). */
async function prices(deps: AppDeps, workspaceId: string) {
  const catalog = await loadCatalog(deps.database.db, workspaceId);
  const monthly = new Map<string, number>();
  let currency: string | null = null;
  for (const p of catalog.products.values()) {
    monthly.set(p.key, p.price.interval === 'year' ? Math.round(p.price.amount / 12) : p.price.amount);
    currency ??= p.price.currency;
  }
  return { monthly, currency };
}

/** The instant just before each month end: the state a month closed with. */
const monthCloses = (f: AnalyticsFilter) => monthEnds(f.from, f.to).map((end) => new Date(end.getTime() - 1));

export async function portfolio(deps: AppDeps, f: AnalyticsFilter): Promise<PortfolioMetrics> {
  const ends = monthEnds(f.from, f.to);
  const closes = monthCloses(f);
  const price = await prices(deps, f.workspaceId);
  const [buckets, seconds, expansion] = await Promise.all([
    ownershipBuckets(deps.database, f, [...closes, f.to], price.monthly),
    secondProductStats(deps.database, f, new Date(0), ends),
    expansionByMonth(deps.database, f),
  ]);
  const mrrByMonth = new Map(expansion.map((e) => [e.month, e.mrr]));
  const points = closes.map((at, i) => {
    const ppc = productsPerCustomer(buckets[i] ?? []);
    return {
      date: at.toISOString().slice(0, 10),
      productsPerCustomerMean: ppc.mean ?? 0,
      productsPerCustomerMedian: ppc.median ?? 0,
      multiProductRevenueShare: revenueMix(buckets[i] ?? []).multiShare ?? 0,
      expansionMrr: mrrByMonth.get(at.toISOString().slice(0, 7)) ?? 0,
      timeToSecondProductDays: seconds[i]?.medianDays ?? null,
    };
  });
  return {
    currency: price.currency ?? 'USD',
    points,
    distribution: productsPerCustomer(buckets[closes.length] ?? []).distribution,
  };
}

export async function productsPerCustomerReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof ProductsPerCustomer>> {
  const closes = monthCloses(f);
  const buckets = await ownershipBuckets(deps.database, f, [...closes, f.to], new Map());
  const trend = closes.map((at, i) => {
    const { customers, mean, median } = productsPerCustomer(buckets[i] ?? []);
    return { month: at.toISOString().slice(0, 7), customers, mean, median };
  });
  return { ...productsPerCustomer(buckets[closes.length] ?? []), trend };
}

export async function timeToSecondReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof TimeToSecond>> {
  const [stats] = await secondProductStats(deps.database, f, f.from, [f.to]);
  return stats ?? { accounts: 0, medianDays: null, meanDays: null };
}

export async function adoption(deps: AppDeps, f: AnalyticsFilter): Promise<z.infer<typeof AdoptionMatrix>> {
  const [masks, catalog] = await Promise.all([
    ownershipMasks(deps.database, f, f.to),
    loadCatalog(deps.database.db, f.workspaceId),
  ]);
  return adoptionMatrix(histogramToRows(masks, catalog.bits));
}

export async function revenueMixReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<z.infer<typeof RevenueMix>> {
  const price = await prices(deps, f.workspaceId);
  const [buckets] = await ownershipBuckets(deps.database, f, [f.to], price.monthly);
  return { currency: price.currency, ...revenueMix(buckets ?? []), benchmark: REVENUE_MIX_BENCHMARK };
}

/** Net revenue retention over the 12 months to the period's end (segment applies). */
export async function netRevenueRetentionReport(
  deps: AppDeps,
  f: AnalyticsFilter,
): Promise<NetRevenueRetention> {
  const start = yearBefore(f.to);
  const price = await prices(deps, f.workspaceId);
  const rows = await retentionCohorts(deps.database, f, start, f.to, price.monthly);
  return {
    from: start.toISOString(),
    to: f.to.toISOString(),
    currency: price.currency,
    ...netRevenueRetention(rows),
    benchmark: MULTI_PRODUCT_NRR_PREMIUM,
  };
}

/**
 * MRR movements per month of the period and the expansion velocity (segment, plan and signup
 * cohort apply, as accounts are now; the motion and campaign filters do not: a portfolio figure).
 */
export async function mrrMovementsReport(deps: AppDeps, f: AnalyticsFilter): Promise<MrrMovements> {
  const instants = movementInstants(f.from, f.to);
  const price = await prices(deps, f.workspaceId);
  const rows = await mrrMovementRows(deps.database, f, instants, price.monthly);
  return { currency: price.currency, ...mrrMovements(rows, instants) };
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
