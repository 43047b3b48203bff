import { createRoute, z } from '@hono/zod-openapi';
import { ListQuery } from '../../../shared/catalog.ts';
import { ErrorEnvelope } from '../../../shared/errors.ts';
import {
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointInput,
  WebhookEndpointList,
  WebhookEndpointPatch,
  WebhookSecretRotation,
  WebhookTestRequest,
} from '../../../shared/money.ts';
import { createRouter } from '../../http/router.ts';
import { decodePositionCursor } from '../../services/position-cursor.ts';
import {
  createEndpoint,
  deliveries,
  deliveryDetail,
  endpoints,
  getEndpoint,
  patchEndpoint,
  redeliver,
  removeEndpoint,
  rotateSecret,
  sendTest,
  toEndpoint,
} from '../../services/webhooks.ts';
import { errorResponses, json, jsonBody, secretKeyRoute } from './route-kit.ts';

export const webhooksRoutes = createRouter();

const errors = errorResponses(400, 401, 404);
const common = { ...secretKeyRoute, tags: ['Webhooks'] };
const IdParam = z.object({ id: z.uuid() });

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/webhooks/endpoints',
    summary: 'Add an endpoint; its signing secret (whsec_…) is returned once',
    description:
      'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`; ' +
      'verify with any Standard Webhooks library). Delivery is at least once, with exponential backoff and ' +
      'jitter for about 24 hours: dedupe by `webhook-id`. Answer 2xx quickly; 410 disables the endpoint; ' +
      '`Retry-After` is honoured. URLs resolving to loopback, private or link-local addresses are refused.',
    request: jsonBody(WebhookEndpointInput),
    responses: { 201: json(WebhookEndpointCreated, 'Created'), ...errors },
  }),
  async (c) =>
    c.json(await createEndpoint(c.var.deps, c.var.workspace.row.id, c.req.valid('json'), c.var.actor), 201),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/webhooks/endpoints',
    summary: 'List endpoints',
    responses: { 200: json(WebhookEndpointList, 'Endpoints'), ...errors },
  }),
  async (c) => c.json({ endpoints: await endpoints(c.var.deps, c.var.workspace.row.id) }, 200),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/webhooks/endpoints/{id}',
    summary: 'One endpoint',
    request: { params: IdParam },
    responses: { 200: json(WebhookEndpoint, 'Endpoint'), ...errors },
  }),
  async (c) =>
    c.json(
      toEndpoint(
        await getEndpoint(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id),
        c.var.deps.now(),
      ),
      200,
    ),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'patch',
    path: '/webhooks/endpoints/{id}',
    summary: 'Change the URL, event types or description; enable or disable',
    request: { params: IdParam, ...jsonBody(WebhookEndpointPatch) },
    responses: { 200: json(WebhookEndpoint, 'Updated'), ...errors },
  }),
  async (c) =>
    c.json(
      await patchEndpoint(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.var.actor,
      ),
      200,
    ),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/webhooks/endpoints/{id}/rotate-secret',
    summary: 'Replace the signing secret; the new one is returned once',
    description:
      'For `overlapSeconds` (default 86 400, at most a week) every delivery carries two signatures in ' +
      '`webhook-signature`, by the new and by the old secret, so receivers can switch without rejecting a ' +
      'message. `overlapSeconds: 0` retires the old secret at once, as after a leak. Rotating again during ' +
      'an overlap drops the older secret.',
    request: { params: IdParam, ...jsonBody(WebhookSecretRotation) },
    responses: { 200: json(WebhookEndpointCreated, 'The endpoint and its new secret'), ...errors },
  }),
  async (c) =>
    c.json(
      await rotateSecret(
        c.var.deps,
        c.var.workspace.row.id,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.var.actor,
      ),
      200,
    ),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'delete',
    path: '/webhooks/endpoints/{id}',
    summary: 'Delete an endpoint; its pending deliveries are given up',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errors },
  }),
  async (c) => {
    await removeEndpoint(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id, c.var.actor);
    return c.body(null, 204);
  },
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/webhooks/endpoints/{id}/test',
    summary: 'Send a signed test message (a ping, or a sample of one event type) now and return the attempt',
    description:
      'Without a body (or with `{}`) the endpoint receives a `webhook.test` ping. With `{"eventType": ' +
      '"purchase.created"}` (any event type, subscribed or not) it receives a realistic sample of that ' +
      'event: the body is valid for the schema under `webhooks` in this document and signed like any ' +
      'delivery, so you can build and test your handler before a real event happens. Samples have fresh ' +
      'ids and name `sample-account` and `sample-user`. Both carry `test: true` in the body and in the ' +
      'deliveries list (real events carry `test: false`), and keep it when redelivered.',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: WebhookTestRequest } } },
    },
    responses: {
      200: json(WebhookDeliveryDetail, 'The test delivery'),
      409: json(ErrorEnvelope, 'Endpoint disabled'),
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { eventType } = c.req.valid('json');
    return c.json(await sendTest(c.var.deps, c.var.workspace.row.id, id, eventType), 200);
  },
);

const DeliveryQuery = ListQuery.extend({
  endpoint: z.uuid().optional(),
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']).optional(),
  message: z.string().max(100).optional(),
  test: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`true`: only test sends (pings and samples); `false`: only real events.' }),
});

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/webhooks/deliveries',
    summary: 'Deliveries, newest first, with status, attempt count and whether each is a test',
    request: { query: DeliveryQuery },
    responses: { 200: json(WebhookDeliveryList, 'A page of deliveries'), ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const filter = {
      endpointId: q.endpoint,
      status: q.status,
      messageId: q.message,
      test: q.test === undefined ? undefined : q.test === 'true',
      after: decodePositionCursor('deliveries', q.cursor),
      limit: q.limit,
    };
    return c.json(await deliveries(c.var.deps, c.var.workspace.row.id, filter), 200);
  },
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'get',
    path: '/webhooks/deliveries/{id}',
    summary: 'One delivery with its payload and every attempt',
    request: { params: IdParam },
    responses: { 200: json(WebhookDeliveryDetail, 'Delivery'), ...errors },
  }),
  async (c) => c.json(await deliveryDetail(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id), 200),
);

webhooksRoutes.openapi(
  createRoute({
    ...common,
    method: 'post',
    path: '/webhooks/deliveries/{id}/redeliver',
    summary: 'Send the same message (same webhook-id) again, now',
    request: { params: IdParam },
    responses: {
      200: json(WebhookDeliveryDetail, 'Delivery after the new attempt'),
      409: json(ErrorEnvelope, 'Endpoint disabled or attempt in progress'),
      ...errors,
    },
  }),
  async (c) => c.json(await redeliver(c.var.deps, c.var.workspace.row.id, c.req.valid('param').id), 200),
);
