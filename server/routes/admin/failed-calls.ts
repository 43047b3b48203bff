import { createRoute } from '@hono/zod-openapi';
import {
  FAILED_CALLS_KEPT_DAYS,
  FAILED_CALLS_KEPT_MAX,
  FAILED_CALLS_PER_MINUTE,
  FailedCallPage,
  FailedCallQuery,
} from '../../../shared/failed-calls.ts';
import { createRouter } from '../../http/router.ts';
import { failedCallsPage } from '../../services/failed-calls.ts';
import { errorResponses, json, secretKeyRoute } from './route-kit.ts';

export const failedCallsRoutes = createRouter();

failedCallsRoutes.openapi(
  createRoute({
    ...secretKeyRoute,
    tags: ['Settings'],
    method: 'get',
    path: '/failed-calls',
    summary: 'The admin API’s recent failed calls made with a secret key or an API key; newest first',
    description:
      'Each call to `/v1/admin` made with the workspace’s secret key or a named API key that answered ' +
      '4xx or 5xx, with the caller (`api`, `api:previous`, `key:<name>`), method, path (no query ' +
      'string), status, error code and message, and the response’s `X-Request-Id`. A key refused ' +
      'for being revoked, expired, used from another address or beyond its role is listed too; an ' +
      `unknown key names no workspace and is not. Kept ${FAILED_CALLS_KEPT_DAYS} days, at most ` +
      `the newest ${FAILED_CALLS_KEPT_MAX}; each server keeps at most ${FAILED_CALLS_PER_MINUTE} a ` +
      'minute per workspace. The console’s own calls are not listed. Filter by `actor`, `status` or `since`.',
    request: { query: FailedCallQuery },
    responses: { 200: json(FailedCallPage, 'A page of failed calls'), ...errorResponses(400, 401) },
  }),
  async (c) => c.json(await failedCallsPage(c.var.deps, c.var.workspace.row.id, c.req.valid('query')), 200),
);
