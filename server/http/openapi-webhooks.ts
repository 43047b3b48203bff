import { z } from '@hono/zod-openapi';
import { WEBHOOK_MESSAGE_TYPES, WEBHOOK_MESSAGES } from '../../shared/webhook-payloads.ts';
import type { Router } from './router.ts';

/** Standard Webhooks headers, as every delivery carries them. */
const SignatureHeaders = z.object({
  'webhook-id': z.string().meta({
    description: 'The message id (`msg_…`), the same on every retry: dedupe by it.',
    example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
  }),
  'webhook-timestamp': z.string().meta({
    description: 'Unix seconds when this attempt was signed; reject messages too far from your clock.',
    example: '1740830400',
  }),
  'webhook-signature': z.string().meta({
    description:
      "Space-separated `v1,<base64 HMAC-SHA256 of '{webhook-id}.{webhook-timestamp}.{body}'>` by the " +
      "endpoint's secret (two during a secret rotation's overlap); any one verifying is enough.",
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

/**
 * Publishes each message Attach POSTs to webhook endpoints under the document's top-level
 * `webhooks` (OpenAPI 3.1), keyed by `type`, so hosts can generate their handler's types too.
 * Registered on the root app: a mounted router would prefix the keys with its path.
 */
export function registerWebhookDocs(registry: Router['openAPIRegistry']): void {
  for (const type of WEBHOOK_MESSAGE_TYPES) {
    const schema = WEBHOOK_MESSAGES[type];
    registry.registerWebhook({
      method: 'post',
      path: type,
      tags: ['Webhooks'],
      summary: type,
      description:
        `${schema.description ?? ''} Signed per Standard Webhooks with the endpoint's secret; ` +
        'delivered at least once, so dedupe by `webhook-id`.',
      request: {
        headers: SignatureHeaders,
        body: { required: true, content: { 'application/json': { schema } } },
      },
      responses: {
        '2XX': { description: 'Received. Any 2xx within 15 s; anything else is retried with backoff.' },
        410: { description: 'Gone: disables the endpoint, no further deliveries.' },
      },
    });
  }
}
