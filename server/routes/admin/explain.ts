import { createRoute, z } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { ExplainResponse } from '../../../shared/explain.ts';
import { createRouter } from '../../http/router.ts';
import { explain } from '../../services/explain.ts';

export const explainRoutes = createRouter();

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

const ExplainQuery = z.object({
  account: z.string().min(1).max(200),
  user: z.string().min(1).max(200).optional(),
  role: z.string().min(1).max(50).optional(),
  placement: z.string().min(1).max(64).optional(),
  path: z.string().min(1).max(1000).optional(),
});

explainRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/explain',
    tags: ['Campaigns'],
    summary: 'Why a user is or is not eligible for each campaign, with every reason',
    description:
      'Evaluates every campaign that is not archived for the account (and user) now, running every ' +
      'check. `role` overrides the stored role; `placement` and `path` simulate a page. Records nothing.',
    security: [{ secretKey: [] }],
    request: { query: ExplainQuery },
    responses: {
      200: { description: 'Verdicts', content: { 'application/json': { schema: ExplainResponse } } },
      400: error('Invalid query'),
      401: error('Missing or wrong secret key'),
      404: error('Unknown account'),
    },
  }),
  async (c) => c.json(await explain(c.var.deps, c.var.workspace, c.req.valid('query')), 200),
);
