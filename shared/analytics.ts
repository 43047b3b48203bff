import { z } from 'zod';
import { CampaignChangeAction, Motion } from './campaign.ts';

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
    /** Every step counts distinct accounts (holdout is per account; seats of one account count once).
     * Eligible: accounts with a decision where a user was eligible, held-out ones included. */
    eligible: z.number().int(),
    heldOut: z.number().int(),
    /** Eligible accounts in the treatment group (a decision not held out): the funnel's first step,
     * since held-out accounts are never shown the message by design. */
    treated: z.number().int(),
    /** Accounts where a user saw the message (`message.shown`). */
    shown: z.number().int(),
    clicked: z.number().int(),
    dismissed: z.number().int(),
    trialsStarted: z.number().int(),
    /** Accounts with a purchase attributed to the campaign (from its prompt or its trial). */
    converted: z.number().int(),
    /** Revenue of those purchases per interval, minor units. */
    revenue: z.number().int(),
    currency: z.string().nullable(),
  })
  .meta({ id: 'CampaignFunnel' });
export type CampaignFunnel = z.infer<typeof CampaignFunnel>;

/**
 * `GET /v1/admin/analytics/campaigns/{id}/daily`: the funnel's steps per UTC day of the period, in
 * distinct accounts that day (an account active on two days counts on both), zeros included.
 */
export const CampaignDaily = z
  .object({
    campaignId: z.uuid(),
    days: z.array(
      z.object({
        /** A UTC day, `YYYY-MM-DD`. */
        date: z.string(),
        shown: z.number().int(),
        clicked: z.number().int(),
        /** Accounts where a user dismissed it that day: not a funnel step, the fatigue beside it. */
        dismissed: z.number().int(),
        trialsStarted: z.number().int(),
        converted: z.number().int(),
      }),
    ),
    /**
     * What happened to the campaign in the period, oldest first, from its change history: the
     * reason a line bends is often an edit. `fields` are the definition fields (dotted paths) a
     * change set differently from the version before; empty for a status change.
     */
    changes: z.array(
      z.object({
        at: z.iso.datetime(),
        version: z.number().int(),
        action: CampaignChangeAction,
        actor: z.string(),
        fields: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CampaignDaily' });
export type CampaignDaily = z.infer<typeof CampaignDaily>;

/** Conversion of one arm of the holdout experiment. */
export const LiftArm = z.object({
  accounts: z.number().int(),
  conversions: z.number().int(),
  rate: z.number(),
});

/**
 * Whether the accounts split between treatment and holdout as the configured holdout % says they
 * should (a sample-ratio mismatch check). When `mismatch` is true the arms differ by more than the
 * random assignment explains, so `lift`, its interval and `significant` are not to be trusted.
 *
 * @example
 * if (row.sampleRatio.mismatch) warn(`expected ${row.sampleRatio.expectedHoldoutShare} held out`);
 */
export const SampleRatio = z
  .object({
    expectedHoldoutShare: z.number().meta({
      description:
        "Share of the accounts the campaign's holdout % should hold out (0–1): the mean of the percent in force at each account's first decision, so a holdout changed mid-campaign is weighted by the accounts each setting assigned.",
    }),
    observedHoldoutShare: z
      .number()
      .nullable()
      .meta({ description: 'Share of the accounts actually in the holdout (0–1); null without accounts.' }),
    pValue: z.number().nullable().meta({
      description:
        'Chi-square goodness-of-fit p-value (1 degree of freedom) of the observed split; null when an arm expects fewer than 5 accounts, too few to test.',
    }),
    mismatch: z.boolean().meta({
      description: 'p < 0.001: the split departs from the configured share more than chance allows.',
    }),
  })
  .meta({
    id: 'SampleRatio',
    description:
      'Sample-ratio mismatch check of the holdout split. With `mismatch` true the lift is unreliable.',
  });
export type SampleRatio = z.infer<typeof SampleRatio>;

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
    /** rate_t / rate_c − 1; null when the holdout never converted. */
    relative: z.number().nullable().optional(),
    /** The 95% interval excludes zero. */
    significant: z.boolean().optional(),
    /** Both arms have ≥ 30 accounts and ≥ 5 conversions and non-conversions: enough to act on the lift
     * itself; below that, read the interval. */
    reliable: z.boolean().optional(),
    sampleRatio: SampleRatio,
  })
  .meta({ id: 'CampaignLift' });
export type CampaignLift = z.infer<typeof CampaignLift>;
export const CampaignLiftList = z.object({ data: z.array(CampaignLift) }).meta({ id: 'CampaignLiftList' });

/** One copy of a campaign's copy experiment, over its treated accounts (held-out ones never see copy). */
export const CopyVariantResult = z.object({
  /** `original` for the campaign's own copy. */
  key: z.string(),
  /** Share of treated accounts the current definition gives this copy (0–1); null: no longer in it. */
  share: z.number().nullable(),
  /** Treated accounts whose first decision in the period served this copy. */
  accounts: z.number().int(),
  /** What the percents in force at those first decisions (their campaign versions) give this copy of
   * all the experiment's accounts: what the sample-ratio check compares `accounts` with. */
  expectedAccounts: z.number(),
  /** Of those, accounts that saw it / clicked it in the period. */
  shown: z.number().int(),
  clicked: z.number().int(),
  /** Of those, accounts that bought the campaign's target after that first decision (as the lift). */
  conversions: z.number().int(),
  rate: z.number(),
  /** Against the original: rate difference with its 95 % interval (Newcombe); null for the original
   * itself or while either has no accounts. */
  vsOriginal: z
    .object({
      difference: z.number(),
      interval: z.object({ low: z.number(), high: z.number() }),
      significant: z.boolean(),
      reliable: z.boolean(),
    })
    .nullable(),
});
export type CopyVariantResult = z.infer<typeof CopyVariantResult>;

/** A campaign's copy experiment over the analytics period: one row per copy, the original first. */
export const CopyExperiment = z
  .object({
    campaignId: z.uuid(),
    variants: z.array(CopyVariantResult),
    /** Whether the accounts split between the copies as their percents say (chi-square, p < 0.001
     * flags a mismatch, as the lift's check); with `mismatch` true the comparisons are unreliable. */
    sampleRatio: z.object({ pValue: z.number().nullable(), mismatch: z.boolean() }),
  })
  .meta({ id: 'CopyExperiment' });
export type CopyExperiment = z.infer<typeof CopyExperiment>;

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

/**
 * Filters every analytics endpoint accepts. Dates bound when things happened (decision, event,
 * trial start, purchase); `segment` is the account's segment; `campaign` and `motion` narrow to
 * campaigns.
 *
 * @example GET /v1/admin/analytics/funnel?from=2026-01-01T00:00:00Z&motion=cross_sell_adjacent
 */
/** An instant the database can store: years 1970–9999. */
const Instant = z.iso.datetime({ offset: true }).refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, 'must be between 1970 and 9999');

/** Signup cohort: the UTC month the account signed up, `YYYY-MM`. */
export const Cohort = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

export const AnalyticsQuery = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    /** Segment and plan (tier): campaign reports read them as the campaign's first decision for the
     * account in the period recorded them, purchase and trial reports as each one's own decision
     * did, portfolio reports as they are now (each falls back to now without a recorded value). */
    segment: z.string().min(1).max(100).optional(),
    plan: z.string().min(1).max(100).optional(),
    cohort: Cohort.optional(),
    campaign: z.uuid().optional(),
    motion: Motion.optional(),
  })
  .meta({ id: 'AnalyticsQuery' });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

/** Typical conversion per motion when triggered well (domain primer), as fractions. */
export const MOTION_BENCHMARKS: Record<Motion, { low: number; high: number }> = {
  upsell_tier: { low: 0.15, high: 0.25 },
  upsell_addon: { low: 0.08, high: 0.15 },
  upsell_capacity: { low: 0.2, high: 0.3 },
  cross_sell_adjacent: { low: 0.1, high: 0.18 },
  cross_sell_complementary: { low: 0.12, high: 0.2 },
  cross_sell_platform: { low: 0.05, high: 0.12 },
};
/** Guided feature trials convert 40–60%; multi-product revenue is healthy at 50–70%. */
export const TRIAL_BENCHMARK = { low: 0.4, high: 0.6 };
export const REVENUE_MIX_BENCHMARK = { low: 0.5, high: 0.7 };
/** Multi-product customers typically retain 20–40 points more net revenue than single-product ones. */
export const MULTI_PRODUCT_NRR_PREMIUM = { low: 0.2, high: 0.4 };

const Range = z.object({ low: z.number(), high: z.number() });

/** `GET /v1/admin/analytics/funnel`: every campaign's funnel (the filters apply). */
export const CampaignFunnelList = z
  .object({ data: z.array(CampaignFunnel.extend({ name: z.string(), motion: z.string() })) })
  .meta({ id: 'CampaignFunnelList' });

/** Attach rates: of the accounts owning `antecedent`, the share also owning `consequent`. */
export const AdoptionMatrix = z
  .object({
    products: z.array(z.object({ key: z.string(), accounts: z.number().int() })),
    cells: z.array(
      z.object({ antecedent: z.string(), consequent: z.string(), both: z.number().int(), rate: z.number() }),
    ),
  })
  .meta({ id: 'AnalyticsAdoptionMatrix' });

export const ProductsPerCustomer = z
  .object({
    customers: z.number().int(),
    mean: z.number().nullable(),
    median: z.number().nullable(),
    distribution: z.array(z.object({ products: z.number().int(), accounts: z.number().int() })),
    trend: z.array(
      z.object({
        month: z.string(),
        customers: z.number().int(),
        mean: z.number().nullable(),
        median: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'AnalyticsProductsPerCustomer' });

export const RevenueMix = z
  .object({
    currency: z.string().nullable(),
    single: z.object({ accounts: z.number().int(), mrr: z.number().int() }),
    multi: z.object({ accounts: z.number().int(), mrr: z.number().int() }),
    multiShare: z.number().nullable(),
    benchmark: Range,
  })
  .meta({ id: 'AnalyticsRevenueMix' });

/** One cohort's net revenue retention: its paying accounts at the start and their MRR then and now. */
export const RetentionCohort = z.object({
  /** Accounts paying (MRR > 0 at list prices) at the start. */
  accounts: z.number().int(),
  /** Their MRR at the start and at the end, minor units (accounts that left count 0 at the end). */
  startMrr: z.number().int(),
  endMrr: z.number().int(),
  /** endMrr / startMrr (1.05 = 105 %); null without MRR at the start. */
  nrr: z.number().nullable(),
});
export type RetentionCohort = z.infer<typeof RetentionCohort>;

/**
 * `GET /v1/admin/analytics/net-revenue-retention`: over the 12 months to the period's end, how much
 * of the MRR the paying accounts had at the start they still bring — expansion, contraction and
 * churn together, new accounts left out — for single-product and multi-product (2+ paid products at
 * the start) customers, at list prices.
 */
export const NetRevenueRetention = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    currency: z.string().nullable(),
    single: RetentionCohort,
    multi: RetentionCohort,
    all: RetentionCohort,
    /** multi.nrr − single.nrr; null while either is. */
    multiProductPremium: z.number().nullable(),
    benchmark: Range,
  })
  .meta({ id: 'AnalyticsNetRevenueRetention' });
export type NetRevenueRetention = z.infer<typeof NetRevenueRetention>;

export const TimeToSecond = z
  .object({
    accounts: z.number().int(),
    medianDays: z.number().nullable(),
    meanDays: z.number().nullable(),
  })
  .meta({ id: 'AnalyticsTimeToSecond' });

export const ExpansionMrr = z
  .object({
    currency: z.string().nullable(),
    months: z.array(z.object({ month: z.string(), purchases: z.number().int(), mrr: z.number().int() })),
  })
  .meta({ id: 'AnalyticsExpansionMrr' });

/**
 * `GET /v1/admin/analytics/mrr-movements`: per month of the period, how the paying accounts' MRR
 * (paid products at list price) moved — new accounts, expansion, contraction, churn — and the
 * expansion velocity: the MRR existing customers added per month as a share of what they paid.
 */
export const MrrMovements = z
  .object({
    currency: z.string().nullable(),
    months: z.array(
      z.object({
        from: z.iso.datetime(),
        to: z.iso.datetime(),
        startMrr: z.number().int(),
        /** Added by accounts that paid nothing at the month's start. */
        newMrr: z.number().int(),
        /** Added by accounts that paid more at its end than at its start (a plan swapped: the difference). */
        expansionMrr: z.number().int(),
        /** Lost by accounts that paid less at its end, but something. */
        contractionMrr: z.number().int(),
        /** Lost by accounts that paid nothing any more at its end. */
        churnedMrr: z.number().int(),
        endMrr: z.number().int(),
        /** expansionMrr / startMrr per month of time (a partial month scaled up); null without MRR. */
        expansionRate: z.number().nullable(),
      }),
    ),
    /** Expansion MRR per month as a share of existing customers' MRR, over the whole period. */
    expansionVelocity: z.number().nullable(),
  })
  .meta({ id: 'AnalyticsMrrMovements' });
export type MrrMovements = z.infer<typeof MrrMovements>;

export const TrialConversion = z
  .object({
    started: z.number().int(),
    active: z.number().int(),
    converted: z.number().int(),
    expired: z.number().int(),
    /** converted / (converted + expired): trials still running are not yet decided. */
    rate: z.number().nullable(),
    benchmark: Range,
  })
  .meta({ id: 'AnalyticsTrialConversion' });
export type TrialConversion = z.infer<typeof TrialConversion>;

/** The longest activation window a report may ask for; event retention settles first uses within it. */
export const MAX_ACTIVATION_DAYS = 365;

/**
 * Post-purchase activation: a purchase is activated when the account sent an event for the product
 * within `days` of buying — an event named `<productKey>.…` or carrying `props.product = <productKey>`.
 */
export const Activation = z
  .object({
    days: z.number().int(),
    purchases: z.number().int(),
    activated: z.number().int(),
    rate: z.number().nullable(),
    byProduct: z.array(
      z.object({ productKey: z.string(), purchases: z.number().int(), activated: z.number().int() }),
    ),
  })
  .meta({ id: 'AnalyticsActivation' });
export type Activation = z.infer<typeof Activation>;
