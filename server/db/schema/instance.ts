import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Facts about the installation, not about a workspace (so outside tenancy): `key_check` holds a
 * value sealed with the encryption key, which every instance and the CLI must be able to open.
 */
export const instanceMeta = pgTable('instance_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});
