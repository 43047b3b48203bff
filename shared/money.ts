import { z } from 'zod';
import { TrialPlan } from './campaign.ts';
import { ProductKey } from './catalog.ts';
import { PricedOffer } from './offer.ts';

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
    /** The priced offer behind `decisionId`, so the widget's "buy now" can confirm price and terms. */
    // A union, not .nullable(): a nullable reference renders in OpenAPI as allOf [ref, null type],
    // which no null satisfies; anyOf [ref, null] says what is sent.
    offer: z.union([PricedOffer, z.null()]).optional(),
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
export type AccessRequest = z.infer<typeof AccessRequest>;

export const WEBHOOK_EVENT_TYPES = [
  'purchase.created',
  'purchase.fulfilled',
  'purchase.failed',
  'trial.started',
  'trial.converted',
  'trial.expired',
  'request.created',
  'lead.created',
  'audit.recorded',
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
export type LeadStatus = z.infer<typeof LeadStatus>;

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

export const LeadList = z
  .object({ leads: z.array(Lead), nextCursor: z.string().nullable() })
  .meta({ id: 'LeadList' });

export const LeadUpdate = z.object({ status: LeadStatus }).meta({ id: 'LeadUpdate' });

/** An access request as the host's admin sees it. */
export const AdminAccessRequest = AccessRequest.extend({
  accountId: z.string(),
  userId: z.string(),
  campaignId: z.uuid().nullable(),
  decisionId: z.uuid().nullable(),
  note: z.string().nullable(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'AdminAccessRequest' });
export type AdminAccessRequest = z.infer<typeof AdminAccessRequest>;

export const AdminAccessRequestList = z
  .object({ requests: z.array(AdminAccessRequest), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminAccessRequestList' });

/** A trial as the host's backend sees it: `GET /v1/admin/trials` and the `trial.*` webhooks. */
export const AdminTrial = z
  .object({
    id: z.uuid(),
    accountId: z.string(),
    userId: z.string(),
    productKey: z.string(),
    entitlementId: z.uuid(),
    campaignId: z.uuid().nullable(),
    decisionId: z.uuid().nullable(),
    status: Trial.shape.status,
    startedAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    convertedAt: z.iso.datetime().nullable(),
    expiredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AdminTrial' });
export type AdminTrial = z.infer<typeof AdminTrial>;

export const AdminTrialList = z
  .object({ trials: z.array(AdminTrial), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminTrialList' });

export const AccessRequestUpdate = z
  .object({ status: z.enum(['approved', 'declined']) })
  .meta({ id: 'AccessRequestUpdate' });

/** A purchase as the host's backend sees it (to fulfil it or report failure). */
export const AdminPurchase = Purchase.extend({
  accountId: z.string(),
  userId: z.string(),
  campaignId: z.uuid().nullable(),
  decisionId: z.uuid().nullable(),
  offer: z.record(z.string(), z.unknown()),
  failureReason: z.string().nullable(),
  fulfilledAt: z.iso.datetime().nullable(),
  failedAt: z.iso.datetime().nullable(),
}).meta({ id: 'AdminPurchase' });
export type AdminPurchase = z.infer<typeof AdminPurchase>;

export const AdminPurchaseList = z
  .object({ purchases: z.array(AdminPurchase), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminPurchaseList' });

export const PurchaseFailure = z
  .object({ reason: z.string().trim().min(1).max(500) })
  .meta({ id: 'PurchaseFailure' });

export const Entitlement = z
  .object({
    id: z.uuid(),
    accountId: z.string(),
    productKey: z.string(),
    status: z.enum(['active', 'trial', 'cancelled', 'expired', 'revoked']),
    source: z.enum(['host', 'trial', 'purchase']),
    startedAt: z.iso.datetime(),
    endsAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Entitlement' });
export type Entitlement = z.infer<typeof Entitlement>;

export const EntitlementList = z
  .object({ entitlements: z.array(Entitlement), nextCursor: z.string().nullable() })
  .meta({ id: 'EntitlementList' });

/**
 * A webhook endpoint. Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`); delivery is at least once, so receivers dedupe by `webhook-id`.
 */
export const WebhookEndpointInput = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    description: z.string().max(500).default(''),
    eventTypes: z.array(WebhookEventType).min(1),
  })
  .meta({ id: 'WebhookEndpointInput' });

export const WebhookEndpointPatch = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    description: z.string().max(500).optional(),
    eventTypes: z.array(WebhookEventType).min(1).optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
  })
  .meta({ id: 'WebhookEndpointPatch' });

export const WebhookEndpoint = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(WebhookEventType),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z.string().nullable(),
    /** After a secret rotation: until then deliveries also carry a signature by the old secret. */
    previousSecretExpiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Returned once, at creation: the signing secret is stored encrypted and never shown again. */
export const WebhookEndpointCreated = WebhookEndpoint.extend({ secret: z.string() }).meta({
  id: 'WebhookEndpointCreated',
});

/** Longest overlap a rotation may give receivers to switch secrets: a week. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86_400;

/**
 * `POST /v1/admin/webhooks/endpoints/{id}/rotate-secret`. For `overlapSeconds` (default a day)
 * every delivery is signed with the new and the old secret, so receivers can switch without
 * rejecting a message; 0 retires the old secret at once (after a leak).
 */
export const WebhookSecretRotation = z
  .object({ overlapSeconds: z.number().int().min(0).max(MAX_SECRET_OVERLAP_SECONDS).default(86_400) })
  .meta({ id: 'WebhookSecretRotation' });

/**
 * `POST /v1/admin/webhooks/endpoints/{id}/test`. Without `eventType` the endpoint gets a
 * `webhook.test` ping; with one, a realistic sample of that event, valid for its schema and signed
 * like any delivery, so a handler can be built before a real one happens.
 *
 * @example
 * { "eventType": "purchase.created" }
 */
export const WebhookTestRequest = z
  .object({ eventType: WebhookEventType.optional() })
  .meta({ id: 'WebhookTestRequest' });

export const WebhookEndpointList = z
  .object({ endpoints: z.array(WebhookEndpoint) })
  .meta({ id: 'WebhookEndpointList' });

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  responseBody: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    messageId: z.string(),
    endpointId: z.string(),
    eventType: z.string(),
    test: z.boolean().meta({
      description:
        'A ping or sample sent by `POST …/endpoints/{id}/test`, not a real event (its body says `test: true` too).',
    }),
    status: z.enum(['pending', 'succeeded', 'failed', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryDetail = WebhookDelivery.extend({
  payload: z.record(z.string(), z.unknown()),
  attemptLog: z.array(WebhookAttempt),
}).meta({ id: 'WebhookDeliveryDetail' });
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetail>;

export const WebhookDeliveryList = z
  .object({ deliveries: z.array(WebhookDelivery), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryList' });
