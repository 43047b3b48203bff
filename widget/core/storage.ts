/**
 * localStorage that never throws: Safari private mode, sandboxed iframes and disabled cookies all
 * make it throw on access (reading `localStorage` itself too, hence inside each try). A memory copy
 * keeps the widget working for the life of the page.
 */
const memory = new Map<string, string>();

export function load<T>(key: string): T | undefined {
  let raw: string | null | undefined = memory.get(key);
  try {
    raw = localStorage.getItem(key) ?? raw;
  } catch {
    // keep the memory copy
  }
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  memory.set(key, raw);
  try {
    localStorage.setItem(key, raw);
  } catch {
    // quota or disabled storage: the memory copy still serves this page
  }
}

export function remove(key: string): void {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to do
  }
}
