import { z } from 'zod';
import { MAX_KEY_OVERLAP_SECONDS } from './workspace.ts';

/**
 * Named secret keys beside the workspace's own: one per integration (the billing sync, the BI tool,
 * the SIEM), each revocable on its own and named in the audit log. A key acts with a console role's
 * rights, never an owner's: `editor` changes everything but console users and keys, `viewer` only
 * reads, and `sync` only sends host data (the batches, backend events, Segment): the key to paste
 * into a third party's dashboard, which can then neither read customers nor change campaigns,
 * webhooks or settings. The workspace's secret key (Settings → keys) stays the one with an owner's
 * rights.
 */
export const ApiKeyRole = z.enum(['editor', 'viewer', 'sync']);
export type ApiKeyRole = z.infer<typeof ApiKeyRole>;

/** How many live (neither revoked nor expired) named keys a workspace may hold. */
export const MAX_LIVE_API_KEYS = 25;

export const ApiKeyName = z.string().trim().min(1).max(80);

/** An address or a range a key may be used from: `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`. */
export const AllowedIp = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'an IP address or a CIDR range, e.g. 203.0.113.0/24',
});
/** Empty: the key works from anywhere. */
export const AllowedIps = z.array(z.string().trim().pipe(AllowedIp)).max(20);

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
    /** The addresses of the integration's servers; unset or empty: any address. */
    allowedIps: AllowedIps.optional(),
  })
  .meta({ id: 'CreateApiKey' });

/**
 * Changes the addresses a key may be used from (`PATCH /v1/admin/api-keys/{id}`); `[]` lifts the
 * restriction.
 *
 * @example
 * { "allowedIps": ["203.0.113.0/24"] }
 */
export const UpdateApiKey = z.object({ allowedIps: AllowedIps }).meta({ id: 'UpdateApiKey' });
export type UpdateApiKey = z.infer<typeof UpdateApiKey>;
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
    /** Rolled: the key that took its name; this one works until `expiresAt` (the overlap). */
    replacedBy: z.uuid().nullable(),
    /** Where it may be used from; empty: anywhere. Calls from elsewhere get 403 `forbidden`. */
    allowedIps: z.array(z.string()),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to creating a key: the only time `key` is shown. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/**
 * Roll a key: a new one with its name, role and lifetime takes its place. With `overlapSeconds` (up
 * to a week) the old key keeps working that long, so the integration can be redeployed with the new
 * one without an outage; without one (`0`, the default, as after a leak) it stops at once.
 *
 * @example
 * { "overlapSeconds": 86400 }
 */
export const RollApiKey = z
  .object({ overlapSeconds: z.number().int().min(0).max(MAX_KEY_OVERLAP_SECONDS).default(0) })
  .meta({ id: 'RollApiKey' });
export type RollApiKey = z.infer<typeof RollApiKey>;

/** The answer to rolling a key: the new key, shown this once, and the old one as it now is. */
export const RolledApiKey = CreatedApiKey.extend({ previous: ApiKey }).meta({ id: 'RolledApiKey' });
export type RolledApiKey = z.infer<typeof RolledApiKey>;

export const ApiKeyList = z.object({ data: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** The audit log's actor for a call made with a named key. */
export const apiKeyActor = (name: string) => `key:${name}`;
