import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { confirmFulfilment } from './attach-client.ts';
import { type Grant, type Ledger, openLedger } from './ledger.ts';

const Envelope = z.object({
  type: z.string(),
  timestamp: z.string().optional(),
  data: z
    .object({
      id: z.string(),
      accountId: z.string(),
      productKey: z.string(),
      status: z.string().optional(),
    })
    .passthrough(),
});
type Envelope = z.infer<typeof Envelope>;

export interface ReceiverConfig {
  endpointSecret: string;
  secretKey: string;
  publicUrl: string;
  dataDir: string;
  now: () => Date;
}

export interface ReceiverResult {
  status: 200 | 202 | 400 | 503;
  body: Record<string, unknown>;
}

const HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function grant(
  ledger: Ledger,
  event: Envelope,
  messageId: string,
  kind: Grant['kind'],
  confirmedAt: string | null,
  now: Date,
) {
  const { id, accountId, productKey } = event.data;
  const existing = ledger.data.grants.find((g) => g.accountId === accountId && g.productKey === productKey);
  if (existing) {
    existing.kind = kind;
    existing.confirmedAt = existing.confirmedAt ?? confirmedAt;
    return;
  }
  ledger.data.grants.push({
    accountId,
    productKey,
    kind,
    reference: id,
    messageId,
    at: now.toISOString(),
    confirmedAt,
  });
}

function revoke(ledger: Ledger, event: Envelope) {
  ledger.data.grants = ledger.data.grants.filter((g) => g.reference !== event.data.id);
}

/**
 * Verifies a Standard Webhooks signature, then provisions what Attach sold: a new purchase is
 * unlocked and confirmed through the admin API's fulfil endpoint; trials unlock until they expire.
 * Unconfirmable purchases answer 503 so Attach delivers again later.
 */
export async function receiveWebhook(
  config: ReceiverConfig,
  rawBody: string,
  headers: Headers,
): Promise<ReceiverResult> {
  const signed: Record<string, string> = {};
  for (const name of HEADERS) signed[name] = headers.get(name) ?? '';
  let payload: unknown;
  try {
    payload = new Webhook(config.endpointSecret).verify(rawBody, signed);
  } catch (err) {
    const message = err instanceof WebhookVerificationError ? err.message : 'unreadable payload';
    return { status: 400, body: { error: { code: 'invalid_signature', message } } };
  }
  const messageId = signed['webhook-id'] ?? '';
  const ledger = await openLedger(config.dataDir);
  if (ledger.data.processed.includes(messageId)) return { status: 200, body: { duplicate: true } };
  const parsed = Envelope.safeParse(payload);
  if (!parsed.success) {
    // Events the demo does not act on (leads, requests, test pings) are acknowledged and ignored.
    await ledger.update((d) => void d.processed.push(messageId));
    return { status: 202, body: { ignored: true } };
  }
  const event = parsed.data;
  let confirmedAt: string | null = null;
  if (event.type === 'purchase.created' && event.data.status !== 'completed') {
    const outcome = await confirmFulfilment(config.publicUrl, config.secretKey, event.data.id);
    if (outcome === 'retry')
      return {
        status: 503,
        body: { error: { code: 'unavailable', message: 'Fulfilment not confirmed yet' } },
      };
    if (outcome === 'confirmed') confirmedAt = config.now().toISOString();
  }
  const now = config.now();
  await ledger.update((d) => {
    d.processed.push(messageId);
    if (event.type === 'purchase.created' || event.type === 'trial.converted')
      grant(ledger, event, messageId, 'purchase', confirmedAt, now);
    else if (event.type === 'purchase.fulfilled')
      grant(ledger, event, messageId, 'purchase', now.toISOString(), now);
    else if (event.type === 'trial.started') grant(ledger, event, messageId, 'trial', null, now);
    else if (event.type === 'purchase.failed' || event.type === 'trial.expired') revoke(ledger, event);
  });
  return { status: 200, body: { received: event.type } };
}
