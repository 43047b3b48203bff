import type { MiddlewareHandler } from 'hono';
import { originAllowed } from '../../../shared/origins.ts';
import { noteVocabulary } from '../../services/vocabulary.ts';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../types.ts';
import { authenticateWidgetCall } from '../widget-guard.ts';
import { bearer } from './auth.ts';

/**
 * Widget API: `X-Attach-Key: pk_…` names the workspace, `Authorization: Bearer <jwt>` the end user.
 * CORS is not authentication, so the Origin is checked against the allowlist here too.
 */
export const publicAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { workspace, endUser } = await authenticateWidgetCall(
    c,
    c.req.header('x-attach-key'),
    bearer(c.req.header('authorization')),
  );
  const origin = c.req.header('origin');
  assertOriginAllowed(origin, workspace.row.allowedOrigins);
  // Where the widget runs, for the console's installation check. Not awaited: after the first call
  // of the day it is a map lookup, and it never fails the request.
  if (origin) void noteVocabulary(c.var.deps, workspace.row.id, 'origin', [origin]);
  c.set('workspace', workspace);
  c.set('endUser', endUser);
  await next();
};

/** Browser calls carry an Origin; server-to-server calls do not and are allowed. */
export function assertOriginAllowed(origin: string | undefined, allowed: string[]): void {
  if (!origin || originAllowed(origin, allowed)) return;
  throw new ApiError(
    403,
    'origin_not_allowed',
    `Origin ${origin} is not in this workspace's allowed origins`,
  );
}
