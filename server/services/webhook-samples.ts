import { randomUUID } from 'node:crypto';
import type { AdminPurchase, AdminTrial, Entitlement, WebhookEventType } from '../../shared/money.ts';
import type { WebhookData } from '../../shared/webhook-payloads.ts';

/**
 * Realistic `data` for each event type, so a host can build its handler against the real shapes
 * before a real purchase, trial or lead exists. Fresh ids every call: a handler that dedupes by
 * purchase or trial id treats each sample as new. The account and user are named `sample-…` so a
 * handler's logs make clear nothing real happened.
 */
export function webhookSample<T extends WebhookEventType>(type: T, now: Date): WebhookData<T> {
  return SAMPLES[type](sampleObjects(now));
}

const TRIAL_MS = 14 * 86_400_000;
const ACCOUNT = 'sample-account';
const USER = 'sample-user';
const PRODUCT = 'analytics-pro';

function sampleObjects(now: Date) {
  const at = now.toISOString();
  // A 14-day trial: one starting now ends then; one converting or expiring now began 14 days ago.
  const trialStart = new Date(now.getTime() - TRIAL_MS).toISOString();
  const trialEnd = new Date(now.getTime() + TRIAL_MS).toISOString();
  const campaignId = randomUUID();
  const decisionId = randomUUID();
  const entitlement: Entitlement = {
    id: randomUUID(),
    accountId: ACCOUNT,
    productKey: PRODUCT,
    status: 'active',
    source: 'purchase',
    startedAt: at,
    endsAt: null,
    endedAt: null,
  };
  const purchase: AdminPurchase = {
    id: randomUUID(),
    status: 'pending',
    productKey: PRODUCT,
    amount: 4900,
    currency: 'usd',
    interval: 'month',
    entitlementId: entitlement.id,
    createdAt: at,
    accountId: ACCOUNT,
    userId: USER,
    campaignId,
    decisionId,
    offer: {
      kind: 'product',
      key: PRODUCT,
      name: 'Analytics Pro',
      currency: 'usd',
      interval: 'month',
      listAmount: 4900,
      amount: 4900,
      discounts: [],
      grants: [PRODUCT],
    },
    failureReason: null,
    fulfilledAt: null,
    failedAt: null,
  };
  const trial: AdminTrial = {
    id: randomUUID(),
    accountId: ACCOUNT,
    userId: USER,
    productKey: PRODUCT,
    entitlementId: entitlement.id,
    campaignId,
    decisionId,
    status: 'active',
    startedAt: trialStart,
    endsAt: at,
    convertedAt: null,
    expiredAt: null,
  };
  return { at, trialEnd, campaignId, decisionId, entitlement, purchase, trial };
}

type Objects = ReturnType<typeof sampleObjects>;

const SAMPLES: { [K in WebhookEventType]: (o: Objects) => WebhookData<K> } = {
  'audit.recorded': ({ at }) => ({
    entry: {
      id: randomUUID(),
      at,
      actor: 'pm@sample.example',
      action: 'product.updated',
      target: { type: 'product', id: PRODUCT, name: 'Analytics Pro' },
      changes: [{ field: 'price.amount', from: 4900, to: 5900 }],
      details: null,
    },
  }),
  'purchase.created': ({ purchase, entitlement }) => ({ purchase, entitlements: [entitlement] }),
  'purchase.fulfilled': ({ purchase, at }) => ({
    purchase: { ...purchase, status: 'completed', fulfilledAt: at },
  }),
  'purchase.failed': ({ purchase, entitlement, at }) => ({
    purchase: { ...purchase, status: 'failed', failureReason: 'card declined', failedAt: at },
    entitlements: [{ ...entitlement, status: 'revoked', endedAt: at }],
  }),
  'trial.started': ({ trial, entitlement, at, trialEnd }) => ({
    trial: { ...trial, startedAt: at, endsAt: trialEnd },
    entitlement: { ...entitlement, status: 'trial', source: 'trial', endsAt: trialEnd },
  }),
  'trial.converted': ({ trial, entitlement, at }) => ({
    trial: { ...trial, status: 'converted', convertedAt: at },
    entitlement,
  }),
  'trial.expired': ({ trial, entitlement, at }) => ({
    trial: { ...trial, status: 'expired', expiredAt: at },
    entitlement: {
      ...entitlement,
      status: 'expired',
      source: 'trial',
      startedAt: trial.startedAt,
      endedAt: at,
    },
  }),
  'request.created': ({ at, campaignId, decisionId }) => ({
    request: {
      id: randomUUID(),
      productKey: PRODUCT,
      status: 'open',
      createdAt: at,
      updatedAt: at,
      accountId: ACCOUNT,
      userId: USER,
      campaignId,
      decisionId,
      note: 'We need this for the quarterly report',
    },
    productName: 'Analytics Pro',
  }),
  'lead.created': ({ at, campaignId, decisionId }) => ({
    lead: {
      id: randomUUID(),
      accountId: ACCOUNT,
      userId: USER,
      campaignId,
      decisionId,
      productKey: PRODUCT,
      channel: 'sales',
      context: {
        account: { name: 'Sample Inc.', segment: 'mid-market', seats: 120, plan: 'growth' },
        firedTriggers: ['seats_over_100'],
      },
      status: 'open',
      createdAt: at,
    },
  }),
};
