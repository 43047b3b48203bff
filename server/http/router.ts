import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from './types.ts';
import { declaredOnly, validationHook } from './validation.ts';

/**
 * Every router is built here so they all share the validation hook (zod issues → the one envelope),
 * which also refuses undeclared JSON fields and query parameters.
 * Mounted routers must scope middleware to their own paths (`router.use('/decide', …)`): a
 * `router.use('*')` would leak onto every route under the same prefix.
 */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi.bind(router);
  router.openapi = ((route: RouteConfig, handler: never, hook?: never) =>
    register(
      route as never,
      handler,
      declaredOnly(route, hook ?? validationHook) as never,
    )) as typeof router.openapi;
  return router;
}
export type Router = ReturnType<typeof createRouter>;
