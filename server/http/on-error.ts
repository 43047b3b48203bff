import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorCode, ErrorEnvelope } from '../../shared/errors.ts';
import { ApiError } from './api-error.ts';
import { errorFields } from './logger.ts';
import type { AppEnv } from './types.ts';

function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * PostgreSQL's own refusal of text it cannot store: NUL (U+0000) in text (22021) or in jsonb
 * (22P05). Route validators refuse it in what they validate and name the field (validation.ts);
 * this catches any that reaches the database another way. Either way it is the client's input
 * error, not a fault of ours.
 */
const UNSTORABLE_TEXT: ReadonlySet<string> = new Set(['22021', '22P05']);

/** The codes of an error and of the errors it wraps (`cause`), outermost first. */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** The SQLSTATE of a database error, also when a query builder wrapped it. */
const sqlState = (err: unknown) => codesOf(err).find((code) => /^[0-9A-Z]{5}$/.test(code));

/**
 * The database failed the request, not the request the database: it timed out (statement_timeout
 * 57014, the driver's QUERY_TIMEOUT), was restarting or shutting down (57P01–57P03), ran out of
 * connections (53300), or the connection dropped (class 08, the driver's CONNECTION_* codes, the
 * socket's). A 503 tells the client to retry, which every write allows (events and batches by their
 * ids, purchases by their idempotency key); a 500 would report a bug of ours.
 */
const TRANSIENT =
  /^(08...|57014|57P0[123]|53300|QUERY_TIMEOUT|QUEUE_TIMEOUT|CONNECT_TIMEOUT|CONNECTION_(CLOSED|DESTROYED|ENDED)|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const isTransient = (err: unknown) => codesOf(err).some((code) => TRANSIENT.test(code));

/** Maps anything thrown to the one error envelope. Unknown errors are logged and become a 500. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) {
    // Any error that says how long to wait (rate limits, lockouts) also says it the HTTP way.
    const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof wait === 'number') c.header('Retry-After', String(wait));
    c.set('errorCode', err.code);
    return c.json(envelope(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return c.json(envelope('payload_too_large', 'Request body is too large'), 413);
    if (status === 400 && /json/i.test(err.message)) {
      return c.json(envelope('malformed_json', 'Request body is not valid JSON'), 400);
    }
    if (status === 401) return c.json(envelope('unauthorized', err.message || 'Unauthorized'), 401);
    if (status === 415) {
      return c.json(
        envelope(
          'unsupported_media_type',
          'Send the body as JSON, with the header Content-Type: application/json',
        ),
        415,
      );
    }
    return c.json(
      envelope(status >= 500 ? 'internal_error' : 'validation_failed', err.message || 'Bad request'),
      status,
    );
  }
  const state = sqlState(err);
  if (state && UNSTORABLE_TEXT.has(state)) {
    return c.json(
      envelope('validation_failed', 'Text must not contain the NUL character (U+0000): it cannot be stored'),
      400,
    );
  }
  if (isTransient(err)) {
    c.get('log')?.warn('database_unavailable', errorFields(err));
    c.header('Retry-After', '1');
    c.set('errorCode', 'service_unavailable');
    return c.json(
      envelope('service_unavailable', 'The database is unavailable or did not answer in time; retry shortly'),
      503,
    );
  }
  c.get('log')?.error('unhandled_error', errorFields(err));
  return c.json(envelope('internal_error', 'Something went wrong on our side; it has been logged'), 500);
}

export function onNotFound(c: Context<AppEnv>) {
  return c.json(envelope('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
}

/** A route path (`/v1/admin/campaigns/:id`, `/console/*`) as a pattern over request paths. */
const pathPattern = (path: string) =>
  new RegExp(
    `^${path
      .split('/')
      .map((s) => (s.startsWith(':') ? '[^/]+' : s === '*' ? '.*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * 404, or 405 with `Allow` when the path is served for other methods (a DELETE where only GET and
 * PATCH exist), so a client learns it has the right resource and the wrong verb. The routes are read
 * on the first miss, once all are registered.
 */
export function notFoundOrWrongMethod(routes: () => ReadonlyArray<{ method: string; path: string }>) {
  let table: Array<{ method: string; pattern: RegExp }> | undefined;
  return (c: Context<AppEnv>) => {
    table ??= routes()
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, pattern: pathPattern(r.path) }));
    const allow = [...new Set(table.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))];
    // No route for the path, or one for this very method that found nothing: not found, not 405.
    if (allow.length === 0 || allow.includes(c.req.method)) return onNotFound(c);
    const methods = allow.includes('GET') ? [...allow, 'HEAD'] : allow;
    c.header('Allow', methods.join(', '));
    return c.json(
      envelope(
        'method_not_allowed',
        `${c.req.method} is not served at ${c.req.path}; it accepts ${methods.join(', ')}`,
      ),
      405,
    );
  };
}
