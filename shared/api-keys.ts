import { z } from 'zod';

/**
 * Named secret keys beside the workspace's own: one per integration (the billing sync, the BI tool,
 * the SIEM), each revocable on its own and named in the audit log. A key acts with a console role's
 * rights, never an owner's: `editor` changes everything but console users and keys, `viewer` only
 * reads. The workspace's secret key (Settings → keys) stays the one with an owner's rights.
 */
export const ApiKeyRole = z.enum(['editor', 'viewer']);
export type ApiKeyRole = z.infer<typeof ApiKeyRole>;

/** How many live (neither revoked nor expired) named keys a workspace may hold. */
export const MAX_LIVE_API_KEYS = 25;

export const ApiKeyName = z.string().trim().min(1).max(80);

/**
 * @example
 * await fetch('/v1/admin/api-keys', {
 *   method: 'POST',
 *   headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ name: 'Looker', role: 'viewer', expiresInDays: 90 }),
 * });
 */
export const CreateApiKey = z
  .object({
    name: ApiKeyName,
    role: ApiKeyRole,
    /** Unset: the key works until revoked. */
    expiresInDays: z.int().min(1).max(730).optional(),
  })
  .meta({ id: 'CreateApiKey' });
export type CreateApiKey = z.infer<typeof CreateApiKey>;

export const ApiKeyStatus = z.enum(['active', 'expired', 'revoked']);
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>;

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: ApiKeyRole,
    /** Its prefix and last four characters, to tell keys apart; the key itself is never stored. */
    hint: z.string(),
    status: ApiKeyStatus,
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    /** To the minute: a key's use is recorded at most once a minute. */
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to creating a key: the only time `key` is shown. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z.object({ data: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** The audit log's actor for a call made with a named key. */
export const apiKeyActor = (name: string) => `key:${name}`;
