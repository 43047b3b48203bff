import { createRoute } from '@hono/zod-openapi';
import { DecideRequest, DecideResponse } from '../../../shared/decide.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { publicAuth } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { decide } from '../../services/decide.ts';

export const decideRoutes = createRouter();
decideRoutes.use('/decide', publicAuth);

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

decideRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/decide',
    tags: ['Widget'],
    summary: 'Which messages this user should see now, for a placement and page',
    description:
      'Evaluates every active campaign for the user, ranks per placement and records each served ' +
      'message (caps are enforced by the database). Held-out users are recorded as exposures and see nothing.',
    security: [{ publishableKey: [], userToken: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: DecideRequest } } } },
    responses: {
      200: { description: 'Messages to render', content: { 'application/json': { schema: DecideResponse } } },
      400: error('Invalid request'),
      401: error('Missing or invalid publishable key or user token'),
      429: error(RATE_LIMITED_DESCRIPTION),
      403: error('Origin not allowed'),
    },
  }),
  // c.get, not c.var: hono builds a new object of every variable on each c.var read.
  async (c) =>
    c.json(await decide(c.get('deps'), c.get('workspace'), c.get('endUser'), c.req.valid('json')), 200),
);
