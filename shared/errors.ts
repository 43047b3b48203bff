import { z } from 'zod';

/**
 * Every machine-readable error code the API can return. One list for the whole API so the widget,
 * the console and host backends can switch on `error.code`.
 *
 * @example
 * if (res.error.code === 'purchase_not_allowed') showAskYourAdmin();
 */
export const ERROR_CODES = [
  // generic request problems
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'method_not_allowed',
  'conflict',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  // authentication and tenancy
  'unauthorized',
  'invalid_api_key',
  'invalid_user_token',
  'operator_disabled',
  'forbidden',
  'origin_not_allowed',
  'csrf_token_invalid',
  'key_retiring',
  'two_step_required',
  'two_step_setup_required',
  'sso_required',
  'sso_discovery_failed',
  // catalogue and host data
  'product_key_taken',
  'bundle_key_taken',
  'plan_taken',
  'unknown_product',
  'batch_item_invalid',
  // engine
  'campaign_not_found',
  'too_many_campaigns',
  'campaign_has_history',
  'unknown_decision',
  'preview_link_invalid',
  'preview_link_expired',
  // money path
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_request_in_flight',
  'purchase_not_allowed',
  'purchase_requires_verified_identity',
  'purchase_in_progress',
  'already_owned',
  'already_trialled',
  'prerequisites_missing',
  'not_offered',
  'price_changed',
  'offer_expired',
  'webhook_url_not_allowed',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error envelope of the API: `{ error: { code, message, details? } }`. */
export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** One field-level problem, as found in `details.issues` of a `validation_failed` error. */
export const ValidationIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;
