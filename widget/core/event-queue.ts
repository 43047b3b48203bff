import { EVENT_TS_MAX_AGE_MS } from '../../shared/event-names.ts';
import type { EventInput } from '../../shared/events.ts';
import type { Api } from './api.ts';
import { load, save } from './storage.ts';

const MAX_QUEUED = 200;
const BATCH = 20;
const FLUSH_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;
/** Beacon bodies share a 64 KiB keepalive budget with the rest of the page. */
const BEACON_LIMIT = 60_000;
/** Older events would fail their whole batch on the server; an hour's margin covers clock skew. */
const STALE_MS = EVENT_TS_MAX_AGE_MS - 60 * 60 * 1000;

// Written as "not too old" so an unparsable ts (NaN) stays queued: the server names it, and only it is dropped.
const isFresh = (e: EventInput) => !(Date.now() - Date.parse(e.ts) > STALE_MS);

/**
 * The batch positions a 400 `validation_failed` names (`details.issues[].path` = ['events', i, …]);
 * empty when the answer names none, and then the whole batch is dropped.
 */
function rejectedIndexes(details: unknown): Set<number> {
  const issues = (details as { issues?: Array<{ path?: unknown[] }> } | undefined)?.issues;
  const out = new Set<number>();
  for (const issue of Array.isArray(issues) ? issues : []) {
    const [field, index] = issue.path ?? [];
    if (field === 'events' && typeof index === 'number') out.add(index);
  }
  return out;
}

/**
 * Batched, persisted event delivery. Events stay queued (in storage, bounded) until the server
 * acknowledges them; the server dedupes by the client uuid, so re-sending is always safe — which
 * is why a beacon on page hide keeps its events queued for the next page to confirm.
 */
export function createEventQueue(api: Api, storageKey: () => string, onDelivered: () => void) {
  let queue: EventInput[] = load<EventInput[]>(storageKey()) ?? [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let failures = 0;

  const persist = () => save(storageKey(), queue);

  function schedule(ms: number) {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  }

  async function flush(): Promise<void> {
    timer = undefined;
    if (queue.some((e) => !isFresh(e))) {
      queue = queue.filter(isFresh);
      persist();
    }
    if (inFlight || queue.length === 0 || !api.token()) return;
    inFlight = true;
    const batch = queue.slice(0, BATCH);
    const res = await api.request('POST', '/v1/events', { body: { events: batch }, noBreaker: true });
    inFlight = false;
    // A 4xx other than auth/rate limits will never succeed: drop the batch instead of looping.
    const poison =
      !res.ok &&
      res.error.status >= 400 &&
      res.error.status < 500 &&
      ![401, 403, 408, 429].includes(res.error.status);
    if (res.ok || poison) {
      // Of a rejected batch, only the events the server named are dropped; the rest go again.
      const named = res.ok ? new Set<number>() : rejectedIndexes(res.error.details);
      const done = new Set(batch.filter((_, i) => named.size === 0 || named.has(i)).map((e) => e.id));
      queue = queue.filter((e) => !done.has(e.id));
      persist();
      failures = 0;
      if (res.ok) onDelivered();
      if (queue.length) schedule(0);
    } else {
      failures++;
      schedule(Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** failures));
    }
  }

  return {
    push(event: EventInput) {
      queue.push(event);
      if (queue.length > MAX_QUEUED) queue.splice(0, queue.length - MAX_QUEUED);
      persist();
      if (failures === 0) schedule(queue.length >= BATCH ? 0 : FLUSH_MS);
    },
    flush,
    /** Retry now (back online, new token) instead of waiting out the backoff. */
    wake() {
      failures = 0;
      schedule(0);
    },
    /** Last chance on pagehide / hidden: a text/plain body that carries key and token. */
    beacon() {
      const token = api.token();
      if (!queue.length || !token || !navigator.sendBeacon) return;
      let events = queue.filter(isFresh).slice(0, BATCH);
      let body = JSON.stringify({ key: api.key, token, events });
      while (body.length > BEACON_LIMIT && events.length > 1) {
        events = events.slice(0, Math.ceil(events.length / 2));
        body = JSON.stringify({ key: api.key, token, events });
      }
      navigator.sendBeacon(`${api.base}/v1/events`, body);
    },
    /** Another user's queue: reload it from storage (on identify / reset). */
    reload() {
      queue = load<EventInput[]>(storageKey()) ?? [];
    },
    size: () => queue.length,
  };
}
export type EventQueue = ReturnType<typeof createEventQueue>;
