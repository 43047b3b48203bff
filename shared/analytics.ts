import { z } from 'zod';
import { Motion } from './campaign.ts';

/**
 * Analytics read by the console (domain.md "Metrics a product manager expects"). Proposed by the
 * console with the shapes its charts need; the money path owns the routes under /v1/admin/analytics.
 */

/** `from`/`to` bound every analytics query; the default is the last 90 days. */
export const AnalyticsRange = z.object({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

/**
 * `GET /v1/admin/analytics/campaigns/{id}/funnel`: eligible → shown → clicked → trial → converted.
 *
 * @example
 * const clickThrough = funnel.clicked / Math.max(funnel.shown, 1);
 */
export const CampaignFunnel = z
  .object({
    campaignId: z.uuid(),
    /** Decisions where the user was eligible, held-out ones included. */
    eligible: z.number().int(),
    heldOut: z.number().int(),
    /** Impressions: `message.shown` events. */
    shown: z.number().int(),
    clicked: z.number().int(),
    dismissed: z.number().int(),
    trialsStarted: z.number().int(),
    /** Purchases attributed to the campaign (from its prompt or its trial). */
    converted: z.number().int(),
    /** Revenue of those purchases per interval, minor units. */
    revenue: z.number().int(),
    currency: z.string().nullable(),
  })
  .meta({ id: 'CampaignFunnel' });
export type CampaignFunnel = z.infer<typeof CampaignFunnel>;

/** Conversion of one arm of the holdout experiment. */
export const LiftArm = z.object({
  accounts: z.number().int(),
  conversions: z.number().int(),
  rate: z.number(),
});

/**
 * `GET /v1/admin/analytics/lift`: treatment vs randomised holdout per campaign. `lift` is the
 * difference in conversion rate (treatment − holdout) with its 95 % interval; null without data.
 */
export const CampaignLift = z
  .object({
    campaignId: z.uuid(),
    name: z.string(),
    treatment: LiftArm,
    holdout: LiftArm,
    lift: z.number().nullable(),
    interval: z.object({ low: z.number(), high: z.number() }).nullable(),
  })
  .meta({ id: 'CampaignLift' });
export type CampaignLift = z.infer<typeof CampaignLift>;
export const CampaignLiftList = z.object({ data: z.array(CampaignLift) }).meta({ id: 'CampaignLiftList' });

/** One day (or week) of portfolio metrics. */
export const PortfolioPoint = z.object({
  date: z.iso.date(),
  productsPerCustomerMean: z.number(),
  productsPerCustomerMedian: z.number(),
  /** Share of revenue from customers with 2+ products (healthy: 0.5–0.7). */
  multiProductRevenueShare: z.number(),
  /** New expansion MRR in the period, minor units. */
  expansionMrr: z.number().int(),
  /** Median days from first purchase to second product, over accounts that reached it so far. */
  timeToSecondProductDays: z.number().nullable(),
});
export type PortfolioPoint = z.infer<typeof PortfolioPoint>;

/** `GET /v1/admin/analytics/portfolio`: the series, oldest first, and today's distribution. */
export const PortfolioMetrics = z
  .object({
    currency: z.string(),
    points: z.array(PortfolioPoint),
    /** Accounts by number of products owned now. */
    distribution: z.array(z.object({ products: z.number().int(), accounts: z.number().int() })),
  })
  .meta({ id: 'PortfolioMetrics' });
export type PortfolioMetrics = z.infer<typeof PortfolioMetrics>;

/** `GET /v1/admin/analytics/motions`: conversion per expansion motion beside the field's benchmark. */
export const MotionConversion = z
  .object({
    motion: Motion,
    served: z.number().int(),
    conversions: z.number().int(),
    rate: z.number(),
    /** Typical conversion when triggered well (domain.md), e.g. 0.08–0.15 for add-ons. */
    benchmark: z.object({ low: z.number(), high: z.number() }),
  })
  .meta({ id: 'MotionConversion' });
export type MotionConversion = z.infer<typeof MotionConversion>;
export const MotionConversionList = z
  .object({ data: z.array(MotionConversion) })
  .meta({ id: 'MotionConversionList' });
