/**
 * Whether a caller's address is one a key may be used from: an exact address or within a CIDR range
 * of the list (shared/api-keys.ts AllowedIp). An empty list allows every address; an unknown
 * address (no socket: an in-process call) only an empty list. IPv4 addresses also match as the
 * IPv4-mapped IPv6 form a dual-stack socket reports (`::ffff:203.0.113.7`).
 */
import { BlockList, isIP } from 'node:net';

export function addressAllowed(address: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const family = address ? isIP(address) : 0;
  if (!address || family === 0) return false;
  const list = new BlockList();
  for (const entry of allowed) {
    const [network = '', prefix] = entry.split('/');
    const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(network, type);
    else list.addSubnet(network, Number(prefix), type);
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
