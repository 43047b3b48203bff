import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totpStep,
} from '../../../server/domain/totp.ts';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('HOTP (RFC 4226, Appendix D)', () => {
  it('gives the published codes for counters 0–9', () => {
    const codes = Array.from({ length: 10 }, (_, counter) => hotp(RFC_SECRET, counter));
    expect(codes).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });
});

describe('TOTP (RFC 6238, Appendix B, SHA-1)', () => {
  it('gives the published 8-digit codes at the published times', () => {
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1_111_111_109, '07081804'],
      [1_111_111_111, '14050471'],
      [1_234_567_890, '89005924'],
      [2_000_000_000, '69279037'],
      [20_000_000_000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(hotp(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
    }
  });

  it('takes the code of the step before, now or after, and refuses older and replayed ones', () => {
    const at = new Date(1_234_567_890_000);
    const now = totpStep(at);
    const code = (step: number) => hotp(RFC_SECRET, step);
    expect(matchTotp(RFC_SECRET, code(now), at, null)).toBe(now);
    expect(matchTotp(RFC_SECRET, code(now - 1), at, null)).toBe(now - 1);
    expect(matchTotp(RFC_SECRET, code(now + 1), at, null)).toBe(now + 1);
    expect(matchTotp(RFC_SECRET, code(now - 2), at, null)).toBeNull();
    // Used once: the same code, or one of an earlier step, is refused.
    expect(matchTotp(RFC_SECRET, code(now), at, now)).toBeNull();
    expect(matchTotp(RFC_SECRET, code(now - 1), at, now)).toBeNull();
    expect(matchTotp(RFC_SECRET, code(now + 1), at, now)).toBe(now + 1);
    expect(matchTotp(RFC_SECRET, '12345', at, null)).toBeNull();
  });
});

describe('base32 and the otpauth address', () => {
  it('encodes as RFC 4648 does and reads it back, ignoring spaces and case', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_SECRET);
    expect(() => base32Decode('GEZD1')).toThrow();
  });

  it('names the issuer and the account as apps expect', () => {
    const uri = new URL(otpauthUri('Attach (Acme)', 'pm@acme.test', 'GEZDGNBV'));
    expect([uri.protocol, uri.host]).toEqual(['otpauth:', 'totp']);
    expect(decodeURIComponent(uri.pathname)).toBe('/Attach (Acme):pm@acme.test');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'GEZDGNBV',
      issuer: 'Attach (Acme)',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
