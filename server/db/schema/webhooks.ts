import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, workspaceId } from './columns.ts';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    workspaceId: workspaceId(),
    id: id(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    /** Per-endpoint signing secret (whsec_…), encrypted at rest. */
    secretEnc: text('secret_enc').notNull(),
    /** The secret a rotation replaced, encrypted; deliveries are signed with both until it expires. */
    previousSecretEnc: text('previous_secret_enc'),
    previousSecretExpiresAt: ts('previous_secret_expires_at'),
    status: text('status').$type<'enabled' | 'disabled'>().notNull().default('enabled'),
    disabledReason: text('disabled_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** The outbox: one row per event, written in the same transaction as the change that caused it. */
export const outbox = pgTable(
  'outbox',
  {
    workspaceId: workspaceId(),
    /** Also the Standard Webhooks `webhook-id` (msg_…), stable across retries. */
    id: text('id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** A ping or sample sent on demand, not a real change: every delivery of it says `test: true`. */
    test: boolean('test').notNull().default(false),
    /** Null until the dispatcher has fanned the message out to the matching endpoints. */
    dispatchedAt: ts('dispatched_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('outbox_pending_idx').on(t.dispatchedAt),
    // Fan-out shares each batch across workspaces: it steps from one workspace with undispatched
    // messages to the next, and reads each one's oldest, without scanning the whole backlog.
    index('outbox_undispatched_idx')
      .on(t.workspaceId, t.createdAt)
      .where(sql`dispatched_at is null`),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: workspaceId(),
    id: id(),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    status: text('status').$type<'pending' | 'succeeded' | 'failed' | 'dead'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** Lease: a worker owns the row until then; expired leases are reclaimed after a crash. */
    lockedUntil: ts('locked_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    // The dispatcher claims per endpoint: its due deliveries in order, and how many it has in flight.
    index('webhook_deliveries_endpoint_due_idx')
      .on(t.workspaceId, t.endpointId, t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_leased_idx')
      .on(t.workspaceId, t.endpointId, t.lockedUntil)
      .where(sql`status = 'pending' and locked_until is not null`),
    // Fan-out is idempotent: a message reaches each endpoint through one delivery row (redelivery reuses it).
    uniqueIndex('webhook_deliveries_message_endpoint_uq').on(t.workspaceId, t.messageId, t.endpointId),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    workspaceId: workspaceId(),
    id: id(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    responseBody: text('response_body'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhook_attempts_delivery_idx').on(t.workspaceId, t.deliveryId),
  ],
);
