import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from './types.ts';

/** Deps of the apps (one per process outside tests) already warned about an untrusted proxy. */
const warnedUntrusted = new WeakSet<object>();

/**
 * The client's address: the socket's peer, or, behind `trustedProxies` proxies, the entry of
 * X-Forwarded-For that the outermost trusted proxy appended (entries further left are whatever
 * the client claimed). Undefined when the request came through no socket (in-process calls).
 */
export function clientAddress(c: Context<AppEnv>, trustedProxies: number): string | undefined {
  if (trustedProxies === 0 && !warnedUntrusted.has(c.var.deps) && c.req.header('x-forwarded-for')) {
    // Behind a proxy every user shares its address, so a few bad tokens would rate-limit them all.
    warnedUntrusted.add(c.var.deps);
    c.var.log.warn('proxy_not_trusted', {
      hint: 'Requests carry X-Forwarded-For but ATTACH_TRUSTED_PROXIES is 0: rate limits count the proxy, not each client. Set it to the number of proxies in front of the server.',
    });
  }
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
