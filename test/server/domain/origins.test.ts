import { describe, expect, it } from 'vitest';
import { AllowedOrigin, AllowedOrigins, originAllowed } from '../../../shared/origins.ts';

describe('allowed origins', () => {
  it('keeps only the origin of a pasted URL, lower-cased, default port dropped', () => {
    const cases: Array<[string, string]> = [
      ['https://app.example.com/', 'https://app.example.com'],
      ['HTTPS://App.Example.com/billing?x=1', 'https://app.example.com'],
      ['https://app.example.com:443', 'https://app.example.com'],
      ['http://localhost:4100/', 'http://localhost:4100'],
      [' https://*.Example.com/ ', 'https://*.example.com'],
      ['https://*.example.com:8443', 'https://*.example.com:8443'],
      ['https://bücher.example', 'https://xn--bcher-kva.example'],
      ['http://[::1]:3000', 'http://[::1]:3000'],
      ['*', '*'],
    ];
    for (const [entry, stored] of cases) expect(AllowedOrigin.parse(entry)).toBe(stored);
    expect(AllowedOrigins.parse(['https://a.example.com/', 'https://A.example.com'])).toEqual([
      'https://a.example.com',
    ]);
  });

  it('refuses what a browser never sends as an origin, with a message saying what to write', () => {
    for (const entry of [
      'localhost:4100',
      'app.example.com',
      'ftp://example.com',
      'null',
      'https://*.',
      '',
      'https://a.*.example.com',
      'https://*.com',
    ]) {
      const result = AllowedOrigin.safeParse(entry);
      expect(result.success, entry).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/https:\/\/app\.example\.com/);
    }
  });

  it('matches an exact origin, any origin for *, and any subdomain for a wildcard, same scheme and port', () => {
    const list = ['https://app.example.com', 'https://*.acme.com', 'http://*.dev.test:3000'];
    const allowed = (origin: string) => originAllowed(origin, list);
    expect(allowed('https://app.example.com')).toBe(true);
    expect(allowed('https://www.example.com')).toBe(false);
    expect(allowed('https://eu.acme.com')).toBe(true);
    expect(allowed('https://a.b.acme.com')).toBe(true);
    expect(allowed('https://acme.com')).toBe(false);
    expect(allowed('https://evilacme.com')).toBe(false);
    expect(allowed('https://acme.com.evil.com')).toBe(false);
    expect(allowed('http://eu.acme.com')).toBe(false);
    expect(allowed('https://eu.acme.com:8443')).toBe(false);
    expect(allowed('http://web.dev.test:3000')).toBe(true);
    expect(allowed('http://web.dev.test')).toBe(false);
    expect(allowed('null')).toBe(false);
    expect(originAllowed('null', ['*'])).toBe(true);
    // A malformed wildcard stored before entries were checked widens nothing.
    expect(originAllowed('https://evil.com', ['https://*.'])).toBe(false);
    // Nor one over a whole top-level domain, which the schema now refuses.
    expect(originAllowed('https://attacker.com', ['https://*.com'])).toBe(false);
  });
});
