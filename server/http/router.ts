import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './types.ts';
import { validationHook } from './validation.ts';

/**
 * Every router is built here so they all share the validation hook (zod issues → the one envelope).
 * Mounted routers must scope middleware to their own paths (`router.use('/decide', …)`): a
 * `router.use('*')` would leak onto every route under the same prefix.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
export type Router = ReturnType<typeof createRouter>;
