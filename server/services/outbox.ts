import { randomBytes } from 'node:crypto';
import type { WebhookEventType } from '../../shared/money.ts';
import type { WebhookData, WebhookMessageType } from '../../shared/webhook-payloads.ts';
import type { Tx } from '../db/client.ts';
import { insertOutbox } from '../db/queries/webhooks.ts';

/** Standard Webhooks message id: `msg_` + 128 random bits; stable across every retry of the message. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/**
 * Records an event to be delivered as a webhook. Call it with the SAME transaction as the change it
 * describes: the event exists if and only if the change committed, whatever crashes afterwards.
 */
export async function enqueue<T extends WebhookEventType>(
  tx: Tx,
  workspaceId: string,
  eventType: T,
  // NoInfer: the event type alone picks the schema, so a payload cannot widen T to a type it fits.
  payload: NoInfer<WebhookData<T>>,
  at?: Date,
): Promise<string> {
  const id = newMessageId();
  await insertOutbox(tx, { workspaceId, id, eventType, payload, createdAt: at });
  return id;
}

/**
 * A test message (a ping or a sample), marked `test` so its deliveries say so in the list and in
 * the body. It skips fan-out: the caller creates its one delivery.
 */
export async function enqueueTest<T extends WebhookMessageType>(
  tx: Tx,
  workspaceId: string,
  eventType: T,
  payload: NoInfer<WebhookData<T>>,
  at: Date,
): Promise<string> {
  const id = newMessageId();
  await insertOutbox(tx, {
    workspaceId,
    id,
    eventType,
    payload,
    test: true,
    createdAt: at,
    dispatchedAt: at,
  });
  return id;
}
