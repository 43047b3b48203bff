import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { WEBHOOK_MESSAGES, type WebhookMessageType } from '../../shared/webhook-payloads.ts';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Rejects if any body received was not exactly a message of its `type` (see schemaMismatch). */
  close(): Promise<void>;
}

/**
 * Why `body` is not a message of the type it names, or null. A field the schema does not declare
 * counts too (parse() drops it, so the parsed body differs), so a payload drifting from the
 * published schema in either direction fails whichever test received it.
 */
export function schemaMismatch(body: string): string | null {
  try {
    const message = JSON.parse(body) as { type?: string };
    const type = message.type as WebhookMessageType;
    if (!Object.hasOwn(WEBHOOK_MESSAGES, type)) return `unknown type ${type}`;
    const parsed = WEBHOOK_MESSAGES[type].safeParse(message);
    if (!parsed.success) return `${type}: ${parsed.error.message}`;
    return isDeepStrictEqual(parsed.data, message) ? null : `${type}: undeclared fields in ${body}`;
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
}

/**
 * A real HTTP receiver on 127.0.0.1. `respond` picks the status (and headers) for each request, so
 * tests can fail some deliveries, answer 410 or ask for Retry-After, or hold the answer back.
 */
interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export async function startReceiver(
  respond: (req: { headers: IncomingHttpHeaders; body: string }) => Answer | Promise<Answer> = () => ({
    status: 200,
  }),
): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const mismatches: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const mismatch = schemaMismatch(body);
      if (mismatch) mismatches.push(mismatch);
      const answer = await respond({ headers: req.headers, body });
      received.push({ headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (mismatches.length > 0)
        throw new Error(`Deliveries not matching their schema:\n${mismatches.join('\n')}`);
    },
  };
}

/** Deterministic PRNG (mulberry32) so "fails 30% of the time" is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
