import type { Message, MessageAction } from '../../shared/decide.ts';
import type { AccessRequest, Purchase, Trial } from '../../shared/money.ts';

/** Which message an interaction event is about; `variant` when its campaign tests copy, so the host's
 * own analytics can split by it. */
type MessageRef = Pick<Message, 'campaignId' | 'decisionId' | 'variant'>;

/**
 * What each host event carries: the argument of an `Attach.on(name, cb)` callback, and the
 * `detail` of the `attach:<name>` event dispatched on `window`.
 */
export interface HostEvents {
  shown: MessageRef;
  clicked: MessageRef & { action: MessageAction };
  /** `snoozeDays` when the user chose "later" rather than dismissing it. */
  dismissed: MessageRef & { snoozeDays?: number };
  /** The new trial; only `productKey` when the user had already trialled the product. */
  trial_started: Trial | { productKey: string };
  /** The purchase; only `productKey` when the user already owned the product. */
  purchased: Purchase | { productKey: string };
  /** An access request to the workspace's admin (`ask`) or to sales (`contact`). */
  requested: { productKey: string; kind: 'ask' | 'contact'; request: AccessRequest };
  /**
   * The server refused the user's token (`invalid_user_token`: expired, or none given yet), once
   * per token: fetch a fresh one from your backend and pass it to `identify`. Until then nothing shows
   * and events wait.
   */
  unauthorized: { code: string; message?: string | undefined };
}
/** Events the host can listen to with `Attach.on(name, cb)`. */
export type HostEventName = keyof HostEvents;
export type HostListener<E extends HostEventName = HostEventName> = (detail: HostEvents[E]) => void;

/** The `attach:<name>` events on `window`, for `addEventListener('attach:purchased', …)`. */
export type HostDomEvents = { [E in HostEventName as `attach:${E}`]: CustomEvent<HostEvents[E]> };

export function createEmitter() {
  // Stored by name only; `on` and `emit` keep each callback paired with its own event's detail.
  const listeners = new Map<string, Set<(detail: never) => void>>();
  return {
    on<E extends HostEventName>(name: E, cb: HostListener<E>) {
      if (typeof cb !== 'function') return;
      const set = listeners.get(name) ?? new Set();
      set.add(cb);
      listeners.set(name, set);
    },
    off<E extends HostEventName>(name: E, cb?: HostListener<E>) {
      if (cb) listeners.get(name)?.delete(cb);
      else listeners.delete(name);
    },
    emit<E extends HostEventName>(name: E, detail: HostEvents[E]) {
      for (const cb of listeners.get(name) ?? []) {
        try {
          (cb as HostListener<E>)(detail);
        } catch {
          // a host callback's bug must not stop the widget or other listeners
        }
      }
      try {
        // Hosts without a handle on the API can still react: `addEventListener('attach:purchased', …)`.
        dispatchEvent(new CustomEvent(`attach:${name}`, { detail }));
      } catch {
        // CustomEvent missing in a very old environment
      }
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
