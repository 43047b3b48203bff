import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  Activation,
  AdoptionMatrix,
  AnalyticsQuery,
  CampaignDaily,
  CampaignFunnel,
  CampaignFunnelList,
  CampaignLiftList,
  CopyExperiment,
  ExpansionMrr,
  MAX_ACTIVATION_DAYS,
  MotionConversionList,
  MrrMovements,
  NetRevenueRetention,
  PortfolioMetrics,
  ProductsPerCustomer,
  RevenueMix,
  TimeToSecond,
  TrialConversion,
} from '../../../shared/analytics.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { createRouter } from '../../http/router.ts';
import type { AppEnv } from '../../http/types.ts';
import {
  activation,
  adoption,
  analyticsFilter,
  campaignDaily,
  campaignFunnel,
  copyExperiment,
  expansionMrr,
  funnels,
  lift,
  motions,
  mrrMovementsReport,
  netRevenueRetentionReport,
  portfolio,
  productsPerCustomerReport,
  revenueMixReport,
  timeToSecondReport,
  trialConversion,
} from '../../services/analytics.ts';
import { campaignResultsCsv } from '../../services/analytics-export.ts';
import { json } from './route-kit.ts';

export const analyticsRoutes = createRouter();

const errors = {
  400: json(ErrorEnvelope, 'Invalid filters'),
  401: json(ErrorEnvelope, 'Missing or wrong secret key'),
};
const common = { tags: ['Analytics'], security: [{ secretKey: [] }] };

const filterOf = (c: Context<AppEnv>, q: AnalyticsQuery) =>
  analyticsFilter(c.var.deps, c.var.workspace.row.id, q);

/** One GET route per report: same filters, one service call. */
function report<T extends z.ZodType>(
  path: string,
  summary: string,
  schema: T,
  run: (c: Context<AppEnv>, q: AnalyticsQuery) => Promise<z.infer<T>>,
) {
  analyticsRoutes.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: `/analytics/${path}`,
      summary,
      request: { query: AnalyticsQuery },
      responses: { 200: json(schema, summary), ...errors },
    }),
    async (c) => c.json(await run(c, c.req.valid('query')), 200) as never,
  );
}

report(
  'funnel',
  'Per-campaign funnel (distinct accounts per stage) with revenue',
  CampaignFunnelList,
  (c, q) => funnels(c.var.deps, filterOf(c, q)),
);
report(
  'lift',
  'Incremental lift over the holdout with a 95% interval, per campaign',
  CampaignLiftList,
  (c, q) => lift(c.var.deps, filterOf(c, q)),
);
report('motions', 'Conversion per motion beside the benchmark ranges', MotionConversionList, (c, q) =>
  motions(c.var.deps, filterOf(c, q)),
);
report(
  'portfolio',
  'Monthly portfolio series and today’s products-per-customer distribution',
  PortfolioMetrics,
  (c, q) => portfolio(c.var.deps, filterOf(c, q)),
);
report(
  'products-per-customer',
  'Products per customer: mean, median, distribution, monthly trend',
  ProductsPerCustomer,
  (c, q) => productsPerCustomerReport(c.var.deps, filterOf(c, q)),
);
report('time-to-second-product', 'Days from first to second product (median, mean)', TimeToSecond, (c, q) =>
  timeToSecondReport(c.var.deps, filterOf(c, q)),
);
report('adoption', 'Cross-product adoption matrix (attach rates)', AdoptionMatrix, (c, q) =>
  adoption(c.var.deps, filterOf(c, q)),
);
report('revenue-mix', 'Revenue from single- vs multi-product customers', RevenueMix, (c, q) =>
  revenueMixReport(c.var.deps, filterOf(c, q)),
);
report(
  'net-revenue-retention',
  'Net revenue retention over the 12 months to the period’s end, single- vs multi-product customers',
  NetRevenueRetention,
  (c, q) => netRevenueRetentionReport(c.var.deps, filterOf(c, q)),
);
report('expansion-mrr', 'New MRR from purchases by month', ExpansionMrr, (c, q) =>
  expansionMrr(c.var.deps, filterOf(c, q)),
);
report(
  'mrr-movements',
  'MRR movements by month (new, expansion, contraction, churn) and expansion velocity',
  MrrMovements,
  (c, q) => mrrMovementsReport(c.var.deps, filterOf(c, q)),
);
report('trials', 'Trial conversion rate beside the 40–60% benchmark', TrialConversion, (c, q) =>
  trialConversion(c.var.deps, filterOf(c, q)),
);

analyticsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/analytics/activation',
    summary: 'Post-purchase activation: purchases whose product was used within N days',
    request: {
      query: AnalyticsQuery.extend({
        days: z.coerce.number().int().min(1).max(MAX_ACTIVATION_DAYS).default(14),
      }),
    },
    responses: { 200: json(Activation, 'Activation'), ...errors },
  }),
  async (c) => {
    const { days, ...q } = c.req.valid('query');
    return c.json(await activation(c.var.deps, filterOf(c, q), days), 200);
  },
);

analyticsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/analytics/campaigns.csv',
    summary: 'Every campaign’s funnel, revenue and holdout lift as one CSV, for a spreadsheet',
    description:
      'One row per campaign, for the same filters as the JSON reports: distinct accounts per funnel step, revenue in major units, conversion of each holdout arm and the lift with its 95 % interval (fractions). Sent as a download (`Content-Disposition: attachment`); text a spreadsheet would run as a formula is prefixed with an apostrophe.',
    request: { query: AnalyticsQuery },
    responses: {
      200: { description: 'CSV, a header line first', content: { 'text/csv': { schema: z.string() } } },
      ...errors,
    },
  }),
  async (c) => {
    const f = filterOf(c, c.req.valid('query'));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return c.body(await campaignResultsCsv(c.var.deps, f), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attach-campaigns-${day(f.from)}-to-${day(f.to)}.csv"`,
    });
  },
);

analyticsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/analytics/campaigns/{id}/daily',
    summary: 'One campaign’s funnel day by day: accounts that saw it, clicked, started a trial, bought',
    request: { params: z.object({ id: z.uuid() }), query: AnalyticsQuery },
    responses: {
      200: json(CampaignDaily, 'Daily funnel'),
      404: json(ErrorEnvelope, 'No such campaign'),
      ...errors,
    },
  }),
  async (c) =>
    c.json(await campaignDaily(c.var.deps, filterOf(c, c.req.valid('query')), c.req.valid('param').id), 200),
);

analyticsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/analytics/campaigns/{id}/variants',
    summary:
      'One campaign’s copy experiment: each copy’s treated accounts and conversion beside the original’s',
    request: { params: z.object({ id: z.uuid() }), query: AnalyticsQuery },
    responses: {
      200: json(CopyExperiment, 'Copy experiment'),
      404: json(ErrorEnvelope, 'No such campaign'),
      ...errors,
    },
  }),
  async (c) =>
    c.json(await copyExperiment(c.var.deps, filterOf(c, c.req.valid('query')), c.req.valid('param').id), 200),
);

analyticsRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/analytics/campaigns/{id}/funnel',
    summary: 'One campaign’s funnel',
    request: { params: z.object({ id: z.uuid() }), query: AnalyticsQuery },
    responses: {
      200: json(CampaignFunnel, 'Funnel'),
      404: json(ErrorEnvelope, 'No such campaign'),
      ...errors,
    },
  }),
  async (c) =>
    c.json(await campaignFunnel(c.var.deps, filterOf(c, c.req.valid('query')), c.req.valid('param').id), 200),
);
