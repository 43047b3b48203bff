import { type ColorScheme, createController, type WidgetOptions } from './core/controller.ts';
import type { HostDomEvents, HostEventName, HostEvents, HostListener } from './core/emitter.ts';
import { watchRoutes } from './core/routes.ts';
import { addLocale, EXTRA_LOCALES, lang } from './i18n.ts';
import type { ExtraModule } from './types.ts';
import { popupOf } from './ui/app.tsx';
import { watchFocus } from './ui/focus-return.ts';
import { containersMoved, paint, WATCH } from './ui/mount.tsx';

export type { ColorScheme, HostDomEvents, HostEventName, HostEvents, HostListener, WidgetOptions };

/**
 * The widget's public API. Every method is guarded: whatever happens inside, nothing throws into
 * the host page.
 *
 * @example
 * import { createAttach } from './vendor/attach/widget.mjs'; // with widget.d.mts beside it
 * const attach = createAttach({ server: 'https://attach.example.com', key: 'pk_…', token: userJwt });
 * attach.on('purchased', ({ productKey }) => unlock(productKey));
 * attach.track('report.exported', { format: 'csv' });
 */
export interface AttachApi {
  /** Sets (or replaces) the end user's host-signed token and loads their prompts. */
  identify(token: string): void;
  /** Records a product event (`name` matches `[A-Za-z0-9_.:$/-]+`); it can complete trial steps. */
  track(name: string, props?: Record<string, unknown>): void;
  /** Records a page view and asks for prompts for the current page (route changes do it for you). */
  page(): void;
  /** Forgets the user (logout): hides everything and stops sending. */
  reset(): void;
  /** Calls `cb` with the event's detail each time the widget emits it (see `HostEvents`). */
  on<E extends HostEventName>(event: E, cb: HostListener<E>): void;
  /** Removes `cb`, or every listener of `event` without one. */
  off<E extends HostEventName>(event: E, cb?: HostListener<E>): void;
  /** Shows a campaign's message again if it was decided for this user (preview / re-open). */
  show(campaignId: string): void;
  /** True once the first decision has come back (or failed). */
  isReady(): boolean;
  /** Follows the host's own theme toggle: `light`, `dark`, or `auto` (the OS's setting). */
  colorScheme(scheme: ColorScheme): void;
  /**
   * Holds prompts back while the host shows its own tour or dialog: messages and the team-requests
   * notice are hidden (and not counted as seen), and pages are not decided (a decision spends the
   * user's frequency caps) until `resume()`, which decides the page if one was held back. A checkout
   * the user opened stays.
   */
  pause(): void;
  /** Shows again what `pause()` held back. */
  resume(): void;
}

// What the script tag installs (widget/loader.ts): declared here so that the shipped `widget.d.ts`
// types `window.Attach` and the `attach:<name>` window events along with the ESM exports.
declare global {
  interface Window {
    Attach?: AttachApi;
  }
  interface WindowEventMap extends HostDomEvents {}
}

const guard =
  <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
  (...args: A): R => {
    try {
      return fn(...args);
    } catch {
      return fallback;
    }
  };

/** Creates a widget instance; the script-tag loader calls this once and installs it as `window.Attach`. */
export function createAttach(options: WidgetOptions): AttachApi {
  const base = (options.assets ?? options.server).replace(/\/$/, '');
  let extra: ExtraModule | undefined;
  let loading: Promise<ExtraModule | undefined> | undefined;
  // A failed load is forgotten so that a later need (another click) tries again.
  const loadExtra = () => {
    loading ??= import(/* @vite-ignore */ `${base}/widget-extra.js`).then(
      (mod: ExtraModule) => {
        for (const [k, v] of Object.entries(mod.locales)) addLocale(k, v);
        extra = mod;
        controller.repaint();
        return mod;
      },
      () => {
        loading = undefined;
        return undefined;
      },
    );
    return loading;
  };
  const controller = createController(
    options,
    (view) => {
      try {
        paint(view, controller.ctrl, extra?.paintExtra);
        const popup = popupOf(view);
        const due =
          view.trials.length || view.requests?.length || view.dialog || (popup && popup.format !== 'callout');
        if (!extra && due) void loadExtra();
      } catch {
        // rendering must never break the host
      }
    },
    loadExtra,
  );
  const start = () => {
    watchRoutes(() => controller.page());
    watchFocus();
    addEventListener('pagehide', () => controller.queue.beacon());
    addEventListener(
      'visibilitychange',
      () => document.visibilityState === 'hidden' && controller.queue.beacon(),
    );
    addEventListener('online', () => controller.queue.wake());
    const needsStrings = EXTRA_LOCALES.includes(lang(controller.locale()));
    void controller.start(needsStrings ? loadExtra() : undefined).catch(() => undefined);
    // Slots the host renders later, or re-creates on a re-render, are filled without a page view.
    new MutationObserver(
      guard((r: MutationRecord[]) => containersMoved(r) && controller.slotsChanged(), undefined),
    ).observe(document.documentElement, WATCH);
  };
  // Not before the caller's next statement: calls the script-tag stub queued (a `pause()`) replay first.
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', guard(start, undefined));
  else queueMicrotask(guard(start, undefined));
  return {
    identify: guard((token: string) => typeof token === 'string' && controller.identify(token), undefined),
    track: guard(
      (name: string, props?: Record<string, unknown>) => controller.track(String(name), props ?? {}),
      undefined,
    ),
    page: guard(() => controller.page(), undefined),
    reset: guard(() => controller.reset(), undefined),
    on: guard(
      <E extends HostEventName>(event: E, cb: HostListener<E>) => controller.on(event, cb),
      undefined,
    ),
    off: guard(
      <E extends HostEventName>(event: E, cb?: HostListener<E>) => controller.off(event, cb),
      undefined,
    ),
    show: guard((id: string) => controller.show(id), undefined),
    isReady: guard(() => controller.isReady(), false),
    colorScheme: guard((scheme: ColorScheme) => controller.colorScheme(scheme), undefined),
    pause: guard(() => controller.pause(true), undefined),
    resume: guard(() => controller.pause(false), undefined),
  };
}
