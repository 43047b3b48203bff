import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../types.ts';

/**
 * Rejects bodies over `maxSize` bytes with 413 payload_too_large. A request that states its
 * Content-Length (nearly all of them) is judged by the header alone: Node's parser never delivers
 * more bytes than it states, and the body stays unread, so the handler's `c.req.json()` takes
 * @hono/node-server's direct read of the socket. (Hono's own middleware opens the body as a web
 * stream, which costs every JSON request a full Request object and a ReadableStream.) Chunked
 * bodies have no length up front and are counted as they stream, by Hono's middleware.
 */
export function bodyLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new ApiError(413, 'payload_too_large', `Request body exceeds ${maxSize} bytes`);
  };
  const streaming = streamingBodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}
