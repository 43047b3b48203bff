import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEventType,
  WebhookSecretRotation,
} from '../../shared/money.ts';
import { WEBHOOK_TEST_TYPE } from '../../shared/webhook-payloads.ts';
import {
  type DeliveryFilter,
  type DeliveryRow,
  deleteEndpoint,
  type EndpointRow,
  failPendingDeliveries,
  findEndpoint,
  insertDeliveries,
  insertEndpoint,
  listAttempts,
  listDeliveries,
  listEndpoints,
  loadDeliveryJob,
  requeueDelivery,
  rotateEndpointSecret,
  updateEndpoint,
} from '../db/queries/webhooks.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/types.ts';
import { auditUpdate, recordAudit } from './audit.ts';
import { enqueueTest } from './outbox.ts';
import { toPositionPage } from './position-cursor.ts';
import { assertPublicDestination, checkWebhookUrl } from './ssrf.ts';
import { deliverNow, overlapEnd, webhookEnvelope } from './webhook-delivery.ts';
import { webhookSample } from './webhook-samples.ts';

/** `whsec_` + base64 of 24 random bytes, the Standard Webhooks secret format. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Refuses URLs that could reach the server's own network (400 webhook_url_not_allowed). */
export async function assertUrlAllowed(deps: AppDeps, raw: string): Promise<void> {
  const verdict = checkWebhookUrl(raw, deps.config);
  if (!verdict.ok)
    throw new ApiError(400, 'webhook_url_not_allowed', `Webhook URL refused: ${verdict.reason}`);
  if (!verdict.checkAddresses) return;
  try {
    await assertPublicDestination(verdict.url);
  } catch (err) {
    throw new ApiError(400, 'webhook_url_not_allowed', `Webhook URL refused: ${(err as Error).message}`);
  }
}

/** The endpoint as the API shows it; a previous secret whose overlap has ended is not shown. */
export function toEndpoint(row: EndpointRow, now: Date): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEventType[],
    status: row.status,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: overlapEnd(row, now)?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createEndpoint(
  deps: AppDeps,
  workspaceId: string,
  input: z.infer<typeof WebhookEndpointInput>,
  actor: string,
): Promise<WebhookEndpoint & { secret: string }> {
  await assertUrlAllowed(deps, input.url);
  const secret = newWebhookSecret();
  const row = await deps.database.db.transaction(async (tx) => {
    const created = await insertEndpoint(tx, {
      workspaceId,
      url: input.url,
      description: input.description,
      eventTypes: [...new Set(input.eventTypes)],
      secretEnc: deps.secretBox.seal(secret),
      now: deps.now(),
    });
    await recordAudit(tx, workspaceId, actor, {
      action: 'webhook_endpoint.created',
      target: { type: 'webhook_endpoint', id: created.id, name: created.url },
    });
    return created;
  });
  return { ...toEndpoint(row, deps.now()), secret };
}

export async function getEndpoint(deps: AppDeps, workspaceId: string, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(deps.database.db, workspaceId, id);
  if (!row) throw new ApiError(404, 'not_found', `No webhook endpoint ${id}`);
  return row;
}

export async function endpoints(deps: AppDeps, workspaceId: string): Promise<WebhookEndpoint[]> {
  const now = deps.now();
  return (await listEndpoints(deps.database.db, workspaceId)).map((row) => toEndpoint(row, now));
}

export async function patchEndpoint(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  patch: z.infer<typeof WebhookEndpointPatch>,
  actor: string,
): Promise<WebhookEndpoint> {
  if (patch.url) await assertUrlAllowed(deps, patch.url);
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const before = await findEndpoint(tx, workspaceId, id);
    const row = await updateEndpoint(tx, workspaceId, id, {
      ...(patch.url ? { url: patch.url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.eventTypes ? { eventTypes: [...new Set(patch.eventTypes)] } : {}),
      ...(patch.status === 'enabled' ? { status: 'enabled', disabledReason: null } : {}),
      ...(patch.status === 'disabled' ? { status: 'disabled', disabledReason: 'disabled by an admin' } : {}),
      updatedAt: now,
    });
    if (!row) throw new ApiError(404, 'not_found', `No webhook endpoint ${id}`);
    if (patch.status === 'disabled')
      await failPendingDeliveries(tx, workspaceId, id, 'endpoint disabled', now);
    const endpoint = toEndpoint(row, now);
    if (before) {
      await auditUpdate(tx, workspaceId, actor, {
        action: 'webhook_endpoint.updated',
        target: { type: 'webhook_endpoint', id, name: row.url },
        before: toEndpoint(before, now),
        after: endpoint,
      });
    }
    return endpoint;
  });
}

/**
 * A new signing secret, returned once. The old one keeps signing beside it for `overlapSeconds`
 * (Standard Webhooks receivers accept a message when any listed signature verifies), so a
 * receiver can switch without rejecting a delivery; rotating again drops the older one.
 */
export async function rotateSecret(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  input: z.infer<typeof WebhookSecretRotation>,
  actor: string,
): Promise<WebhookEndpoint & { secret: string }> {
  const secret = newWebhookSecret();
  const now = deps.now();
  const previousExpiresAt =
    input.overlapSeconds > 0 ? new Date(now.getTime() + input.overlapSeconds * 1000) : null;
  const row = await deps.database.db.transaction(async (tx) => {
    const rotated = await rotateEndpointSecret(tx, workspaceId, id, {
      secretEnc: deps.secretBox.seal(secret),
      previousExpiresAt,
      now,
    });
    if (!rotated) throw new ApiError(404, 'not_found', `No webhook endpoint ${id}`);
    await recordAudit(tx, workspaceId, actor, {
      action: 'webhook_endpoint.secret_rotated',
      target: { type: 'webhook_endpoint', id, name: rotated.url },
      details: {
        overlapSeconds: input.overlapSeconds,
        previousSecretExpiresAt: previousExpiresAt?.toISOString() ?? null,
      },
    });
    return rotated;
  });
  return { ...toEndpoint(row, now), secret };
}

export async function removeEndpoint(
  deps: AppDeps,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, workspaceId, id);
    if (!endpoint || !(await deleteEndpoint(tx, workspaceId, id)))
      throw new ApiError(404, 'not_found', `No webhook endpoint ${id}`);
    await failPendingDeliveries(tx, workspaceId, id, 'endpoint deleted', deps.now());
    await recordAudit(tx, workspaceId, actor, {
      action: 'webhook_endpoint.deleted',
      target: { type: 'webhook_endpoint', id, name: endpoint.url },
    });
  });
}

export function toDelivery(row: DeliveryRow, message: { eventType: string; test: boolean }): WebhookDelivery {
  return {
    id: row.id,
    messageId: row.messageId,
    endpointId: row.endpointId,
    eventType: message.eventType,
    test: message.test,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function deliveries(
  deps: AppDeps,
  workspaceId: string,
  filter: DeliveryFilter,
): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
  const rows = await listDeliveries(deps.database.db, workspaceId, { ...filter, limit: filter.limit + 1 });
  const { data, nextCursor } = toPositionPage(
    'deliveries',
    rows,
    filter.limit,
    (r) => ({ at: r.at, id: r.delivery.id }),
    (r) => toDelivery(r.delivery, r.message),
  );
  return { deliveries: data, nextCursor };
}

export async function deliveryDetail(
  deps: AppDeps,
  workspaceId: string,
  id: string,
): Promise<WebhookDeliveryDetail> {
  const job = await loadDeliveryJob(deps.database.db, workspaceId, id);
  if (!job) throw new ApiError(404, 'not_found', `No webhook delivery ${id}`);
  const attempts = await listAttempts(deps.database.db, workspaceId, id);
  return {
    ...toDelivery(job.delivery, job.message),
    payload: webhookEnvelope(job.message),
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      responseBody: a.responseBody,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

/** Manual redelivery: the same message (same webhook-id) goes out again, attempted right away. */
export async function redeliver(deps: AppDeps, workspaceId: string, id: string) {
  const job = await loadDeliveryJob(deps.database.db, workspaceId, id);
  if (!job) throw new ApiError(404, 'not_found', `No webhook delivery ${id}`);
  if (job.endpoint.status !== 'enabled') {
    throw new ApiError(409, 'conflict', 'The endpoint is disabled; enable it before redelivering');
  }
  const row = await requeueDelivery(deps.database.db, workspaceId, id, deps.now());
  if (!row) throw new ApiError(409, 'conflict', 'The delivery is being attempted right now');
  await deliverNow(deps, workspaceId, id);
  return deliveryDetail(deps, workspaceId, id);
}

/**
 * Sends one endpoint a `webhook.test` ping, or a sample of `eventType`, now, and returns the logged
 * attempt. A sample goes out whatever the endpoint subscribes to: it was asked for. Both are marked
 * `test` (in the list and in the body), so neither the console nor a handler takes one for real.
 */
export async function sendTest(
  deps: AppDeps,
  workspaceId: string,
  endpointId: string,
  eventType?: WebhookEventType,
) {
  const endpoint = await getEndpoint(deps, workspaceId, endpointId);
  if (endpoint.status !== 'enabled') throw new ApiError(409, 'conflict', 'The endpoint is disabled');
  const now = deps.now();
  const delivery = await deps.database.db.transaction(async (tx) => {
    const messageId = eventType
      ? await enqueueTest(tx, workspaceId, eventType, webhookSample(eventType, now), now)
      : await enqueueTest(tx, workspaceId, WEBHOOK_TEST_TYPE, { endpointId, test: true }, now);
    const [row] = await insertDeliveries(tx, [
      { workspaceId, messageId, endpointId, nextAttemptAt: now, createdAt: now },
    ]);
    if (!row) throw new Error('test delivery insert returned nothing');
    return row;
  });
  await deliverNow(deps, workspaceId, delivery.id);
  return deliveryDetail(deps, workspaceId, delivery.id);
}
