import http from 'node:http';
import https from 'node:https';
import type { AppConfig } from '../http/types.ts';
import { assertPublicDestination, checkWebhookUrl, guardedLookup } from './ssrf.ts';

const TIMEOUT_MS = 5_000;
/** Discovery documents, key sets and token answers are small; anything larger is not one. */
const MAX_BYTES = 256 * 1024;

/**
 * Calls an identity provider and parses its JSON answer. The provider's URLs come from an owner's
 * settings and its own discovery document, so they get the webhooks' guard: http(s) only, no
 * credentials in the URL, and no private or reserved address unless private targets are allowed
 * (ATTACH_ALLOW_PRIVATE_WEBHOOKS, local development). No redirects are followed. Throws an Error
 * saying what went wrong; the status and body of a refusal are in its message.
 */
export async function providerJson(
  raw: string,
  config: Pick<AppConfig, 'allowPrivateWebhooks' | 'publicUrl'>,
  request: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<unknown> {
  const verdict = checkWebhookUrl(raw, config);
  if (!verdict.ok) throw new Error(`${raw}: ${verdict.reason}`);
  const { url, checkAddresses } = verdict;
  if (checkAddresses && url.protocol !== 'https:') throw new Error(`${raw}: only https is allowed`);
  if (checkAddresses) await assertPublicDestination(url);
  const client = url.protocol === 'https:' ? https : http;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...request.headers,
          ...(request.body === undefined ? {} : { 'content-length': Buffer.byteLength(request.body) }),
        },
        timeout: TIMEOUT_MS,
        // A connection each: provider calls are rare (discovery and keys are cached), and a kept-alive
        // socket the provider closed while idle fails the next call with ECONNRESET.
        agent: false,
        ...(checkAddresses ? { lookup: guardedLookup as never } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) req.destroy(new Error(`${raw}: answer larger than ${MAX_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${raw}: no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
  if (status < 200 || status >= 300) throw new Error(`${raw} answered ${status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${raw} did not answer JSON`);
  }
}
