import type { Context, MiddlewareHandler } from 'hono';
import { originAllowed } from '../../../shared/origins.ts';
import { noteVocabulary } from '../../services/vocabulary.ts';
import { ApiError } from '../api-error.ts';
import type { AppEnv, WorkspaceRow } from '../types.ts';
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
  assertOriginAllowed(c, workspace.row);
  // Where the widget runs, for the console's installation check. Not awaited: after the first call
  // of the day it is a map lookup, and it never fails the request.
  if (origin) void noteVocabulary(c.var.deps, workspace.row.id, 'origin', [origin]);
  c.set('workspace', workspace);
  c.set('endUser', endUser);
  await next();
};

/** What an Origin header holds from a browser; anything else is not worth remembering. */
const looksLikeOrigin = (origin: string) => origin.length <= 200 && /^https?:\/\/[^/\s]+$/.test(origin);

/**
 * Browser calls carry an Origin; server-to-server calls do not and are allowed. A refused origin is
 * noted (`refused_origin`, once a day per server) so the console can show where the widget was
 * turned away, a staging host or a new domain, and offer to allow it.
 */
export function assertOriginAllowed(c: Context<AppEnv>, workspace: WorkspaceRow): void {
  const origin = c.req.header('origin');
  if (!origin || originAllowed(origin, workspace.allowedOrigins)) return;
  if (looksLikeOrigin(origin)) void noteVocabulary(c.var.deps, workspace.id, 'refused_origin', [origin]);
  throw new ApiError(
    403,
    'origin_not_allowed',
    `Origin ${origin} is not in this workspace's allowed origins`,
  );
}
