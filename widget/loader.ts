import { type AttachApi, type ColorScheme, createAttach } from './index.ts';

type Queued = [keyof AttachApi, unknown[]];
type Global = Partial<AttachApi> & { q?: Queued[]; __attach?: true };

/**
 * The script-tag entry. Reads `data-key`, `data-user-token` (and optional `data-locale`,
 * `data-api`, `data-color-scheme`) from its own tag, replays calls queued by the SPA stub, and installs `window.Attach`.
 * A second copy of the script finds the first installed and does nothing.
 */
(() => {
  try {
    const w = window as unknown as { Attach?: Global };
    if (w.Attach?.__attach) return;
    const script = (document.currentScript ??
      document.querySelector('script[data-key][src*="widget"]')) as HTMLScriptElement | null;
    const key = script?.dataset.key;
    if (!script || !key) return;
    const queued = w.Attach?.q ?? [];
    const origin = new URL(script.src, location.href).origin;
    const api = createAttach({
      server: script.dataset.api ?? origin,
      assets: origin,
      key,
      token: script.dataset.userToken || undefined,
      locale: script.dataset.locale,
      colorScheme: script.dataset.colorScheme as ColorScheme | undefined,
    });
    w.Attach = { ...api, __attach: true };
    for (const [method, args] of queued) (api[method] as (...a: unknown[]) => void)?.(...args);
  } catch {
    // never break the host page
  }
})();
