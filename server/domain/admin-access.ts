/**
 * What each role may do on the admin API, for a console session and a named API key alike: one
 * policy, so a key with a role can do exactly what a person with that role can.
 */
export type AdminRole = 'owner' | 'editor' | 'viewer' | 'sync';

/**
 * Why a call is refused: a viewer changing something, a non-owner managing access, or a data-sync
 * key doing anything but sending host data.
 */
export type AccessRefusal = 'read_only' | 'owner_only' | 'sync_only';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Methods that only read: open to every role, and exempt from the console's CSRF check. */
export const isSafeMethod = (method: string) => SAFE_METHODS.has(method);

/** Changes only owners may make: who can sign in or call the API, and the keys every integration depends on. */
export const OWNER_ONLY_PREFIXES = [
  '/v1/admin/console-users',
  '/v1/admin/api-keys',
  '/v1/admin/settings/rotate-keys',
];

/** POSTs that only compute an answer (a definition in the body, nothing stored): viewers may call them. */
export const READ_ONLY_POSTS = new Set([
  '/v1/admin/campaigns/estimate',
  '/v1/admin/campaigns/preview',
  '/v1/admin/campaigns/preview-link',
  '/v1/admin/identity/token-check',
]);

/** What a data-sync key may call: the host data coming in, nothing that reads or configures. */
export const SYNC_POSTS = new Set([
  '/v1/admin/accounts/batch',
  '/v1/admin/users/batch',
  '/v1/admin/ownership/batch',
  '/v1/admin/usage/batch',
  '/v1/admin/events',
  '/v1/admin/integrations/segment',
]);

export function adminAccessRefusal(role: AdminRole, method: string, path: string): AccessRefusal | undefined {
  if (role === 'sync') return method === 'POST' && SYNC_POSTS.has(path) ? undefined : 'sync_only';
  if (isSafeMethod(method)) return undefined;
  if (role === 'viewer' && !(method === 'POST' && READ_ONLY_POSTS.has(path))) return 'read_only';
  if (role !== 'owner' && OWNER_ONLY_PREFIXES.some((prefix) => path.startsWith(prefix))) return 'owner_only';
  return undefined;
}
