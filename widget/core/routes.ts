/**
 * Calls `onChange` when an SPA changes route: History API calls (pushState / replaceState) and
 * back/forward (popstate). Patched once per page, even if the script loads twice.
 */
export function watchRoutes(onChange: () => void): void {
  let last = location.pathname + location.search;
  const check = () => {
    const now = location.pathname + location.search;
    if (now === last) return;
    last = now;
    try {
      onChange();
    } catch {
      // never break the host's navigation
    }
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function patched(this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
  }
  addEventListener('popstate', check);
}
