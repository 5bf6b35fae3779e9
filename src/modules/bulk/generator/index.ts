// Deterministic catalog generator: same {categories, products, seed} → the same catalog, byte for
// byte. The skeleton is built eagerly; products are produced on demand by index, so a 1M-product
// catalog is streamed, never held.
import { ProductFactory, skuOf, type GenOffer, type GenProduct } from './products.js';
import { buildStructure, type CatalogStructure } from './structure.js';

export interface GenerateOptions {
  categories: number;
  products: number;
  seed: number;
}

export interface GeneratedCatalog extends CatalogStructure {
  productCount: number;
  /** product #i (0-based) */
  product(i: number): GenProduct;
  /** category ids of product #i, primary first (cheap: for prefetching validators) */
  placement(i: number): number[];
  products(from?: number, to?: number): Generator<GenProduct>;
}

export function generateCatalog(opts: GenerateOptions): GeneratedCatalog {
  const seed = Math.floor(opts.seed) >>> 0;
  const structure = buildStructure({ categories: opts.categories, seed });
  const factory = new ProductFactory(structure, opts.products);
  return {
    ...structure,
    productCount: opts.products,
    product: (i) => factory.product(i),
    placement: (i) => factory.placement(i),
    *products(from = 0, to = opts.products) {
      for (let i = from; i < to; i++) yield factory.product(i);
    },
  };
}

export { skuOf };
export type { GenOffer, GenProduct, CatalogStructure };
export type { GenAttribute, GenBrand, GenCategory, GenMatrixEntry, GenTag } from './structure.js';
