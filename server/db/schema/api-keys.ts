import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ApiKeyRole } from '../../../shared/api-keys.ts';
import { createdAt, id, ts, workspaceId } from './columns.ts';

/**
 * Named secret keys (shared/api-keys.ts). Like the workspace's own secret key, only a SHA-256 of
 * the key is kept. Revoked keys stay as rows: the list and the audit log keep saying who had one.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: workspaceId(),
    id: id(),
    name: text('name').notNull(),
    role: text('role').$type<ApiKeyRole>().notNull(),
    keyHash: text('key_hash').notNull(),
    keyHint: text('key_hint').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
    /** The key that took its place when it was rolled; it works until `expires_at` (the overlap). */
    replacedBy: uuid('replaced_by'),
    /** Addresses and CIDR ranges it may be used from; empty: anywhere. */
    allowedIps: text('allowed_ips').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // A key names its workspace: the lookup comes before any tenant is known.
    uniqueIndex('api_keys_key_hash_uq').on(t.keyHash),
    // Two live keys with one name would be one name in the audit log for two integrations; a rolled
    // key hands its name to its successor while it still works.
    uniqueIndex('api_keys_live_name_uq')
      .on(t.workspaceId, sql`lower(${t.name})`)
      .where(sql`${t.revokedAt} is null and ${t.replacedBy} is null`),
    index('api_keys_newest_idx').on(t.workspaceId, t.createdAt.desc()),
  ],
);
