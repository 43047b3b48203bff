import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { AppConfig } from '../http/types.ts';

/**
 * Webhook URLs must not reach the server's own network (SSRF): loopback, private, link-local,
 * unique-local, CGNAT, multicast, reserved and unspecified ranges are refused — checked on save and
 * again on every send, against the very address the connection uses (no DNS-rebinding window).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True when the address is in a range a webhook must never reach. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped / NAT64 forms carry an IPv4 address that must pass the IPv4 rules.
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(lower, 'ipv6');
}

export type UrlVerdict = { ok: true; url: URL; checkAddresses: boolean } | { ok: false; reason: string };

/**
 * Static checks of a webhook URL. `checkAddresses` is false when private targets are allowed
 * (local development) or the URL points at this server's own public origin (the bundled demo).
 */
export function checkWebhookUrl(
  raw: string,
  config: Pick<AppConfig, 'allowPrivateWebhooks' | 'publicUrl'>,
): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'only http and https URLs are allowed' };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed' };
  const trusted = config.allowPrivateWebhooks || sameOrigin(url, config.publicUrl);
  return { ok: true, url, checkAddresses: !trusted };
}

function sameOrigin(url: URL, publicUrl: string): boolean {
  try {
    return new URL(publicUrl).origin === url.origin;
  } catch {
    return false;
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Resolves the URL's host and refuses it when any address it resolves to is blocked. */
export async function assertPublicDestination(url: URL): Promise<void> {
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  const bad = addresses.find(isBlockedAddress);
  if (bad) throw new Error(`${host} resolves to ${bad}, a private or reserved address`);
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:http that refuses blocked addresses: the check and the connection use the
 * same resolution, so a hostile DNS server cannot answer "public" to the check and "private" to
 * the connection.
 */
export function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad) {
      const error: NodeJS.ErrnoException = new Error(
        `${hostname} resolves to ${bad.address}, a private or reserved address`,
      );
      error.code = 'EWEBHOOKBLOCKED';
      return callback(error, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} does not resolve`), []);
    callback(null, first.address, first.family);
  });
}
