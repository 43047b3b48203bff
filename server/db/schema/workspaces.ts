import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.ts';

/**
 * A workspace is one host SaaS company. The publishable key is public by design and stored as is;
 * the secret key is stored only as a SHA-256 hash. The identity secret must be usable to verify, so
 * it is stored encrypted (AES-256-GCM with the server's encryption key). A key rotated with an
 * overlap keeps working, as `previous_*`, until its `…_expires_at`.
 */
export const workspaces = pgTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    publishableKey: text('publishable_key').notNull(),
    secretKeyHash: text('secret_key_hash').notNull(),
    secretKeyHint: text('secret_key_hint').notNull(),
    identitySecretEnc: text('identity_secret_enc').notNull(),
    previousPublishableKey: text('previous_publishable_key'),
    previousPublishableKeyExpiresAt: timestamp('previous_publishable_key_expires_at', { withTimezone: true }),
    previousSecretKeyHash: text('previous_secret_key_hash'),
    previousSecretKeyExpiresAt: timestamp('previous_secret_key_expires_at', { withTimezone: true }),
    previousIdentitySecretEnc: text('previous_identity_secret_enc'),
    previousIdentitySecretExpiresAt: timestamp('previous_identity_secret_expires_at', { withTimezone: true }),
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped on every campaign/catalogue change; instances compare it to invalidate their caches. */
    configVersion: integer('config_version').notNull().default(1),
    /**
     * Set when the operator deletes the workspace: it stops existing for every lookup at once, and
     * the purge job deletes its rows (server/services/workspace-deletion.ts).
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * Every console user must have two-step sign-in on: one without it can only set it up (or sign
     * out) until they do. A column, not a setting: only owners change it, with its own audit entry.
     */
    consoleTwoStepRequired: boolean('console_two_step_required').notNull().default(false),
    /** A console session unused this long ends (to within five minutes); null: only its 12 hours. */
    consoleIdleMinutes: integer('console_idle_minutes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('workspaces_publishable_key_uq').on(t.publishableKey),
    uniqueIndex('workspaces_secret_key_hash_uq').on(t.secretKeyHash),
    index('workspaces_previous_publishable_key_idx').on(t.previousPublishableKey),
    index('workspaces_previous_secret_key_hash_idx').on(t.previousSecretKeyHash),
  ],
);
