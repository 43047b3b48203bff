import { describe, expect, it } from 'vitest';
import { matchPath, pathMatching } from '../../../server/domain/glob.ts';

describe('path globs', () => {
  it('* stays within one segment, ** crosses them, ? is one character; query and trailing / ignored', () => {
    expect(matchPath('/settings/*', '/settings/billing')).toBe(true);
    expect(matchPath('/settings/*', '/settings/billing/cards')).toBe(false);
    expect(matchPath('/docs/**', '/docs/a/b')).toBe(true);
    expect(matchPath('/v?', '/v2')).toBe(true);
    expect(matchPath('/pricing', '/pricing/?plan=pro')).toBe(true);
  });

  it('pathMatching gives a path each pattern matches', () => {
    for (const pattern of ['/demo/settings*', '/reports/*', '/docs/**', '/v?/items', '/pricing', '/a/*/b/']) {
      expect(matchPath(pattern, pathMatching(pattern))).toBe(true);
    }
    expect(pathMatching('/reports/*')).toBe('/reports/x');
  });
});
