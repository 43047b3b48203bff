import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from './types.ts';

/**
 * The client's address: the socket's peer, or, behind `trustedProxies` proxies, the entry of
 * X-Forwarded-For that the outermost trusted proxy appended (entries further left are whatever
 * the client claimed). Undefined when the request came through no socket (in-process calls).
 */
export function clientAddress(c: Context<AppEnv>, trustedProxies: number): string | undefined {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const address = hops[hops.length - trustedProxies];
    if (address) return address;
  }
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
}
