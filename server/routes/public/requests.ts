import { createRoute } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { AccessRequest, AccessRequestInput } from '../../../shared/money.ts';
import { publicAuth } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { requestAccess } from '../../services/requests.ts';

export const requestsRoutes = createRouter();
requestsRoutes.use('/requests', publicAuth);

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});
const created = { content: { 'application/json': { schema: AccessRequest } } };

requestsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/requests',
    tags: ['Widget'],
    summary: 'Ask the account’s admin for a product (the "ask your admin" path of non-buyers)',
    description:
      'One open request per user and product: asking again returns the open request (200). Admins are ' +
      'notified by the `request.created` webhook and in-app on their next decide.',
    security: [{ publishableKey: [], userToken: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: AccessRequestInput } } } },
    responses: {
      201: { description: 'Request opened', ...created },
      200: { description: 'This user already has an open request for the product', ...created },
      400: error('Invalid request'),
      401: error('Missing or invalid publishable key or user token'),
      429: error(RATE_LIMITED_DESCRIPTION),
      404: error('Unknown product or decision'),
      409: error('The account already owns the product'),
    },
  }),
  async (c) => {
    const { request, created: isNew } = await requestAccess(
      c.var.deps,
      c.var.workspace.row.id,
      c.var.endUser,
      c.req.valid('json'),
    );
    const body = {
      id: request.id,
      productKey: request.productKey,
      status: request.status,
      createdAt: request.createdAt,
    };
    return isNew ? c.json(body, 201) : c.json(body, 200);
  },
);
