import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { changesQuotas } from '../seed/catalog.ts';
import { confirmFulfilment, syncAccounts, syncUsage } from './attach-client.ts';
import { billedMrr, billPurchase, monthlyAmount } from './billing.ts';
import { type Grant, grantsFor, type Ledger, openLedger } from './ledger.ts';
import type { HostUsage } from './queries.ts';
import { limitChanges } from './quota-limits.ts';

const Subject = z.object({
  id: z.string(),
  accountId: z.string(),
  productKey: z.string(),
  status: z.string().optional(),
  /** A purchase's charge, in minor units per `interval`. */
  amount: z.number().optional(),
  interval: z.string().optional(),
});

/** Attach's webhook body: `{ type, timestamp, data }` with the purchase or trial as the admin API shows it. */
const Envelope = z.object({
  type: z.string(),
  /** A ping or sample sent from the console: nothing was sold, so nothing is provisioned or billed. */
  test: z.boolean().optional(),
  data: z.object({
    purchase: Subject.optional(),
    trial: Subject.optional(),
    /** A bundle purchase grants several products. */
    entitlements: z.array(z.object({ productKey: z.string() })).optional(),
  }),
});

interface Sale {
  type: string;
  reference: string;
  accountId: string;
  productKeys: string[];
  status: string | undefined;
  /** What a purchase adds to the account's MRR. */
  monthly: number | undefined;
}

function saleOf(payload: unknown): Sale | undefined {
  const parsed = Envelope.safeParse(payload);
  if (!parsed.success || parsed.data.test) return undefined;
  const { type, data } = parsed.data;
  const subject = type.startsWith('purchase.')
    ? data.purchase
    : type.startsWith('trial.')
      ? data.trial
      : undefined;
  if (!subject) return undefined;
  const granted = data.entitlements?.map((e) => e.productKey) ?? [];
  return {
    type,
    reference: subject.id,
    accountId: subject.accountId,
    productKeys: granted.length > 0 ? granted : [subject.productKey],
    status: subject.status,
    monthly:
      subject.amount === undefined || subject.interval === undefined
        ? undefined
        : monthlyAmount(subject.amount, subject.interval),
  };
}

export interface ReceiverConfig {
  endpointSecret: string;
  secretKey: string;
  publicUrl: string;
  dataDir: string;
  now: () => Date;
  /** The host's own records of an account: its plan now, its MRR, its usage, the products it provisioned. */
  accountOf: (
    accountId: string,
  ) => Promise<{ plan: string | null; mrr: number; usage: HostUsage[]; provisioned: string[] }>;
}

/**
 * A plan or a quota add-on (the Capacity Pack) bought through Attach changes the account's quotas,
 * which the host syncs back to Attach so triggers on them see the new room.
 */
async function syncLimits(config: ReceiverConfig, ledger: Ledger, sale: Sale): Promise<boolean> {
  if (!sale.productKeys.some(changesQuotas)) return true;
  const { plan, usage, provisioned } = await config.accountOf(sale.accountId);
  const granted = grantsFor(ledger, sale.accountId).map((g) => g.productKey);
  const owned = [...provisioned, ...granted, ...sale.productKeys];
  return syncUsage(config.publicUrl, config.secretKey, limitChanges(sale.accountId, plan, owned, usage));
}

/**
 * A purchase raises the account's MRR by its monthly amount, as the host's billing would, and the
 * host syncs the new MRR to Attach (segments, filters and sales routing read it). The ledger bills
 * the purchase before the sync, which sends the absolute figure: a retry or a redelivery sends the
 * same MRR again instead of adding the purchase twice.
 */
async function syncMrr(config: ReceiverConfig, ledger: Ledger, sale: Sale): Promise<boolean> {
  const { monthly, accountId, reference } = sale;
  if (monthly === undefined) return true;
  // The account's first sale reads the MRR it had before; later ones build on the ledger's.
  const mrrBefore = ledger.data.billing[accountId]?.mrrBefore ?? (await config.accountOf(accountId)).mrr;
  await ledger.update((data) => billPurchase(data, { accountId, reference, monthly }, mrrBefore));
  const mrr = billedMrr(ledger.data, accountId);
  return mrr === undefined || syncAccounts(config.publicUrl, config.secretKey, [{ id: accountId, mrr }]);
}

export interface ReceiverResult {
  status: 200 | 202 | 400 | 503;
  body: Record<string, unknown>;
}

const HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function grant(
  ledger: Ledger,
  sale: Sale,
  messageId: string,
  kind: Grant['kind'],
  confirmedAt: string | null,
  at: string,
) {
  for (const productKey of sale.productKeys) {
    const existing = ledger.data.grants.find(
      (g) => g.accountId === sale.accountId && g.productKey === productKey,
    );
    if (existing) {
      existing.kind = kind;
      existing.confirmedAt = existing.confirmedAt ?? confirmedAt;
    } else {
      ledger.data.grants.push({
        accountId: sale.accountId,
        productKey,
        kind,
        reference: sale.reference,
        messageId,
        at,
        confirmedAt,
      });
    }
  }
}

function apply(ledger: Ledger, sale: Sale, messageId: string, confirmedAt: string | null, at: string) {
  ledger.data.processed.push(messageId);
  if (sale.type === 'purchase.created' || sale.type === 'trial.converted') {
    grant(ledger, sale, messageId, 'purchase', confirmedAt, at);
  } else if (sale.type === 'purchase.fulfilled') grant(ledger, sale, messageId, 'purchase', at, at);
  else if (sale.type === 'trial.started') grant(ledger, sale, messageId, 'trial', null, at);
  else if (sale.type === 'purchase.failed' || sale.type === 'trial.expired') {
    ledger.data.grants = ledger.data.grants.filter((g) => g.reference !== sale.reference);
  }
}

/**
 * Verifies a Standard Webhooks signature, then provisions what Attach sold: a new purchase is
 * unlocked and confirmed through the admin API's fulfil endpoint, raises the account's MRR (a plan
 * or the Capacity Pack also moves its quotas); trials unlock until they expire.
 * An unconfirmable purchase answers 503 so Attach delivers it again later.
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
  const sale = saleOf(payload);
  if (!sale) {
    // Events the demo does not act on (leads, requests, test sends) are acknowledged and ignored.
    await ledger.update((data) => void data.processed.push(messageId));
    return { status: 202, body: { ignored: true } };
  }
  let confirmedAt: string | null = null;
  if (sale.type === 'purchase.created' && sale.status !== 'completed') {
    const outcome = await confirmFulfilment(config.publicUrl, config.secretKey, sale.reference);
    if (outcome === 'retry') {
      return {
        status: 503,
        body: { error: { code: 'unavailable', message: 'Fulfilment not confirmed yet' } },
      };
    }
    if (outcome === 'failed') {
      await ledger.update((data) => void data.processed.push(messageId));
      return { status: 200, body: { received: sale.type, provisioned: false } };
    }
    if (outcome === 'confirmed') confirmedAt = config.now().toISOString();
  }
  if (sale.type === 'purchase.created' && !(await syncLimits(config, ledger, sale))) {
    return { status: 503, body: { error: { code: 'unavailable', message: 'Quotas not synced yet' } } };
  }
  if (sale.type === 'purchase.created' && !(await syncMrr(config, ledger, sale))) {
    return { status: 503, body: { error: { code: 'unavailable', message: 'MRR not synced yet' } } };
  }
  const at = config.now().toISOString();
  await ledger.update(() => apply(ledger, sale, messageId, confirmedAt, at));
  return { status: 200, body: { received: sale.type } };
}
