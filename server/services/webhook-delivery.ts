import { Webhook } from 'standardwebhooks';
import {
  claimDelivery,
  claimDueDeliveries,
  type DeliveryJob,
  enabledEndpointsOf,
  failPendingDeliveries,
  finishDelivery,
  insertAttempt,
  insertDeliveries,
  loadDeliveryJob,
  lockUndispatched,
  markDispatched,
  updateEndpoint,
} from '../db/queries/webhooks.ts';
import { nextRetryDelayMs, parseRetryAfter } from '../domain/backoff.ts';
import { errorFields } from '../http/logger.ts';
import type { AppDeps } from '../http/types.ts';
import { checkWebhookUrl } from './ssrf.ts';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-http.ts';

export const FANOUT_BATCH = 200;
/** Sends in flight per workspace per instance: all a single-workspace installation uses. */
export const PARALLEL_SENDS = 10;
/**
 * Sends in flight per instance beyond PARALLEL_SENDS, which only other workspaces can take: one
 * workspace whose receivers hang holds its 10, and another's webhooks still go out at once.
 */
export const RESERVED_SENDS = 2;
/** While sends are in flight, how often new outbox messages are fanned out and due deliveries claimed. */
const WAKE_MS = 1_000;
/** Sends in flight per endpoint across every instance: a hanging receiver holds no more slots. */
const PER_ENDPOINT = 3;
/** A delivery is claimed right before its send, so its lease covers one request and the writes around it. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS * 2;

/**
 * Turns undispatched outbox rows into one delivery per matching enabled endpoint, and marks them
 * dispatched, in one transaction. Returns how many messages were handled.
 */
export async function fanOut(deps: AppDeps): Promise<number> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const messages = await lockUndispatched(tx, FANOUT_BATCH);
    if (messages.length === 0) return 0;
    const endpoints = await enabledEndpointsOf(tx, [...new Set(messages.map((m) => m.workspaceId))]);
    const rows = messages.flatMap((message) =>
      endpoints
        .filter((e) => e.workspaceId === message.workspaceId && e.eventTypes.includes(message.eventType))
        .map((e) => ({
          workspaceId: message.workspaceId,
          messageId: message.id,
          endpointId: e.id,
          nextAttemptAt: now,
          createdAt: now,
        })),
    );
    await insertDeliveries(tx, rows);
    await markDispatched(tx, messages, now);
    return messages.length;
  });
}

/** Fans out the outbox until it is empty (each pass its own short transaction). */
export async function drainOutbox(deps: AppDeps, stopping?: AbortSignal): Promise<void> {
  let handled = 0;
  do handled = await fanOut(deps);
  while (handled > 0 && !stopping?.aborted);
}

/** Resolves when the first of `sending` settles, `ms` pass, or the server starts stopping. */
async function firstOf(
  sending: ReadonlySet<Promise<void>>,
  ms: number,
  stopping?: AbortSignal,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake = () => {};
  const waited = new Promise<void>((resolve) => {
    wake = () => resolve();
    timer = setTimeout(wake, ms);
    stopping?.addEventListener('abort', wake, { once: true });
  });
  await Promise.race([...sending, waited]);
  clearTimeout(timer);
  stopping?.removeEventListener('abort', wake);
}

/**
 * Fans out the outbox and sends due deliveries until none is left, claiming each just before its
 * send and refilling free slots as sends finish, so a slow receiver never holds back the others'
 * claims. While sends are in flight it also wakes every second to fan out new messages and claim
 * what fell due: a workspace whose receivers hang for their whole timeout (its PARALLEL_SENDS full)
 * delays nobody else's webhooks, which take the RESERVED_SENDS. Returns how many were attempted.
 * Once `stopping` is aborted nothing more is claimed; sends in flight finish.
 */
export async function deliverDue(deps: AppDeps, stopping?: AbortSignal): Promise<number> {
  const sending = new Set<Promise<void>>();
  const inFlight = new Map<string, number>();
  const count = (workspaceId: string, delta: number) => {
    const n = (inFlight.get(workspaceId) ?? 0) + delta;
    if (n > 0) inFlight.set(workspaceId, n);
    else inFlight.delete(workspaceId);
  };
  let attempted = 0;
  let settled = 0;
  // Fanned out on the first pass and then once a second at most, not after every send that ends.
  let fannedOutAt = Number.NEGATIVE_INFINITY;
  while (!stopping?.aborted) {
    if (performance.now() - fannedOutAt >= WAKE_MS) {
      await drainOutbox(deps, stopping);
      fannedOutAt = performance.now();
    }
    const now = deps.now();
    const lease = new Date(now.getTime() + LEASE_MS);
    const settledBefore = settled;
    const claimed = await claimDueDeliveries(deps.database, now, lease, {
      limit: PARALLEL_SENDS + RESERVED_SENDS - sending.size,
      perEndpoint: PER_ENDPOINT,
      perWorkspace: PARALLEL_SENDS,
      inFlight,
    });
    for (const key of claimed) {
      count(key.workspaceId, 1);
      // A failed write leaves the delivery leased; it is attempted again once the lease expires.
      const send: Promise<void> = attempt(deps, key, lease)
        .catch((err: unknown) =>
          deps.log.error('webhook_attempt_failed', { deliveryId: key.id, ...errorFields(err) }),
        )
        .finally(() => {
          settled++;
          sending.delete(send);
          count(key.workspaceId, -1);
        });
      sending.add(send);
    }
    attempted += claimed.length;
    // A send that ended while that claim ran freed a slot the claim could not see (its count of
    // in-flight sends was taken earlier): claim again now, or the run could stop with work due.
    if (settled !== settledBefore) continue;
    if (sending.size === 0) break;
    // Claim again once a send finishes (an endpoint at its cap frees a slot only then), or a second on.
    await firstOf(sending, WAKE_MS, stopping);
  }
  await Promise.all(sending);
  return attempted;
}

/** Attempts one delivery now, if it is pending and unclaimed (test sends, manual redelivery). */
export async function deliverNow(deps: AppDeps, workspaceId: string, id: string): Promise<boolean> {
  const now = deps.now();
  const lease = new Date(now.getTime() + LEASE_MS);
  const key = { workspaceId, id };
  if (!(await claimDelivery(deps.database, key, now, lease))) return false;
  await attempt(deps, key, lease);
  return true;
}

/** The envelope of a message as every delivery carries it (and the API shows it). */
export function webhookEnvelope(message: DeliveryJob['message']) {
  return {
    type: message.eventType,
    timestamp: message.createdAt.toISOString(),
    test: message.test,
    data: message.payload,
  };
}

/** The exact bytes sent: identical on every retry, so signatures and dedupe by webhook-id hold. */
export function messageBody(job: Pick<DeliveryJob, 'message'>): string {
  return JSON.stringify(webhookEnvelope(job.message));
}

type Endpoint = DeliveryJob['endpoint'];

/** When a rotation's overlap ends, if the previous secret still signs at `at`. */
export function overlapEnd(endpoint: Pick<Endpoint, 'previousSecretExpiresAt'>, at: Date): Date | null {
  const end = endpoint.previousSecretExpiresAt;
  return end && end > at ? end : null;
}

/** The current secret, and the previous one while a rotation's overlap lasts. */
export function signingSecrets(deps: AppDeps, endpoint: Endpoint, at: Date): string[] {
  const previous =
    endpoint.previousSecretEnc && overlapEnd(endpoint, at)
      ? [deps.secretBox.open(endpoint.previousSecretEnc)]
      : [];
  return [deps.secretBox.open(endpoint.secretEnc), ...previous];
}

/** Standard Webhooks headers; several secrets give space-separated signatures, any of which verifies. */
export function signedHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
    'user-agent': 'Attach-Webhooks/1.0',
  };
}

async function attempt(deps: AppDeps, key: { workspaceId: string; id: string }, lease: Date): Promise<void> {
  const job = await loadDeliveryJob(deps.database.db, key.workspaceId, key.id);
  if (!job) return;
  const { delivery, endpoint } = job;
  if (endpoint.status !== 'enabled') {
    await finish(deps, job, lease, { status: 'failed', lastError: 'endpoint disabled' });
    return;
  }
  const verdict = checkWebhookUrl(endpoint.url, deps.config);
  const body = messageBody(job);
  const sentAt = deps.now();
  const result = verdict.ok
    ? await postWebhook(
        verdict.url,
        signedHeaders(signingSecrets(deps, endpoint, sentAt), job.message.id, sentAt, body),
        body,
        verdict.checkAddresses,
      )
    : {
        statusCode: null,
        error: `URL not allowed: ${verdict.reason}`,
        retryAfter: null,
        body: null,
        durationMs: 0,
      };
  const attemptNo = delivery.attempts + 1;
  const done = deps.now();
  await deps.database.db.transaction(async (tx) => {
    await insertAttempt(tx, {
      workspaceId: key.workspaceId,
      deliveryId: delivery.id,
      attempt: attemptNo,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
      responseBody: result.body,
      createdAt: done,
    });
    const code = result.statusCode;
    const base = { attempts: attemptNo, lastStatusCode: code, lastError: result.error, updatedAt: done };
    if (code !== null && code >= 200 && code < 300) {
      await finishDelivery(tx, { ...key, lease }, { ...base, status: 'succeeded', deliveredAt: done });
      return;
    }
    if (code === 410) {
      // The receiver says the endpoint is gone for good: stop sending anything to it.
      await finishDelivery(tx, { ...key, lease }, { ...base, status: 'failed' });
      await updateEndpoint(tx, key.workspaceId, endpoint.id, {
        status: 'disabled',
        disabledReason: 'receiver answered 410 Gone',
        updatedAt: done,
      });
      await failPendingDeliveries(tx, key.workspaceId, endpoint.id, 'endpoint disabled (410 Gone)', done);
      return;
    }
    const delay = nextRetryDelayMs(attemptNo, Math.random(), parseRetryAfter(result.retryAfter, done));
    if (delay === null) {
      await finishDelivery(tx, { ...key, lease }, { ...base, status: 'dead' });
      return;
    }
    await finishDelivery(tx, { ...key, lease }, { ...base, nextAttemptAt: new Date(done.getTime() + delay) });
  });
  if (result.statusCode === 410) deps.log.warn('webhook_endpoint_disabled', { endpointId: endpoint.id });
}

async function finish(
  deps: AppDeps,
  job: DeliveryJob,
  lease: Date,
  patch: { status: 'failed'; lastError: string },
): Promise<void> {
  await finishDelivery(
    deps.database.db,
    { workspaceId: job.delivery.workspaceId, id: job.delivery.id, lease },
    { ...patch, updatedAt: deps.now() },
  );
}
