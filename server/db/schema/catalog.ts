import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, workspaceId } from './columns.ts';

export const products = pgTable(
  'products',
  {
    workspaceId: workspaceId(),
    id: id(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    role: text('role').$type<'anchor' | 'attach' | 'strategic' | 'sunset'>().notNull(),
    priceAmount: integer('price_amount').notNull(),
    priceCurrency: text('price_currency').notNull(),
    priceInterval: text('price_interval').$type<'month' | 'year'>().notNull(),
    prerequisites: jsonb('prerequisites').$type<string[]>().notNull().default([]),
    trialDays: integer('trial_days').notNull().default(14),
    /** Stable small integer per workspace so an account's products fit in a bitmask for affinity. */
    bit: integer('bit').notNull(),
    /** The account `plan` value this product is (a tier); null: not a plan. */
    plan: text('plan'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('products_key_uq').on(t.workspaceId, t.key),
    uniqueIndex('products_bit_uq').on(t.workspaceId, t.bit),
    uniqueIndex('products_plan_uq').on(t.workspaceId, t.plan).where(sql`${t.plan} is not null`),
  ],
);

export const bundles = pgTable(
  'bundles',
  {
    workspaceId: workspaceId(),
    id: id(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    productKeys: jsonb('product_keys').$type<string[]>().notNull(),
    discountPercent: integer('discount_percent').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('bundles_key_uq').on(t.workspaceId, t.key),
  ],
);
