import { randomBytes } from 'node:crypto';
import type { WebhookEventType } from '../../shared/money.ts';
import type { Tx } from '../db/client.ts';
import { insertOutbox } from '../db/queries/webhooks.ts';

/** Event types the outbox carries: the public webhook events plus the endpoint test ping. */
export type OutboxEventType = WebhookEventType | 'webhook.test';

/** Standard Webhooks message id: `msg_` + 128 random bits; stable across every retry of the message. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/**
 * Records an event to be delivered as a webhook. Call it with the SAME transaction as the change it
 * describes: the event exists if and only if the change committed, whatever crashes afterwards.
 */
export async function enqueue(
  tx: Tx,
  workspaceId: string,
  eventType: OutboxEventType,
  payload: Record<string, unknown>,
  at?: Date,
): Promise<string> {
  const id = newMessageId();
  await insertOutbox(tx, { workspaceId, id, eventType, payload, createdAt: at });
  return id;
}

/** An outbox row that skips fan-out: its deliveries are created by the caller (test sends). */
export async function enqueueDispatched(
  tx: Tx,
  workspaceId: string,
  eventType: OutboxEventType,
  payload: Record<string, unknown>,
  at: Date,
): Promise<string> {
  const id = newMessageId();
  await insertOutbox(tx, { workspaceId, id, eventType, payload, createdAt: at, dispatchedAt: at });
  return id;
}
