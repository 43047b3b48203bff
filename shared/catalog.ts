import { z } from 'zod';

export const ProductKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lowercase letters, digits, "_", "." and "-"');

export const ProductRole = z.enum(['anchor', 'attach', 'strategic', 'sunset']);
export type ProductRole = z.infer<typeof ProductRole>;

export const Currency = z
  .string()
  .length(3)
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code in capitals, e.g. USD');

export const Price = z
  .object({
    /** Minor units (cents). */
    amount: z.number().int().min(0).max(100_000_000),
    currency: Currency,
    interval: z.enum(['month', 'year']),
  })
  .meta({ id: 'Price' });
export type Price = z.infer<typeof Price>;

/** A subscription plan's name as the host syncs it in `accounts.plan`. */
export const PlanName = z.string().trim().min(1).max(100);

export const ProductInput = z
  .object({
    key: ProductKey,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    role: ProductRole,
    price: Price,
    prerequisites: z.array(ProductKey).max(20).default([]),
    trialDays: z.number().int().min(0).max(90).default(14),
    /**
     * Set when this product IS a subscription plan: the value the host syncs as the account's `plan`
     * (e.g. `"starter"`). A tier upgrade credits the price of the account's current plan product and
     * replaces it on purchase. At most one product per plan name; null: not a plan.
     */
    plan: PlanName.nullable().default(null),
  })
  .meta({ id: 'ProductInput' });
export type ProductInput = z.infer<typeof ProductInput>;

export const Product = ProductInput.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Product' });
export type Product = z.infer<typeof Product>;

export const BundleInput = z
  .object({
    key: ProductKey,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    productKeys: z.array(ProductKey).min(2).max(20),
    /** Discount on the sum of the products' prices; 15–30% moves people, under 10% does not. */
    discountPercent: z.number().int().min(0).max(90).default(20),
  })
  .meta({ id: 'BundleInput' });
export type BundleInput = z.infer<typeof BundleInput>;

export const Bundle = BundleInput.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Bundle' });
export type Bundle = z.infer<typeof Bundle>;

/** Cursor pagination shared by every list endpoint. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const productFields = ProductInput.shape;
/** PATCH body of a product: any field but the key (entitlements and campaigns refer to it); no defaults. */
export const ProductPatch = z
  .object({
    name: productFields.name,
    description: productFields.description.unwrap(),
    role: productFields.role,
    price: productFields.price,
    prerequisites: productFields.prerequisites.unwrap(),
    trialDays: productFields.trialDays.unwrap(),
    plan: productFields.plan.unwrap(),
  })
  .partial()
  .meta({ id: 'ProductPatch' });
export type ProductPatch = z.infer<typeof ProductPatch>;

const bundleFields = BundleInput.shape;
/** PATCH body of a bundle: any field but the key; no defaults. */
export const BundlePatch = z
  .object({
    name: bundleFields.name,
    description: bundleFields.description.unwrap(),
    productKeys: bundleFields.productKeys,
    discountPercent: bundleFields.discountPercent.unwrap(),
  })
  .partial()
  .meta({ id: 'BundlePatch' });
export type BundlePatch = z.infer<typeof BundlePatch>;

export const ProductPage = page(Product).meta({ id: 'ProductPage' });
export const BundlePage = page(Bundle).meta({ id: 'BundlePage' });
