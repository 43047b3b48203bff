import { describe, expect, it } from 'vitest';
import { addressAllowed } from '../../../server/domain/allowed-ips.ts';

describe('addressAllowed', () => {
  it('allows every address, and an unknown one, when the list is empty', () => {
    expect(addressAllowed('198.51.100.1', [])).toBe(true);
    expect(addressAllowed(undefined, [])).toBe(true);
  });

  it('matches exact addresses and CIDR ranges, IPv4 and IPv6', () => {
    const list = ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'];
    expect(addressAllowed('203.0.113.7', list)).toBe(true);
    expect(addressAllowed('203.0.113.8', list)).toBe(false);
    expect(addressAllowed('198.51.100.255', list)).toBe(true);
    expect(addressAllowed('198.51.101.0', list)).toBe(false);
    expect(addressAllowed('2001:db8:ffff::1', list)).toBe(true);
    expect(addressAllowed('2001:db9::1', list)).toBe(false);
  });

  it('matches an IPv4 address reported in its IPv6-mapped form', () => {
    expect(addressAllowed('::ffff:198.51.100.9', ['198.51.100.0/24'])).toBe(true);
    expect(addressAllowed('::ffff:192.0.2.1', ['198.51.100.0/24'])).toBe(false);
  });

  it('refuses an unknown or malformed address once the list names any', () => {
    expect(addressAllowed(undefined, ['203.0.113.7'])).toBe(false);
    expect(addressAllowed('not-an-ip', ['203.0.113.7'])).toBe(false);
  });
});
