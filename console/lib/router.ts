import type { ComponentChildren, JSX } from 'preact';
import { createContext, h } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** The SPA lives under /console/; routes are the rest of the path ('' is the home page). */
export const BASE = '/console/';

function currentRoute(): string {
  const path = window.location.pathname;
  const rel = path.startsWith(BASE) ? path.slice(BASE.length) : '';
  return rel.replace(/\/+$/, '') + window.location.search;
}

const listeners = new Set<() => void>();

/** Questions to ask before leaving the current page (unsaved changes); all must be answered yes. */
const leaveGuards = new Set<() => boolean>();
/**
 * Asks the leave guards now, for an action that leaves only after doing something (duplicating a
 * campaign): asked on navigation instead, a "stay" would come after the deed. Go on with
 * `navigate(route, { asked: true })`, so the question is not put twice.
 */
export const confirmLeave = () => [...leaveGuards].every((ask) => ask());

let shownUrl = typeof window === 'undefined' ? '' : window.location.href;

// Back and forward have already moved the URL when they are heard: a "stay" puts it back, and the
// page's own route listeners never hear of the move (this one is registered first).
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', (e) => {
    // An in-page link (#field, as in an error summary) moves within the page, not away from it.
    const withoutHash = (url: string) => url.split('#')[0];
    if (withoutHash(window.location.href) === withoutHash(shownUrl) || confirmLeave()) {
      shownUrl = window.location.href;
      return;
    }
    e.stopImmediatePropagation();
    window.history.pushState(null, '', shownUrl);
  });
}

/**
 * While `active`, leaving the page asks `question` first: a console link or navigation, back and
 * forward, and (with the browser's own wording) a reload or closing the tab.
 */
export function useLeaveGuard(active: boolean, question: string) {
  useEffect(() => {
    if (!active) return;
    const ask = () => window.confirm(question);
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    leaveGuards.add(ask);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      leaveGuards.delete(ask);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [active, question]);
}

/** Goes to `route`; `replace` rewrites the current entry (the same page's state, e.g. its filters),
 * which no guard stops; `asked` follows a `confirmLeave` already answered yes. */
export function navigate(route: string, { replace = false, asked = false } = {}) {
  if (!replace && !asked && !confirmLeave()) return;
  const url = BASE + route.replace(/^\/+/, '');
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  shownUrl = window.location.href;
  for (const l of listeners) l();
  window.scrollTo?.(0, 0);
}

/** The current route (path after /console/, with its query string), re-rendering on navigation. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

export function routeParams(route: string): { path: string[]; query: URLSearchParams } {
  const [path = '', query = ''] = route.split('?');
  return { path: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

export const RouteContext = createContext('');
export const useCurrentRoute = () => useContext(RouteContext);

type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  children: ComponentChildren;
};

/** An ordinary link (works with a middle click) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return h('a', { ...rest, href: BASE + to.replace(/^\/+/, ''), onClick }, children);
}
