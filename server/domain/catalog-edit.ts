import type { Catalog, CatalogBundle, CatalogProduct } from './types.ts';

/** `catalog` with product `key` replaced by `edit` of it (unchanged when there is none). */
export function withProduct(
  catalog: Catalog,
  key: string,
  edit: (p: CatalogProduct) => CatalogProduct,
): Catalog {
  const product = catalog.products.get(key);
  return product ? { ...catalog, products: new Map(catalog.products).set(key, edit(product)) } : catalog;
}

/** `catalog` with bundle `key` replaced by `edit` of it (unchanged when there is none). */
export function withBundle(
  catalog: Catalog,
  key: string,
  edit: (b: CatalogBundle) => CatalogBundle,
): Catalog {
  const bundle = catalog.bundles.get(key);
  return bundle ? { ...catalog, bundles: new Map(catalog.bundles).set(key, edit(bundle)) } : catalog;
}
