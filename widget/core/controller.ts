import type { DecideResponse, Message } from '../../shared/decide.ts';
import { DEFAULT_SNOOZE_DAYS, MESSAGE_EVENTS, PAGE_VIEW_EVENT } from '../../shared/event-names.ts';
import type { Trial } from '../../shared/money.ts';
import type { PricedOffer } from '../../shared/offer.ts';
import { PREVIEW_PARAM } from '../../shared/preview-param.ts';
import { i18n } from '../i18n.ts';
import { type Ctrl, type DialogState, type ExtraModule, intentOf, type View } from '../types.ts';
import { createApi } from './api.ts';
import { createEmitter, type HostEventName, type HostEvents } from './emitter.ts';
import { createEventQueue } from './event-queue.ts';
import type { Money, MoneyDeps } from './money.ts';
import { fail, type Result } from './result.ts';
import { load, save } from './storage.ts';
import { claims } from './token.ts';
import { uuid } from './uuid.ts';

export interface WidgetOptions {
  /** Origin of the Attach server (its API). */
  server: string;
  /** Where widget-extra.js is served from; defaults to `server`. */
  assets?: string | undefined;
  /** Publishable key, `pk_…`. */
  key: string;
  /** End-user JWT signed by the host backend; can come later through `identify`. */
  token?: string | undefined;
  locale?: string | undefined;
  /** The host's own light or dark theme; `auto` (the default) follows the OS's setting. */
  colorScheme?: ColorScheme | undefined;
}

export type ColorScheme = 'light' | 'dark' | 'auto';
/** A forced scheme for the view, or undefined to follow the OS. */
const forced = (s: unknown) => (s === 'light' || s === 'dark' ? s : undefined);

/** The distinct `data-attach-slot` names on the page, in document order; a name decide would refuse
 * (over 64 characters, shared/decide.ts) is left out rather than costing the page its decision. */
const slotNames = () =>
  [
    ...new Set(
      Array.from(document.querySelectorAll('[data-attach-slot]'), (el) =>
        el.getAttribute('data-attach-slot'),
      ),
    ),
  ].filter((n): n is string => !!n && n.length < 65);

/**
 * A preview link's token (shared/preview-link.ts): from the page's address, else as this tab kept it,
 * so the preview stays on while the product manager moves between pages. Once kept, it leaves the
 * address: a link copied from there (to a colleague, a customer) must not carry the preview on.
 */
function previewToken(): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(PREVIEW_PARAM);
  try {
    if (!fromUrl) return sessionStorage.getItem(PREVIEW_PARAM) ?? undefined;
    sessionStorage.setItem(PREVIEW_PARAM, fromUrl);
    url.searchParams.delete(PREVIEW_PARAM);
    history.replaceState(history.state, '', url);
  } catch {
    // storage refused (sandboxed frame, privacy mode): the preview lasts this page
  }
  return fromUrl ?? undefined;
}

/**
 * The widget's state machine: talks to the API, keeps the view, and exposes what components need
 * (`Ctrl`). Rendering is injected (`paint`), so the same controller drives the real mount and tests.
 */
export function createController(
  options: WidgetOptions,
  paint: (view: View) => void,
  loadExtra: () => Promise<ExtraModule | undefined>,
) {
  let token = options.token;
  let preview = previewToken();
  const api = createApi({
    base: options.server.replace(/\/$/, ''),
    key: options.key,
    token: () => token,
    onRefused: (error) => emitter.emit('unauthorized', error),
  });
  const userKey = (what: string) => `attach:${what}:${options.key}:${claims(token).sub ?? ''}`;
  const emitter = createEmitter();
  const queue = createEventQueue(
    api,
    () => userKey('q'),
    () => refreshTrials(),
  );
  /** The trial panel as the user left it; at first open on wide screens, collapsed on phones (it
   * would share the bottom of a small screen with a callout). */
  const panelOpen = () => load<boolean>(userKey('panel')) ?? innerWidth > 480;
  const seen = new Set<string>();
  /** Slot names the page's decisions so far asked for. */
  const asked = new Set<string>();
  /** Counts page decisions: an answer for an earlier page (a slow one, after a route change) is dropped. */
  let pages = 0;
  /** Messages of slots decided on their own since the page's decision. */
  let slotMessages: Message[] = [];
  /** Campaigns dismissed or bought on this page: a later decision (an SPA route change) may still
   * offer one before the server has the dismissal event, which waits in the queue up to 2 s. */
  const hidden = new Set<string>();
  let ready = false;
  /** `pause()`: nothing is shown, and nothing decided (a decision spends the user's caps), until `resume()`. */
  let paused = false;
  /** A decision the pause held back, made at `resume()`. */
  let missed = false;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let view: View = {
    scheme: forced(options.colorScheme),
    messages: [],
    trials: [],
    panelOpen: panelOpen(),
    i18n: i18n(),
  };

  const moneyDeps: MoneyDeps = {
    api,
    emit: emitter.emit,
    userKey,
    hide(productKey, decisionId) {
      for (const m of view.messages)
        if (m.decisionId === decisionId || intentOf(m).productKey === productKey) hidden.add(m.campaignId);
    },
    async refresh() {
      update({ panelOpen: true });
      await loadTrials();
    },
    keepOffer: (m) => m.offer && save(userKey(`offer:${m.target.key}`), [m.decisionId, m.offer]),
  };
  /** Money actions live in widget-extra.js (loaded on first use, with the dialogs they belong to). */
  async function money(run: (m: Money) => Promise<Result<unknown>>): Promise<Result<unknown>> {
    const mod = await loadExtra();
    return mod ? run(mod.createMoney(moneyDeps)) : fail(0, 'network');
  }

  const locale = () => options.locale ?? claims(token).locale ?? navigator.language;
  function update(patch: Partial<View>) {
    view = { ...view, ...patch };
    view.i18n = i18n(options.locale, claims(token).locale, view.messages[0]?.locale, navigator.language);
    paint(
      paused
        ? { ...view, messages: [], requests: [] }
        : { ...view, messages: view.messages.filter((m) => !hidden.has(m.campaignId)) },
    );
  }

  function track(
    name: string,
    props: Record<string, unknown> = {},
    m?: { decisionId: string; campaignId?: string | undefined },
  ) {
    queue.push({
      id: uuid(),
      name,
      ts: new Date().toISOString(),
      props,
      decisionId: m?.decisionId,
      campaignId: m?.campaignId,
    });
  }

  /**
   * Records an interaction (`recorded`, the event name sent) and tells the host. `props` is typed per
   * host event, so each one carries exactly its documented detail.
   */
  function messageEvent<E extends 'shown' | 'clicked' | 'dismissed'>(
    m: Message,
    name: E,
    props: Omit<HostEvents[E], 'campaignId' | 'decisionId' | 'variant'>,
    recorded: (typeof MESSAGE_EVENTS)[keyof typeof MESSAGE_EVENTS] = MESSAGE_EVENTS[name],
  ) {
    // A preview is seen by the product manager, not a customer: neither we nor the host count it.
    if (m.preview) return;
    track(recorded, props, m);
    // The spread is HostEvents[E]; TypeScript does not follow a generic Omit back through a spread.
    const ref = {
      campaignId: m.campaignId,
      decisionId: m.decisionId,
      ...(m.variant ? { variant: m.variant } : {}),
    };
    emitter.emit(name, { ...ref, ...props } as HostEvents[E]);
  }

  /**
   * Decides for the page (`global` and its slots), or, given `only`, for slots that appeared since
   * (an SPA opened a tab or dialog without a route change): their messages join the page's.
   */
  async function decide(before?: Promise<unknown>, only?: string[]): Promise<void> {
    if (paused) {
      missed = true;
      return;
    }
    // A preview shows its one campaign from the page's answer; new slots only need a redraw.
    if (preview && only) return update({});
    const page = only ? pages : ++pages;
    if (!only) {
      asked.clear();
      slotMessages = [];
    }
    // At most 20 names per call (the API's limit); the others are asked for at the next change.
    const names = (only ?? slotNames()).slice(0, 20);
    for (const n of names) asked.add(n);
    if (!token) return;
    const res = await api.request<DecideResponse>('POST', preview ? '/v1/preview' : '/v1/decide', {
      body: {
        placement: only ? names[0] : 'global',
        slots: only ? names.slice(1) : names,
        // The path only: a query string or hash can carry tokens or personal data, and nothing uses them.
        page: { path: location.pathname.slice(0, 1000) },
        locale: locale(),
        token: preview,
      },
    });
    // An expired (or foreign) link ends the preview: this tab gets its own prompts again.
    if (!res.ok && res.error.code.startsWith('preview_link')) {
      preview = undefined;
      try {
        sessionStorage.removeItem(PREVIEW_PARAM);
      } catch {}
      return decide(before, only);
    }
    await before;
    ready = true;
    if (page !== pages) return;
    // On failure keep showing nothing new: a broken API must never leave a half-drawn prompt.
    const seenIds = load<string[]>(userKey('req')) ?? [];
    const fresh = (res.ok && res.value.messages) || [];
    // A slot's answer may come before its page's (a route renders its slots while the page is
    // being decided): the page's answer keeps it.
    if (only) slotMessages = [...slotMessages, ...fresh];
    update(
      res.ok
        ? {
            messages: only ? [...view.messages, ...fresh] : [...fresh, ...slotMessages],
            theme: res.value.theme,
            requests: res.value.requests?.filter((r) => !seenIds.includes(r.id)),
          }
        : {},
    );
  }

  async function loadTrials(): Promise<void> {
    if (!token) return;
    const res = await api.request<{ trials: Trial[] }>('GET', '/v1/trials');
    if (!res.ok) return;
    const trials = res.value.trials.filter((t) => t.status === 'active');
    // A trial without a priced offer from the server falls back to the offer it was started from.
    for (const t of trials) {
      const kept = t.offer ? undefined : load<[string, PricedOffer]>(userKey(`offer:${t.productKey}`));
      if (kept) [t.decisionId, t.offer] = kept;
    }
    update({ trials });
  }

  /** Progress comes from events: once the server has them, re-read the checklist (debounced). */
  function refreshTrials() {
    if (!view.trials.length) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void loadTrials(), 300);
  }

  const ctrl: Ctrl = {
    seen(m) {
      if (seen.has(m.decisionId)) return;
      seen.add(m.decisionId);
      messageEvent(m, 'shown', {});
    },
    async act(m, action) {
      // Nothing can be bought or started from a preview: it is made of no real decision.
      if (m.preview) return { ok: true, value: undefined };
      messageEvent(m, 'clicked', { action });
      if (action === 'trial') return money((x) => x.startTrial(m));
      const kind: DialogState['kind'] =
        action === 'buy' && m.canPurchase ? 'buy' : action === 'contact' ? 'contact' : 'ask';
      update({ dialog: { kind, intent: intentOf(m) } });
      return { ok: true, value: undefined };
    },
    dismiss(m, snooze) {
      hidden.add(m.campaignId);
      if (snooze) messageEvent(m, 'dismissed', { snoozeDays: DEFAULT_SNOOZE_DAYS }, MESSAGE_EVENTS.snoozed);
      else messageEvent(m, 'dismissed', {});
      update({});
    },
    purchase: (intent, billing) => money((x) => x.purchase(intent, billing)),
    request: (intent, kind) => money((x) => x.request(intent, kind)),
    open: (dialog) => update({ dialog }),
    seenRequests(ids) {
      save(userKey('req'), ids);
      update({ requests: [] });
    },
    togglePanel(open) {
      save(userKey('panel'), open);
      update({ panelOpen: open });
    },
  };

  return {
    ctrl,
    emitter,
    queue,
    view: () => view,
    isReady: () => ready,
    /** `before`: wait for it (the user's UI strings) before the first paint. */
    async start(before?: Promise<unknown>) {
      track(PAGE_VIEW_EVENT, { path: location.pathname });
      await Promise.all([decide(before), loadTrials()]);
    },
    locale,
    repaint: () => update({}),
    /** The page's slots changed: decide for names not asked for yet, else redraw into the new elements. */
    slotsChanged() {
      const fresh = slotNames().filter((n) => !asked.has(n));
      if (fresh.length) void decide(undefined, fresh);
      else update({});
    },
    identify(next: string) {
      token = next;
      queue.reload();
      queue.wake();
      view.panelOpen = panelOpen();
      void decide();
      void loadTrials();
    },
    reset() {
      queue.beacon();
      token = undefined;
      hidden.clear();
      seen.clear();
      queue.reload();
      update({ messages: [], trials: [], dialog: undefined });
    },
    track,
    page() {
      track(PAGE_VIEW_EVENT, { path: location.pathname });
      void decide();
    },
    show(campaignId: string) {
      const m = view.messages.find((x) => x.campaignId === campaignId);
      if (!m) return;
      hidden.delete(campaignId);
      update({ messages: [m, ...view.messages.filter((x) => x !== m)] });
    },
    colorScheme: (scheme: ColorScheme) => update({ scheme: forced(scheme) }),
    pause(on: boolean) {
      paused = on;
      update({});
      if (!on && missed) {
        missed = false;
        void decide();
      }
    },
    on: emitter.on,
    off: emitter.off,
  };
}
export type Controller = ReturnType<typeof createController>;
export type { HostEventName };
