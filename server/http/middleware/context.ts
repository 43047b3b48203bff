import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../types.ts';

/** Puts deps and a request-scoped logger on the context and logs one line per request. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deps', deps);
    const log = deps.log.child({ requestId: c.get('requestId') });
    c.set('log', log);
    const started = performance.now();
    await next();
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      workspaceId: c.get('workspace')?.row.id,
    };
    if (c.res.status >= 500) log.error('request', fields);
    else log.debug('request', fields);
  };
}
