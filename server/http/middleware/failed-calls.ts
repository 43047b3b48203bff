import type { MiddlewareHandler } from 'hono';
import { recordFailedCall } from '../../services/failed-calls.ts';
import type { AppEnv } from '../types.ts';

/** The code and message of an error response: our envelope, or the status alone for anything else. */
async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') return { code, message };
  } catch {
    // not JSON: described by its status below
  }
  return { code: `http_${res.status}`, message: res.statusText };
}

/**
 * Keeps the admin API's failed calls made with a secret key (shared/failed-calls.ts), once the
 * response is decided, without holding it back: the write is not awaited.
 */
export const failedCallLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const caller = c.get('apiCaller');
  if (!caller || c.res.status < 400) return;
  const { code, message } = await errorOf(c.res);
  void recordFailedCall(c.var.deps, {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    code,
    message,
    requestId: c.get('requestId') ?? null,
  });
};
