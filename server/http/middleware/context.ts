import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { clientAddress } from '../client-address.ts';
import type { RequestMetrics } from '../metrics.ts';
import type { AppDeps, AppEnv } from '../types.ts';

const REFUSALS: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * Puts deps and a request-scoped logger on the context, logs one line per request and counts it in
 * `metrics` under the pattern of the route that answered.
 */
export function requestContext(deps: AppDeps, metrics: RequestMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deps', deps);
    const log = deps.log.child({ requestId: c.get('requestId') });
    c.set('log', log);
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The route that answered (after next(), routeIndex is the last handler run); unmatched
    // requests end on a catch-all middleware, so their raw path never becomes a label.
    const route =
      c.res.status === 404 && c.get('errorCode') === undefined ? 'unmatched' : routePath(c, c.req.routeIndex);
    metrics.observe(route, c.req.method, c.res.status, seconds);
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(seconds * 10_000) / 10,
      workspaceId: c.get('workspace')?.row.id,
    };
    if (c.res.status >= 500) log.error('request', fields);
    else if (REFUSALS.has(c.res.status)) {
      // Refused credentials and throttling are what an operator watches for (a leaked or guessed
      // key, a misconfigured host): logged at info with the code and the caller's address.
      const client = clientAddress(c, deps.config.trustedProxies ?? 0);
      log.info('request', { ...fields, code: c.get('errorCode'), client });
    } else log.debug('request', fields);
  };
}
