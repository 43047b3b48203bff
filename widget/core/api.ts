import { type Breaker, createBreaker } from './breaker.ts';
import { fail, type Result } from './result.ts';

/** Past this the widget shows nothing: a slow prompt is worse than none. */
export const TIMEOUT_MS = 3_000;

export interface ApiOptions {
  /** Origin of the Attach server, e.g. `https://attach.example.com`. */
  base: string;
  key: string;
  token: () => string | undefined;
  /** The server refused the user's token (expired, or none yet); called once per token. */
  onRefused?: (error: { code: string; message?: string | undefined }) => void;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Event delivery has its own backoff; keep it (and being offline) out of the breaker. */
  noBreaker?: boolean;
}

const warned = new Set<string | undefined>();

/** A fetch wrapper that returns Results, aborts after 3 s and trips a circuit breaker. */
export function createApi(options: ApiOptions, breaker: Breaker = createBreaker()) {
  let refused: string | undefined | null = null;
  async function request<T>(method: string, path: string, req: RequestOptions = {}): Promise<Result<T>> {
    const b = req.noBreaker ? createBreaker(Number.POSITIVE_INFINITY) : breaker;
    if (!b.allow()) return fail(0, 'circuit_open');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeoutMs ?? TIMEOUT_MS);
    try {
      const token = options.token();
      const headers: Record<string, string> = { 'X-Attach-Key': options.key, ...req.headers };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (req.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(options.base + path, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal,
        credentials: 'omit',
      });
      const text = await res.text();
      const data = text
        ? (JSON.parse(text) as T & { error?: { code?: string; message?: string } })
        : undefined;
      if (res.status >= 500 || res.status === 429) b.failure();
      else b.success();
      if (res.ok) return { ok: true, value: data as T };
      const e = data?.error as { code?: string; message?: string; details?: unknown } | undefined;
      // A wrong key, an origin not allowed or a bad token shows nothing: say why, once, to whoever
      // integrates it (the page itself stays quiet).
      if (res.status > 400 && res.status < 404 && !warned.has(e?.code)) {
        warned.add(e?.code);
        console.warn(`Attach: ${e?.message}`);
      }
      if (e?.code === 'invalid_user_token' && refused !== token) {
        refused = token;
        options.onRefused?.({ code: e.code, message: e.message });
      }
      return fail(res.status, e?.code ?? 'http_error', e?.message, e?.details);
    } catch {
      b.failure();
      return fail(0, controller.signal.aborted ? 'timeout' : 'network');
    } finally {
      clearTimeout(timer);
    }
  }
  return { request, base: options.base, key: options.key, token: options.token };
}
export type Api = ReturnType<typeof createApi>;
