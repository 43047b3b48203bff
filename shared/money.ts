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
