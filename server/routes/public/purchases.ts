import { createRoute, z } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import { Purchase, PurchaseRequest } from '../../../shared/money.ts';
import { publicAuth } from '../../http/middleware/public-auth.ts';
import { createRouter } from '../../http/router.ts';
import { RATE_LIMITED_DESCRIPTION } from '../../http/widget-rate-limits.ts';
import { purchase } from '../../services/purchases.ts';

export const purchasesRoutes = createRouter();
purchasesRoutes.use('/purchases', publicAuth);

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

purchasesRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/purchases',
    tags: ['Widget'],
    summary: 'One-click purchase of the offer a decision showed',
    description:
      'Requires an `Idempotency-Key` header. The server re-prices the offer; a different `offerVersion` is ' +
      '409 `price_changed`. Retries with the same key and body return the first response byte for byte ' +
      '(`Idempotent-Replayed: true`); the same key with another body is 422. Only buyer roles may buy ' +
      '(403 `purchase_not_allowed`: show "ask your admin").',
    security: [{ publishableKey: [], userToken: [] }],
    request: {
      headers: z.object({ 'idempotency-key': z.string().optional() }),
      body: { required: true, content: { 'application/json': { schema: PurchaseRequest } } },
    },
    responses: {
      201: {
        description: 'Purchased (pending fulfilment by the host)',
        content: { 'application/json': { schema: Purchase } },
      },
      400: error('Invalid request or missing Idempotency-Key'),
      401: error('Missing or invalid publishable key or user token'),
      429: error(RATE_LIMITED_DESCRIPTION),
      403: error('Not a buyer role, unverified identity, or origin not allowed'),
      404: error('Unknown decision'),
      409: error('Price changed, offer expired, not offered, owned, prerequisites missing, in progress'),
      422: error('Idempotency-Key reused with a different request'),
    },
  }),
  async (c) => {
    const result = await purchase(
      c.var.deps,
      c.var.workspace,
      c.var.endUser,
      c.req.header('idempotency-key'),
      c.req.valid('json'),
    );
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (result.replayed) headers['idempotent-replayed'] = 'true';
    // The stored bytes go out untouched (not re-serialised), so a replay is identical to the original;
    // c.body keeps the headers set before (X-Request-Id, CORS), which a bare Response dropped.
    return c.body(result.body, result.status as never, headers) as never;
  },
);
