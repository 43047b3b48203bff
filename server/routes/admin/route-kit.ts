import type { z } from '@hono/zod-openapi';
import { ErrorEnvelope } from '../../../shared/errors.ts';

/** OpenAPI building blocks shared by the admin routers. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request (validation_failed, malformed_json, batch_item_invalid, webhook_url_not_allowed)',
  401: 'Missing or wrong secret key (unauthorized, invalid_api_key)',
  403: 'The console role or API key role does not allow it (forbidden)',
  404: 'Not found in this workspace (not_found)',
  409: 'Conflicts with existing data or the current state (product_key_taken, bundle_key_taken, plan_taken, conflict)',
  413: 'Request body too large (payload_too_large)',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses of a route, every one with the one error envelope. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const out = {} as Record<S, ReturnType<typeof json<typeof ErrorEnvelope>>>;
  for (const status of statuses) out[status] = json(ErrorEnvelope, ERROR_DESCRIPTIONS[status]);
  return out;
}

export const secretKeyRoute = { security: [{ secretKey: [] }] };
