import { z } from 'zod';
import { TrialPlan } from './campaign.ts';
import { ProductKey } from './catalog.ts';

export const StartTrialRequest = z
  .object({ decisionId: z.uuid(), productKey: ProductKey })
  .meta({ id: 'StartTrialRequest' });

export const StepProgress = z.object({
  id: z.string(),
  title: z.string(),
  completedAt: z.iso.datetime().nullable(),
});

export const Trial = z
  .object({
    id: z.uuid(),
    productKey: z.string(),
    productName: z.string(),
    status: z.enum(['active', 'converted', 'expired', 'cancelled']),
    entitlementId: z.uuid(),
    startedAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    daysLeft: z.number().int(),
    plan: TrialPlan,
    weeks: z.array(z.object({ week: z.number().int(), title: z.string(), steps: z.array(StepProgress) })),
    successCriteria: z.array(StepProgress),
    progress: z.object({ completed: z.number().int(), total: z.number().int() }),
    /** The offer to convert, priced now; absent once converted or expired. */
    decisionId: z.uuid().nullable(),
  })
  .meta({ id: 'Trial' });
export type Trial = z.infer<typeof Trial>;

export const TrialList = z.object({ trials: z.array(Trial) }).meta({ id: 'TrialList' });

export const PurchaseRequest = z
  .object({
    decisionId: z.uuid(),
    productKey: ProductKey,
    /** `version` of the offer the user saw; a different server price ⇒ 409 price_changed. */
    offerVersion: z.string().min(1).max(128),
    billing: z.enum(['interval', 'annual']).default('interval'),
  })
  .meta({ id: 'PurchaseRequest' });
export type PurchaseRequest = z.infer<typeof PurchaseRequest>;

export const Purchase = z
  .object({
    id: z.uuid(),
    status: z.enum(['pending', 'completed', 'failed']),
    productKey: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
    entitlementId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Purchase' });
export type Purchase = z.infer<typeof Purchase>;

export const AccessRequestInput = z
  .object({
    productKey: ProductKey,
    decisionId: z.uuid().optional(),
    note: z.string().max(500).optional(),
  })
  .meta({ id: 'AccessRequestInput' });

export const AccessRequest = z
  .object({
    id: z.uuid(),
    productKey: z.string(),
    status: z.enum(['open', 'approved', 'declined']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AccessRequest' });

export const WEBHOOK_EVENT_TYPES = [
  'purchase.created',
  'purchase.fulfilled',
  'purchase.failed',
  'trial.started',
  'trial.converted',
  'trial.expired',
  'request.created',
  'lead.created',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What a CSM or account executive needs to act on a routed opportunity. */
export const LeadContext = z
  .object({
    /** Account facts at decision time (name, segment, seats, plan, mrr, health, renewal…). */
    account: z.record(z.string(), z.unknown()),
    /** Leaf triggers that fired for this decision. */
    firedTriggers: z.array(z.string()),
    /** The product affinity behind the offer (A→B attach rate), when there is one. */
    affinity: z
      .object({
        antecedent: z.string(),
        consequent: z.string(),
        count: z.number(),
        support: z.number(),
        confidence: z.number(),
        lift: z.number(),
      })
      .nullable()
      .optional(),
    motion: z.string().optional(),
    stage: z.string().optional(),
  })
  .meta({ id: 'LeadContext' });
export type LeadContext = z.infer<typeof LeadContext>;

export const LeadStatus = z.enum(['open', 'contacted', 'won', 'lost']);

export const Lead = z
  .object({
    id: z.uuid(),
    accountId: z.string(),
    userId: z.string().nullable(),
    campaignId: z.uuid().nullable(),
    decisionId: z.uuid().nullable(),
    productKey: z.string(),
    channel: z.enum(['csm', 'sales']),
    context: LeadContext,
    status: LeadStatus,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof Lead>;
