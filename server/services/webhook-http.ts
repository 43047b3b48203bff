import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { assertPublicDestination, guardedLookup } from './ssrf.ts';

export const WEBHOOK_TIMEOUT_MS = 15_000;
const MAX_LOGGED_BODY = 1_024;

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  retryAfter: string | null;
  body: string | null;
  durationMs: number;
}

/**
 * POSTs one signed webhook. Never throws: network errors, timeouts and refused destinations come
 * back as `error`. When `checkAddresses` is set the connection may only reach public addresses —
 * IP literals are checked up front, host names at resolution time by the guarded lookup.
 */
export async function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  checkAddresses: boolean,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    if (checkAddresses && isIP(url.hostname.replace(/^\[(.*)\]$/, '$1'))) await assertPublicDestination(url);
  } catch (err) {
    return {
      statusCode: null,
      error: (err as Error).message,
      retryAfter: null,
      body: null,
      durationMs: elapsed(),
    };
  }
  // A kept-alive connection the receiver closed while it sat idle fails as it is reused, before the
  // receiver could read the request: Node's advice is to send it again on a new connection. Safe
  // either way, as receivers deduplicate by the webhook-id header.
  const attempt = (mayResend: boolean): Promise<PostResult> =>
    new Promise((resolve) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
          timeout: timeoutMs,
          ...(checkAddresses ? { lookup: guardedLookup as never } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_LOGGED_BODY) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_LOGGED_BODY);
            const retryAfter = res.headers['retry-after'];
            resolve({
              statusCode: res.statusCode ?? null,
              error: null,
              retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
              body: text,
              durationMs: elapsed(),
            });
          });
          res.on('error', (err) => resolve(failure(err, elapsed())));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (mayResend && req.reusedSocket && err.code === 'ECONNRESET') resolve(attempt(false));
        else resolve(failure(err, elapsed()));
      });
      req.end(body);
    });
  return attempt(true);
}

function failure(err: Error, durationMs: number): PostResult {
  return { statusCode: null, error: err.message, retryAfter: null, body: null, durationMs };
}
