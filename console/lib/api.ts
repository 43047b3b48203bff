import { CSRF_HEADER } from '../../shared/console.ts';
import type { ValidationIssue } from '../../shared/errors.ts';

/** A failed API call, carrying the envelope's code and, for validation errors, the field issues. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ValidationIssue[] = [],
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let csrfToken = '';
let onUnauthorized: () => void = () => {};
let onTwoStepSetupRequired: () => void = () => {};

/** The session's CSRF token goes on every mutation (double-submit against the HttpOnly cookie). */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** Called when any request comes back 401: the session ended, so the app shows the sign-in page. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

/**
 * Called when the workspace has started requiring two-step sign-in under an open console and this
 * user has none: the API answers nothing but its setup until they have one.
 */
export function setTwoStepSetupHandler(handler: () => void) {
  onTwoStepSetupRequired = handler;
}

async function failure(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; details?: { issues?: ValidationIssue[] } } }
    | undefined;
  const error = body?.error;
  return new ApiFailure(
    res.status,
    error?.code ?? 'internal_error',
    error?.message ?? `Request failed (${res.status})`,
    error?.details?.issues ?? [],
    error?.details,
  );
}

/**
 * Calls the admin API with the session cookie. Resolves with the JSON body, rejects with ApiFailure.
 *
 * @example
 * const campaign = await api<Campaign>('PUT', `/v1/admin/campaigns/${id}`, definition);
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...headers },
  };
  const h = init.headers as Record<string, string>;
  if (method !== 'GET' && csrfToken) h[CSRF_HEADER] = csrfToken;
  if (body !== undefined) {
    h['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 401 && path !== '/v1/admin/session') onUnauthorized();
  if (!res.ok) {
    const failed = await failure(res);
    if (failed.code === 'two_step_setup_required') onTwoStepSetupRequired();
    throw failed;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
