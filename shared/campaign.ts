import { z } from 'zod';
import { Currency, ProductKey } from './catalog.ts';
import { ThemeOverride } from './workspace.ts';

export const Motion = z.enum([
  'upsell_tier',
  'upsell_addon',
  'upsell_capacity',
  'cross_sell_adjacent',
  'cross_sell_complementary',
  'cross_sell_platform',
]);
export type Motion = z.infer<typeof Motion>;

export const LifecycleStage = z.enum([
  'onboarding',
  'activated',
  'engaged',
  'at_risk',
  'renewal_window',
  'churned',
]);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

export const Channel = z.enum(['in_app', 'csm', 'sales']);
export type Channel = z.infer<typeof Channel>;

export const Format = z.enum(['callout', 'banner', 'modal', 'tooltip', 'inline', 'inbox']);
export type Format = z.infer<typeof Format>;

export const FilterOp = z.enum(['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists']);
export type FilterOp = z.infer<typeof FilterOp>;

/**
 * `field` names a value of the account or user: `account.segment`, `account.industry`,
 * `account.seats`, `account.mrr`, `account.plan`, `account.healthScore`, `account.attributes.<name>`,
 * `user.role`, `user.attributes.<name>`.
 */
export const AttributeFilter = z.object({
  field: z
    .string()
    .regex(/^(account|user)\.[A-Za-z0-9_.-]+$/, 'account.<field> or user.<field>')
    .max(200),
  op: FilterOp,
  value: z.unknown().optional(),
});
export type AttributeFilter = z.infer<typeof AttributeFilter>;

export const Audience = z.object({
  segments: z.array(z.string().min(1)).max(50).default([]),
  roles: z.array(z.string().min(1)).max(20).default([]),
  filters: z.array(AttributeFilter).max(30).default([]),
  ownsAll: z.array(ProductKey).max(20).default([]),
  ownsNone: z.array(ProductKey).max(20).default([]),
  /** Default excludes onboarding and at_risk (domain.md: never pitch then). */
  lifecycleStages: z.array(LifecycleStage).min(1).default(['activated', 'engaged', 'renewal_window']),
  /** Suppress accounts whose attribute of this name is truthy (an open sales deal). Null: no suppression. */
  openDealAttribute: z.string().min(1).nullable().default('open_deal'),
});
export type Audience = z.infer<typeof Audience>;

const Scope = z.enum(['account', 'user']).default('account');

/** The longest window a trigger may count events over: decide reads daily counters this far back. */
export const MAX_WINDOW_DAYS = 365;

export const LeafTrigger = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('metric_quota'),
    metric: z.string().min(1),
    atLeastPercent: z.number().min(0).max(1000),
  }),
  z.object({
    type: z.literal('event_count'),
    event: z.string().min(1),
    atLeast: z.number().int().min(1),
    withinDays: z.number().int().min(1).max(MAX_WINDOW_DAYS),
    scope: Scope,
  }),
  z.object({
    type: z.literal('event'),
    event: z.string().min(1),
    withinDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).default(30),
    scope: Scope,
  }),
  z.object({ type: z.literal('milestone'), event: z.string().min(1) }),
  z.object({ type: z.literal('renewal_within'), days: z.number().int().min(0).max(365) }),
  z.object({
    type: z.literal('days_since_signup'),
    atLeast: z.number().int().min(0),
    atMost: z.number().int().min(0).optional(),
  }),
  z.object({
    type: z.literal('days_since_first_purchase'),
    atLeast: z.number().int().min(0),
    atMost: z.number().int().min(0).optional(),
  }),
  /** `pattern` is a path glob (`/settings/*`, `/pricing`); matches the current page, and with
   * `minVisits` > 1 also needs that many recorded visits within the window. */
  z.object({
    type: z.literal('page'),
    pattern: z.string().min(1).max(300),
    minVisits: z.number().int().min(1).default(1),
    withinDays: z.number().int().min(1).max(MAX_WINDOW_DAYS).default(30),
  }),
  z.object({ type: z.literal('trial_day'), productKey: ProductKey, day: z.number().int().min(0).max(90) }),
]);
export type LeafTrigger = z.infer<typeof LeafTrigger>;

export interface TriggerGroup {
  type: 'all' | 'any';
  triggers: Array<LeafTrigger | TriggerGroup>;
}
export const TriggerGroup: z.ZodType<TriggerGroup> = z
  .object({
    type: z.enum(['all', 'any']),
    get triggers() {
      return z.array(z.union([LeafTrigger, TriggerGroup])).max(20);
    },
  })
  .meta({ id: 'TriggerGroup' });

export const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('product'), productKey: ProductKey }),
  z.object({ kind: z.literal('bundle'), bundleKey: ProductKey }),
  /** A tier upgrade; `productKey` is the catalogue entry that carries the tier's price. */
  z.object({
    kind: z.literal('tier'),
    toPlan: z.string().min(1),
    productKey: ProductKey,
    /** The plans it upgrades from: an account on any other plan (a higher one, or none known) is not
     * offered it. Empty: every plan but `toPlan`. */
    fromPlans: z.array(z.string().min(1).max(100)).max(20).default([]),
  }),
  /** Chosen by affinity among attach products the account lacks. */
  z.object({
    kind: z.literal('next_best'),
    minConfidence: z.number().min(0).max(1).default(0.2),
    minLift: z.number().min(0).default(1.2),
    candidates: z.array(ProductKey).max(50).default([]),
  }),
]);
export type Target = z.infer<typeof Target>;

export const OfferTerms = z.object({
  /** Introductory discount: `percent` off for the first `months`. */
  intro: z
    .object({ percent: z.number().int().min(1).max(100), months: z.number().int().min(1).max(36) })
    .optional(),
  /** Offer an annual plan at this discount (15–20% is usual). */
  annualPercentOff: z.number().int().min(0).max(90).optional(),
  /** A time-limited offer: absolute expiry, or days from the first impression for each user. */
  expiresAt: z.iso.datetime().optional(),
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
export type OfferTerms = z.infer<typeof OfferTerms>;

/**
 * What the target saves each seat, for the `{{roi.*}}` copy variables the server computes with the
 * account's seats (a host need not pre-compute an ROI line per account).
 * @example { hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7500, currency: 'USD' } }
 *   → 12 seats: {{roi.hoursPerYear}} = "3,120", {{roi.valuePerYear}} = "$234,000.00"
 */
export const RoiModel = z.object({
  /** A full working week is the most a seat could save. */
  hoursSavedPerSeatPerWeek: z.number().gt(0).max(40),
  /** What an hour of a seat's time is worth, in minor units; needed for `{{roi.valuePerYear}}`. */
  hourlyRate: z.object({ amount: z.number().int().min(0).max(10_000_000), currency: Currency }).optional(),
});
export type RoiModel = z.infer<typeof RoiModel>;

/** Copy in one locale. `{{…}}` variables are filled on the server from the account (never the client). */
export const Copy = z.object({
  title: z.string().min(1).max(120),
  /** A safe markdown subset: **bold**, *italic*, [links](https://…), lists. */
  body: z.string().max(2000).default(''),
  primaryLabel: z
    .string()
    .max(40)
    .optional()
    .describe('Label of the first action: starting the trial when one is offered, else buying'),
  secondaryLabel: z
    .string()
    .max(40)
    .optional()
    .describe('Label of buying when a trial is offered first (not a dismissal: the widget adds “Not now”)'),
  imageUrl: z.url({ protocol: /^https$/ }).optional(),
  imageAlt: z
    .string()
    .max(300)
    .optional()
    .describe('What the image shows or says, read to screen-reader users; unset: the image is decorative'),
  roiLine: z.string().max(300).optional(),
});
export type Copy = z.infer<typeof Copy>;

/** Copy per locale; `en` is required and the fallback. */
export const Content = z
  .record(z.string().min(2).max(20), Copy)
  .refine((c) => 'en' in c, 'an "en" entry is required');
export type Content = z.infer<typeof Content>;

/** The variant key of a campaign's own `content` in a copy experiment. */
export const ORIGINAL_VARIANT = 'original';

/**
 * An alternative copy of the message, tested against the original on the campaign's treated
 * accounts. Each account gets one copy for every seat and call (assigned by a hash of campaign and
 * account, independent of the holdout); `percent` of the treated accounts get this one, the original
 * gets what the variants leave. With `offer`, the variant also tests its own offer terms (priced on
 * the server as the campaign's are, and again at purchase); without, it offers the campaign's.
 */
export const CopyVariant = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, 'lowercase letters, digits, "-" and "_", at most 20')
    .refine((k) => k !== ORIGINAL_VARIANT, `"${ORIGINAL_VARIANT}" names the campaign's own copy`),
  percent: z.number().int().min(1).max(99),
  content: Content,
  offer: OfferTerms.optional(),
});
export type CopyVariant = z.infer<typeof CopyVariant>;

/** Variants beside the original: each needs its share of traffic to reach a verdict. */
export const MAX_COPY_VARIANTS = 3;

export const CopyVariants = z
  .array(CopyVariant)
  .max(MAX_COPY_VARIANTS)
  .superRefine((variants, ctx) => {
    const keys = new Set<string>();
    for (const [i, v] of variants.entries()) {
      if (keys.has(v.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `variant "${v.key}" twice` });
      keys.add(v.key);
    }
    const total = variants.reduce((sum, v) => sum + v.percent, 0);
    if (total > 99) {
      ctx.addIssue({
        code: 'custom',
        message: `the variants take ${total}% of the treated accounts; at most 99%, so the original keeps some`,
      });
    }
  })
  .default([]);

export const Presentation = z.object({
  format: Format.default('callout'),
  /**
   * Which placement asks for this message: `global`, or the name of a `data-attach-slot` on the page.
   * Inline messages render in that slot; a banner docks there in flow (else it covers the page's top).
   */
  placement: z.string().min(1).max(64).default('global'),
  /** CSS selector of the host element a tooltip anchors to. */
  anchor: z.string().max(300).optional(),
  /** Where the format goes (see POSITIONS); a value the format does not honour is ignored. */
  position: z
    .enum(['top', 'bottom', 'left', 'right', 'top-right', 'bottom-right', 'bottom-left', 'top-left'])
    .optional(),
  /** Path globs where it may show; empty = anywhere. */
  pages: z.array(z.string().min(1).max(300)).max(20).default([]),
  theme: ThemeOverride.optional(),
});
export type Presentation = z.infer<typeof Presentation>;
type Position = NonNullable<Presentation['position']>;

/**
 * The positions each format honours, its default first: a callout's corner (bottom left is the
 * trial checklist's), a banner's edge when it does not dock in a slot, a tooltip's side of its
 * anchor. Left and right (a callout's corner, a tooltip's side) mirror on right-to-left pages.
 */
export const POSITIONS: Partial<Record<Format, readonly Position[]>> = {
  callout: ['bottom-right', 'top-right', 'top-left'],
  banner: ['top', 'bottom'],
  tooltip: ['bottom', 'top', 'left', 'right'],
};

/** The position a message is drawn at: the campaign's, if its format honours it (else the default). */
export function honouredPosition(format: Format, position: Position | undefined): Position | undefined {
  return position && POSITIONS[format]?.includes(position) ? position : undefined;
}

export const TrialStep = z.object({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  /** Completed by this event (account-wide) … */
  event: z.string().min(1).optional(),
  /** … or by a usage metric reaching a value. */
  metric: z.object({ name: z.string().min(1), atLeast: z.number() }).optional(),
});
export type TrialStep = z.infer<typeof TrialStep>;

export const TrialPlan = z.object({
  weeks: z
    .array(
      z.object({
        week: z.number().int().min(1).max(12),
        title: z.string().min(1).max(200),
        steps: z.array(TrialStep).min(1).max(10),
      }),
    )
    .min(1)
    .max(12),
  successCriteria: z
    .array(TrialStep.extend({ count: z.number().int().min(1).default(1) }))
    .min(2)
    .max(3),
});
export type TrialPlan = z.infer<typeof TrialPlan>;

export const TrialSettings = z.object({
  enabled: z.boolean().default(true),
  /** Defaults to the product's trialDays. */
  days: z.number().int().min(1).max(90).optional(),
  plan: TrialPlan,
});

export const Frequency = z.object({
  maxImpressionsPerUser: z.number().int().min(1).max(100).default(3),
  minIntervalHours: z
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  stopAfterDismissals: z.number().int().min(1).max(20).default(2),
  dismissCooldownDays: z.number().min(0).max(365).default(14),
  stopAfterConversion: z.boolean().default(true),
  /** Across all seats of one account, per day. */
  maxImpressionsPerAccountPerDay: z.number().int().min(1).max(1000).optional(),
});
export type Frequency = z.infer<typeof Frequency>;

export const RoutingRule = z.object({
  channel: z.enum(['csm', 'sales']),
  segments: z.array(z.string().min(1)).default([]),
  minMrr: z.number().int().min(0).optional(),
  minSeats: z.number().int().min(0).optional(),
});
export const Routing = z.object({ rules: z.array(RoutingRule).max(10).default([]) });
export type Routing = z.infer<typeof Routing>;

export const CampaignDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    motion: Motion,
    /** Higher first. */
    priority: z.number().int().min(0).max(100).default(50),
    target: Target,
    audience: Audience.default(Audience.parse({})),
    triggers: TriggerGroup.default({ type: 'all', triggers: [] }),
    presentation: Presentation.default(Presentation.parse({})),
    /** Copy per locale; `en` is required and the fallback. */
    content: Content,
    /** Alternative copies tested against `content` (the original) on the treated accounts. */
    variants: CopyVariants,
    offer: OfferTerms.default({}),
    roi: RoiModel.optional(),
    trial: TrialSettings.optional(),
    frequency: Frequency.default(Frequency.parse({})),
    holdout: z.object({ percent: z.number().min(0).max(50).default(10) }).default({ percent: 10 }),
    routing: Routing.default({ rules: [] }),
    schedule: z
      .object({ startAt: z.iso.datetime().optional(), endAt: z.iso.datetime().optional() })
      .default({}),
  })
  .meta({ id: 'CampaignDefinition' });
export type CampaignDefinition = z.infer<typeof CampaignDefinition>;
export type CampaignDefinitionInput = z.input<typeof CampaignDefinition>;

export const CampaignStatus = z.enum(['draft', 'active', 'paused', 'archived']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const CampaignInput = CampaignDefinition.extend({ status: CampaignStatus.default('draft') }).meta({
  id: 'CampaignInput',
});

export const Campaign = CampaignDefinition.extend({
  id: z.uuid(),
  status: CampaignStatus,
  version: z.number().int(),
  deletable: z
    .boolean()
    .describe(
      'Whether DELETE would remove it: a draft or an archived campaign that never went live and that ' +
        'nothing refers to. DELETE checks again: one that went live since answers 409 campaign_has_history.',
    ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof Campaign>;

/** Key figures of a campaign since it was created (lift comes from analytics, with its holdout). */
export const CampaignStats = z
  .object({
    /** Decisions that served the message. */
    served: z.number().int(),
    /** Held-out exposures (eligible, deliberately not shown). */
    heldOut: z.number().int(),
    /** `message.shown` events reported by the widget. */
    shown: z.number().int(),
    clicked: z.number().int(),
    dismissed: z.number().int(),
    /** Completed purchases attributed to the campaign. */
    conversions: z.number().int(),
    /** conversions / served (0 when nothing was served). */
    conversionRate: z.number(),
  })
  .meta({ id: 'CampaignStats' });
export type CampaignStats = z.infer<typeof CampaignStats>;

export const CampaignListItem = Campaign.extend({ stats: CampaignStats }).meta({ id: 'CampaignListItem' });
export type CampaignListItem = z.infer<typeof CampaignListItem>;

export const CampaignListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: CampaignStatus.optional(),
});

export const CampaignStatusChange = z
  .object({ status: z.enum(['active', 'paused', 'archived']) })
  .meta({ id: 'CampaignStatusChange' });

/** One entry of a campaign's change history. */
/** What a change to a campaign did: each change writes a revision with one of these. */
export const CampaignChangeAction = z.enum([
  'created',
  'updated',
  'duplicated',
  'imported',
  'activated',
  'paused',
  'archived',
]);

export const CampaignRevision = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    version: z.number().int(),
    actor: z.string(),
    action: CampaignChangeAction,
    status: CampaignStatus,
    definition: CampaignDefinition,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CampaignRevision' });
export type CampaignRevision = z.infer<typeof CampaignRevision>;

/** Who a definition reaches right now (console "audience size" before saving). */
export const AudienceEstimate = z
  .object({
    /** Accounts evaluated (all accounts, or the first `sampleLimit` when `sampled`). */
    accountsEvaluated: z.number().int(),
    accountsTotal: z.number().int(),
    /** Accounts where at least one user is eligible now (before frequency caps and holdout). */
    eligibleAccounts: z.number().int(),
    /** Known users of eligible accounts whose role passes the audience. */
    eligibleUsers: z.number().int(),
    /** Eligible accounts marked as test accounts: they see it, but no report counts them. */
    testAccounts: z.number().int(),
    /** Eligible accounts the holdout keeps from seeing it. */
    heldOutAccounts: z.number().int(),
    heldOutUsers: z.number().int(),
    /** True when only a sample of the accounts was evaluated; figures are then extrapolated. */
    sampled: z.boolean(),
    /** The most common blocking reason codes among evaluated accounts, most frequent first. */
    topBlockers: z.array(z.object({ code: z.string(), accounts: z.number().int() })),
  })
  .meta({ id: 'AudienceEstimate' });
export type AudienceEstimate = z.infer<typeof AudienceEstimate>;
