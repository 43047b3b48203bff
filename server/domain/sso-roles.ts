import type { SsoGroupRole } from '../../shared/sso.ts';

/**
 * The console role a person's identity provider groups give them (shared/sso.ts `groupRoles`):
 * the highest of the roles their listed groups map to (editor over viewer), `null` when none of
 * their groups is listed, and `undefined` when the groups do not decide: no group is mapped, or the
 * token carries no groups claim (a provider not set to send it must not demote everyone).
 */
export function roleFromGroups(
  claim: unknown,
  mappings: readonly SsoGroupRole[],
): 'editor' | 'viewer' | null | undefined {
  if (mappings.length === 0) return undefined;
  const groups = Array.isArray(claim)
    ? claim.filter((g): g is string => typeof g === 'string')
    : typeof claim === 'string'
      ? [claim]
      : undefined;
  if (!groups) return undefined;
  const roles = new Set(mappings.filter((m) => groups.includes(m.group)).map((m) => m.role));
  return roles.has('editor') ? 'editor' : roles.has('viewer') ? 'viewer' : null;
}
