import type { Message } from '../../shared/decide.ts';
import type { AccessRequest, Purchase, Trial } from '../../shared/money.ts';
import type { Intent } from '../types.ts';
import type { Api } from './api.ts';
import type { Emitter } from './emitter.ts';
import { fail, type Result } from './result.ts';
import { load, remove, save } from './storage.ts';
import { uuid } from './uuid.ts';

/** What the money actions need from the controller (they run inside widget-extra.js). */
export interface MoneyDeps {
  api: Api;
  emit: Emitter['emit'];
  /** A storage key scoped to the workspace and the current user. */
  userKey(what: string): string;
  /** Hides every message selling `productKey` (bought, requested) or the one message started. */
  hide(productKey: string, decisionId?: string): void;
  /** After a trial starts or a purchase lands: re-read trials and repaint. */
  refresh(): Promise<void>;
  /** Keeps the offer a trial started from, so "buy now" can confirm it later (even after reloads). */
  keepOffer(m: Message): void;
}

/** Trial start, one-click purchase and access requests: the widget's only state-changing calls. */
export function createMoney(d: MoneyDeps) {
  async function startTrial(m: Message): Promise<Result<unknown>> {
    const res = await d.api.request<Trial>('POST', '/v1/trials', {
      body: { decisionId: m.decisionId, productKey: m.target.key },
    });
    if (res.ok || res.error.code === 'already_trialled') {
      d.keepOffer(m);
      d.hide('', m.decisionId);
      d.emit('trial_started', res.ok ? res.value : { productKey: m.target.key });
      await d.refresh();
    }
    return res;
  }

  async function purchase(intent: Intent, billing: 'interval' | 'annual'): Promise<Result<unknown>> {
    if (!intent.offer) return fail(0, 'not_offered');
    // One key per purchase intent, persisted: a retry after a timeout or a reload cannot buy twice.
    const slot = d.userKey(
      `idem:${intent.decisionId}:${intent.productKey}:${billing}:${intent.offer.version}`,
    );
    const key = load<string>(slot) ?? uuid();
    save(slot, key);
    const res = await d.api.request<Purchase>('POST', '/v1/purchases', {
      body: {
        decisionId: intent.decisionId,
        productKey: intent.productKey,
        offerVersion: intent.offer.version,
        billing,
      },
      headers: { 'Idempotency-Key': key },
      timeoutMs: 10_000,
    });
    if (res.ok || res.error.code === 'already_owned') {
      remove(slot);
      d.hide(intent.productKey);
      d.emit('purchased', res.ok ? res.value : { productKey: intent.productKey });
      await d.refresh();
    }
    return res;
  }

  async function request(intent: Intent, kind: 'ask' | 'contact'): Promise<Result<unknown>> {
    const res = await d.api.request<AccessRequest>('POST', '/v1/requests', {
      body: {
        productKey: intent.productKey,
        decisionId: intent.decisionId,
        ...(kind === 'contact' ? { note: 'contact' } : {}),
      },
    });
    if (res.ok) {
      d.hide(intent.productKey);
      d.emit('requested', { productKey: intent.productKey, kind, request: res.value });
    }
    return res;
  }

  return { startTrial, purchase, request };
}
export type Money = ReturnType<typeof createMoney>;
