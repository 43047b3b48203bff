import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { bundles, products } from '../db/schema/index.ts';
import type { Catalog, CatalogBundle, CatalogProduct } from '../domain/types.ts';

/** The catalogue as the engine reads it, plus each product's ownership bit (for affinity masks). */
export interface LoadedCatalog extends Catalog {
  bits: ReadonlyMap<string, number>;
}

/**
 * Loads products and bundles of one workspace. Called only when the workspace's config version
 * changed (see campaign-cache), so the query builder's cost does not matter here.
 */
export async function loadCatalog(tx: Tx, workspaceId: string): Promise<LoadedCatalog> {
  const [productRows, bundleRows] = await Promise.all([
    tx.select().from(products).where(eq(products.workspaceId, workspaceId)),
    tx.select().from(bundles).where(eq(bundles.workspaceId, workspaceId)),
  ]);
  const productMap = new Map<string, CatalogProduct>();
  const bits = new Map<string, number>();
  for (const p of productRows) {
    productMap.set(p.key, {
      key: p.key,
      name: p.name,
      description: p.description,
      role: p.role,
      price: { amount: p.priceAmount, currency: p.priceCurrency, interval: p.priceInterval },
      prerequisites: p.prerequisites,
      trialDays: p.trialDays,
      plan: p.plan,
    });
    bits.set(p.key, p.bit);
  }
  const bundleMap = new Map<string, CatalogBundle>();
  for (const b of bundleRows) {
    bundleMap.set(b.key, {
      key: b.key,
      name: b.name,
      description: b.description,
      productKeys: b.productKeys,
      discountPercent: b.discountPercent,
    });
  }
  return { products: productMap, bundles: bundleMap, bits };
}
