import type { AccountInput, UsageInput } from '../../shared/host-data.ts';

/**
 * The demo host's calls to Attach's admin API, over HTTP with the secret key exactly as a host
 * backend in another process would make them.
 */
export type FulfilOutcome = 'confirmed' | 'failed' | 'not_found' | 'retry';

export async function confirmFulfilment(
  publicUrl: string,
  secretKey: string,
  purchaseId: string,
): Promise<FulfilOutcome> {
  if (!secretKey) return 'not_found';
  const url = `${publicUrl.replace(/\/+$/, '')}/v1/admin/purchases/${encodeURIComponent(purchaseId)}/fulfil`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    // Confirming twice is fine (200); 409 means the purchase failed in the meantime.
    if (res.ok) return 'confirmed';
    if (res.status === 409) return 'failed';
    if (res.status === 404) return 'not_found';
    return 'retry';
  } catch {
    return 'retry';
  }
}

/** Posts one host-data batch with the secret key; false when it should be retried. */
async function postBatch(publicUrl: string, secretKey: string, path: string, items: readonly object[]) {
  if (!secretKey || items.length === 0) return true;
  try {
    const res = await fetch(`${publicUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Upserts usage and quotas through `POST /v1/admin/usage/batch`; false when it should be retried. */
export const syncUsage = (publicUrl: string, secretKey: string, items: readonly UsageInput[]) =>
  postBatch(publicUrl, secretKey, '/v1/admin/usage/batch', items);

/**
 * Updates accounts through `POST /v1/admin/accounts/batch`, which changes only the fields an item
 * names; false when it should be retried.
 */
export const syncAccounts = (publicUrl: string, secretKey: string, items: readonly AccountInput[]) =>
  postBatch(publicUrl, secretKey, '/v1/admin/accounts/batch', items);
