import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorMessage } from './api.ts';

export interface Paged<T> {
  /** Every page fetched so far for the current path, newest first as the API lists them. */
  items: T[];
  /** A page is on its way (the first one for a new path, or the next one). */
  loading: boolean;
  /** The items belong to the current path: its empty list means "none", not "not asked yet". */
  loaded: boolean;
  error: string;
  /** Appends the next page; absent on the last one. */
  more: (() => void) | undefined;
  /** Swaps in an item a change returned, so its row updates in place. */
  replace: (item: T) => void;
}

/**
 * A newest-first list (`{ [field]: T[], nextCursor }`) that grows by its cursor and refetches from
 * the start when `path` (its filters) changes. A page that arrives after the path changed is dropped:
 * typed filters change the path faster than the API answers.
 */
export function usePaged<T extends { id: string }>(path: string, field = 'data'): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const current = useRef(path);
  const load = async (cursor: string | null) => {
    setLoading(true);
    const separator = path.includes('?') ? '&' : '?';
    try {
      const page = await api<Record<string, unknown>>(
        'GET',
        `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (current.current !== path) return;
      const rows = page[field] as T[];
      setItems((before) => (cursor ? [...before, ...rows] : rows));
      setNext(page.nextCursor as string | null);
      setLoaded(true);
      setError('');
    } catch (err) {
      if (current.current === path) setError(errorMessage(err));
    } finally {
      if (current.current === path) setLoading(false);
    }
  };
  useEffect(() => {
    current.current = path;
    setLoaded(false);
    setNext(null);
    void load(null);
  }, [path]);
  const replace = (item: T) => setItems((all) => all.map((x) => (x.id === item.id ? item : x)));
  return { items, loading, loaded, error, more: next ? () => void load(next) : undefined, replace };
}
