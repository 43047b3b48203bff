import { z } from 'zod';
import { ListQuery, page } from './catalog.ts';

/**
 * The admin API's recent failed calls made with a secret key (the workspace's own or a named API
 * key): what the host's developers read when a sync or an integration stops working, without access
 * to its logs. Console sessions' calls are not kept (the console shows their errors as they happen).
 */
export const FailedCall = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    /** Who called, as the audit log names it: `api`, `api:previous` (a replaced key in its overlap), `key:<name>`. */
    actor: z.string(),
    method: z.string(),
    /** The path called, without its query string. */
    path: z.string(),
    status: z.int(),
    /** The error's machine-readable code, as the response carried it. */
    code: z.string(),
    message: z.string(),
    /** The response's `X-Request-Id`, to find the call in the server's logs. */
    requestId: z.string().nullable(),
  })
  .meta({ id: 'FailedCall' });
export type FailedCall = z.infer<typeof FailedCall>;

export const FailedCallPage = page(FailedCall).meta({ id: 'FailedCallPage' });
export type FailedCallPage = z.infer<typeof FailedCallPage>;

/** Newest first; `actor` keeps one caller's (`key:Looker`), `status` one status's, `since` those at or after a moment. */
export const FailedCallQuery = ListQuery.extend({
  actor: z.string().min(1).max(100).optional(),
  status: z.coerce.number().int().min(400).max(599).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});
export type FailedCallQuery = z.infer<typeof FailedCallQuery>;

/** How long failed calls are kept, and how many at most per workspace (the newest). */
export const FAILED_CALLS_KEPT_DAYS = 14;
export const FAILED_CALLS_KEPT_MAX = 1_000;
/** Failed calls one server records per workspace a minute (a caller failing in a loop): the rest are not kept. */
export const FAILED_CALLS_PER_MINUTE = 60;

export const FAILED_CALLS_PATH = '/v1/admin/failed-calls';
