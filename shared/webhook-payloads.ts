import { z } from 'zod';
import { AuditEntry } from './audit.ts';
import {
  AdminAccessRequest,
  AdminPurchase,
  AdminTrial,
  Entitlement,
  Lead,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from './money.ts';

/** Sent only by the endpoint test (`POST …/webhooks/endpoints/{id}/test`); no endpoint subscribes to it. */
export const WEBHOOK_TEST_TYPE = 'webhook.test';

/** `PurchaseCreatedWebhook` for `purchase.created`: the component name each message is published under. */
function componentId(type: string): string {
  const words = type.split('.').map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${words.join('')}Webhook`;
}

const TEST_DESCRIPTION =
  '`true` when the message was sent on demand by `POST /v1/admin/webhooks/endpoints/{id}/test` ' +
  '(a ping or a sample): nothing happened, so do not provision or bill on it. `false` for real events.';

/** The one envelope every delivery shares: `{type, timestamp, test, data}`. */
function message<T extends string, D extends z.ZodObject>(
  type: T,
  description: string,
  data: D,
  test: z.ZodBoolean | z.ZodLiteral<true> = z.boolean(),
) {
  return z
    .object({
      type: z.literal(type),
      timestamp: z.iso.datetime().meta({
        description: 'When the change happened. Deliveries may arrive out of order: order by this.',
      }),
      test: test.meta({ description: TEST_DESCRIPTION }),
      data,
    })
    .meta({ id: componentId(type), description });
}

const trialData = { trial: AdminTrial, entitlement: Entitlement };

/**
 * The body of every webhook Attach sends, per `type`: `data` holds the same objects the admin API
 * returns (`AdminPurchase`, `Entitlement`, `AdminTrial`, …). The services that enqueue them are
 * type-checked against these schemas, and the integration tests validate every delivery with them.
 *
 * @example
 * const msg = WEBHOOK_MESSAGES['purchase.created'].parse(JSON.parse(body));
 * provision(msg.data.purchase.accountId, msg.data.entitlements);
 */
export const WEBHOOK_MESSAGES = {
  'purchase.created': message(
    'purchase.created',
    'An end user bought an offer: the purchase is `pending` and its entitlements are already granted. ' +
      'Bill it, then `POST /v1/admin/purchases/{id}/fulfil` or `…/fail`.',
    z.object({
      purchase: AdminPurchase,
      entitlements: z.array(Entitlement),
      ended: z
        .array(Entitlement)
        .optional()
        .meta({ description: 'A tier upgrade: the plan it replaced, now ended. Absent otherwise.' }),
    }),
  ),
  'purchase.fulfilled': message(
    'purchase.fulfilled',
    'Your backend confirmed a purchase: it is `completed`.',
    z.object({ purchase: AdminPurchase }),
  ),
  'purchase.failed': message(
    'purchase.failed',
    'Your backend reported a purchase as failed: it is `failed` (with `failureReason`), its entitlements ' +
      'are revoked and a plan it replaced is given back.',
    z.object({
      purchase: AdminPurchase,
      entitlements: z.array(Entitlement).meta({ description: 'The entitlements revoked.' }),
      restored: z
        .array(Entitlement)
        .optional()
        .meta({ description: 'A failed tier upgrade: the plan given back. Absent otherwise.' }),
    }),
  ),
  'trial.started': message(
    'trial.started',
    'An end user started a trial; its entitlement has status `trial`.',
    z.object(trialData),
  ),
  'trial.converted': message(
    'trial.converted',
    'The account bought a product it was trialling (the `purchase.created` comes separately).',
    z.object(trialData),
  ),
  'trial.expired': message(
    'trial.expired',
    'A trial ran out without a purchase.',
    z.object({
      trial: AdminTrial,
      // A union, not .nullable(): zod-to-openapi renders a nullable $ref as allOf [ref, null], which
      // no null satisfies; anyOf [ref, null] says what is sent.
      entitlement: z
        .union([Entitlement, z.null()])
        .meta({ description: '`null` when the trial left no entitlement.' }),
    }),
  ),
  'request.created': message(
    'request.created',
    'A member asked an admin for a product, or asked to talk to sales.',
    z.object({ request: AdminAccessRequest, productName: z.string() }),
  ),
  'lead.created': message(
    'lead.created',
    'An account was routed to a CSM or to sales; sent once per account and campaign.',
    z.object({ lead: Lead }),
  ),
  'audit.recorded': message(
    'audit.recorded',
    'An entry was written to the audit log (`GET /v1/admin/audit-log`): for a security log or SIEM. ' +
      'Sent once per entry, in the transaction of the change it records.',
    z.object({ entry: AuditEntry }),
  ),
  [WEBHOOK_TEST_TYPE]: message(
    WEBHOOK_TEST_TYPE,
    'The ping `POST /v1/admin/webhooks/endpoints/{id}/test` sends when no `eventType` is asked for.',
    z.object({ endpointId: z.uuid(), test: z.literal(true) }),
    z.literal(true),
  ),
} satisfies Record<WebhookEventType, z.ZodObject> & Record<typeof WEBHOOK_TEST_TYPE, z.ZodObject>;

/** Every `type` a delivery can carry: the subscribable events and the test ping. */
export type WebhookMessageType = keyof typeof WEBHOOK_MESSAGES;
export const WEBHOOK_MESSAGE_TYPES: readonly WebhookMessageType[] = [
  ...WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_TYPE,
];

/** A whole delivery body of one type. */
export type WebhookMessage<T extends WebhookMessageType> = z.infer<(typeof WEBHOOK_MESSAGES)[T]>;
/** The `data` of one type's deliveries: what the outbox stores for it. */
export type WebhookData<T extends WebhookMessageType> = WebhookMessage<T>['data'];
