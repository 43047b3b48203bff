import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../server/services/webhook-http.ts';

/**
 * A receiver that answers the first request on each connection and keeps it open, then resets the
 * connection when a second request arrives on it: what a receiver that closed an idle kept-alive
 * connection looks like to the sender that reuses it at that moment.
 */
let server: Server;
let connections = 0;
let url: URL;

beforeAll(async () => {
  server = createServer((socket: Socket) => {
    connections++;
    let seen = '';
    let answered = false;
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      const requests = seen.split('POST /').length - 1;
      if (requests >= 2) socket.resetAndDestroy();
      else if (requests === 1 && !answered && seen.includes('\r\n\r\n')) {
        answered = true;
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  url = new URL(`http://127.0.0.1:${address.port}/hook`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a webhook sent on a kept-alive connection the receiver reset', () => {
  it('is sent again at once on a new connection, not recorded as a failed attempt', async () => {
    const headers = { 'webhook-id': 'msg_1' };
    const first = await postWebhook(url, headers, '{"a":1}', false);
    expect(first).toMatchObject({ statusCode: 200, error: null, body: 'ok' });
    expect(connections).toBe(1);
    const second = await postWebhook(url, headers, '{"a":2}', false);
    expect(second).toMatchObject({ statusCode: 200, error: null, body: 'ok' });
    // The reset connection, then a new one.
    expect(connections).toBe(2);
  });
});
