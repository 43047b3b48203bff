import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Bundle, Product } from '../../../shared/catalog.ts';

export interface CatalogState {
  products: Product[];
  bundles: Bundle[];
}

/** The workspace catalogue, loaded once by the editor, for product and bundle pickers. */
export const CatalogContext = createContext<CatalogState>({ products: [], bundles: [] });
export const useCatalog = () => useContext(CatalogContext);

export const productOptions = (c: CatalogState) =>
  c.products.map((p) => [p.key, `${p.name} (${p.key})`] as const);
export const bundleOptions = (c: CatalogState) =>
  c.bundles.map((b) => [b.key, `${b.name} (${b.key})`] as const);
