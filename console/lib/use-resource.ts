import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from './api.ts';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** What `load` resolves to, loaded again when `key` changes or on `reload()`; nothing while `key` is null. */
function useLoaded<T>(key: string | null, load: (key: string) => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: key !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load(key).then(
      (data) => live && setState({ data, loading: false }),
      (err) => live && setState({ error: errorMessage(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** GETs a path (none when `path` is null) and re-fetches when it changes or on `reload()`. */
export function useResource<T>(path: string | null): Resource<T> {
  return useLoaded(path, (p) => api<T>('GET', p));
}

/** Pages read at most: a list longer than this many pages is cut rather than read without end. */
const MAX_PAGES = 50;

/** Every page of a cursor-paged list (`{ data, nextCursor }`), in order, as one list. */
async function everyPage<T>(path: string): Promise<{ data: T[] }> {
  const data: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page: { data: T[]; nextCursor: string | null } = await api(
      'GET',
      cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`,
    );
    data.push(...page.data);
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  return { data };
}

/**
 * The whole of a paged list, for pages that show or total all of it (the campaigns list, the
 * overview's figures, pickers of products and campaigns): one page of 200 would silently leave the
 * rest out of a workspace that has more.
 */
export function useEveryPage<T>(path: string | null): Resource<{ data: T[] }> {
  return useLoaded(path, (p) => everyPage<T>(p));
}
