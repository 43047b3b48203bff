import { describe, expect, it } from 'vitest';
import { roleFromGroups } from '../../../server/domain/sso-roles.ts';
import type { SsoGroupRole } from '../../../shared/sso.ts';

const MAPPINGS: SsoGroupRole[] = [
  { group: 'attach-editors', role: 'editor' },
  { group: 'attach-viewers', role: 'viewer' },
];

describe('roleFromGroups', () => {
  it('gives the highest role the listed groups map to', () => {
    expect(roleFromGroups(['staff', 'attach-viewers'], MAPPINGS)).toBe('viewer');
    expect(roleFromGroups(['attach-viewers', 'attach-editors'], MAPPINGS)).toBe('editor');
    expect(roleFromGroups('attach-editors', MAPPINGS)).toBe('editor');
  });

  it('is null when none of the groups is listed: the default role applies', () => {
    expect(roleFromGroups(['staff'], MAPPINGS)).toBeNull();
    expect(roleFromGroups([], MAPPINGS)).toBeNull();
    // Groups are matched exactly, as the provider names them.
    expect(roleFromGroups(['Attach-Editors', 7, null], MAPPINGS)).toBeNull();
  });

  it('does not decide without mappings or without a groups claim', () => {
    expect(roleFromGroups(['attach-editors'], [])).toBeUndefined();
    expect(roleFromGroups(undefined, MAPPINGS)).toBeUndefined();
    expect(roleFromGroups({ editors: true }, MAPPINGS)).toBeUndefined();
  });
});
