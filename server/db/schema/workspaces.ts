import { integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.ts';

/**
 * A workspace is one host SaaS company. The publishable key is public by design and stored as is;
 * the secret key is stored only as a SHA-256 hash. The identity and webhook secrets must be usable
 * to verify and sign, so they are stored encrypted (AES-256-GCM with the server's encryption key).
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
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped on every campaign/catalogue change; instances compare it to invalidate their caches. */
    configVersion: integer('config_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('workspaces_publishable_key_uq').on(t.publishableKey),
    uniqueIndex('workspaces_secret_key_hash_uq').on(t.secretKeyHash),
  ],
);
