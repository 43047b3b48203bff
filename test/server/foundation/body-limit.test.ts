import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspace } from '../../support/app.ts';

/**
 * The body limit over real HTTP (app.request never sends Content-Length): a stated length over the
 * limit is refused from the header alone, a chunked body is counted as it streams, and a body under
 * the limit still reaches its handler.
 */
const LIMIT = 4 * 1024;
const ctx = await createTestApp({ bodyLimitBytes: LIMIT });
const creds = await createWorkspace(ctx, { name: 'Limits' });
const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const port = (server.address() as AddressInfo).port;
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await ctx.close();
});

function post(
  body: string,
  chunked: boolean,
  path = '/v1/admin/products',
): Promise<{ status: number; body: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${creds.secretKey}`,
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Two writes without a length: Node sends Transfer-Encoding: chunked.
      req.write(body.slice(0, body.length / 2));
      req.end(body.slice(body.length / 2));
    } else req.end(body);
  });
}

const product = (description: string) =>
  JSON.stringify({
    key: `p${description.length}`,
    name: 'Product',
    description,
    role: 'attach',
    price: { amount: 1000, currency: 'USD', interval: 'month' },
  });

describe('body limit over HTTP', () => {
  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ] as const)('%s › a body over the limit answers 413 payload_too_large', async (_name, chunked) => {
    const res = await post(product('x'.repeat(LIMIT)), chunked);
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('payload_too_large');
  });

  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ] as const)('%s › a body under the limit reaches the handler', async (_name, chunked) => {
    const res = await post(product(chunked ? 'small chunked' : 'small'), chunked);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('holds outside the API too: the demo host’s webhook receiver never reads a body past the limit', async () => {
    const res = await post(JSON.stringify({ data: 'x'.repeat(LIMIT) }), true, '/demo/api/webhooks');
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('payload_too_large');
  });
});
