import { createRoute } from '@hono/zod-openapi';
import { DecideResponse } from '../../../shared/decide.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { PreviewRequest } from '../../../shared/preview-link.ts';
import { publicAuth } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { previewForUser } from '../../services/preview-links.ts';
import { json } from '../admin/route-kit.ts';

export const previewRoutes = createRouter();
previewRoutes.use('/preview', publicAuth);

const error = (description: string) => json(ErrorEnvelope, description);

previewRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/preview',
    tags: ['Widget'],
    summary: 'The campaign of a preview link, for this user on this page; records nothing',
    description:
      'The widget calls it instead of `/v1/decide` while its page was opened with `?attach_preview=` ' +
      '(a link from `POST /v1/admin/campaigns/preview-link`): the campaign as saved now, shown whether ' +
      'or not it would be, flagged `preview`. No decision, impression or cap is recorded.',
    security: [{ publishableKey: [], userToken: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: PreviewRequest } } } },
    responses: {
      200: {
        description: 'The previewed message',
        content: { 'application/json': { schema: DecideResponse } },
      },
      400: error(
        'Invalid request, or a link of another workspace (preview_link_invalid) or expired (preview_link_expired)',
      ),
      401: error('Missing or invalid publishable key or user token'),
      403: error('Origin not allowed'),
      404: error('The campaign was deleted (preview_link_invalid), or the account is not synced (not_found)'),
      429: error(RATE_LIMITED_DESCRIPTION),
    },
  }),
  async (c) =>
    c.json(await previewForUser(c.var.deps, c.var.workspace, c.var.endUser, c.req.valid('json')), 200),
);
