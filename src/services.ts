// Composition root of the domain services: each module gets its dependencies explicitly.
import type { PlatformDeps } from './platform/context.js';
import { createCategoriesService, type CategoriesService } from './modules/categories/index.js';
import { createAttributesService, type AttributesService } from './modules/attributes/index.js';
import { createProductsService, type ProductsService } from './modules/products/index.js';
import { createOffersService, type OffersService } from './modules/offers/index.js';
import { createBulkService, type BulkService } from './modules/bulk/index.js';

export interface Services {
  categories: CategoriesService;
  attributes: AttributesService;
  products: ProductsService;
  offers: OffersService;
  bulk: BulkService;
}

export function createServices(deps: PlatformDeps): Services {
  const categories = createCategoriesService(deps);
  const attributes = createAttributesService(deps, { categories });
  const products = createProductsService(deps, { categories, attributes });
  const offers = createOffersService(deps, { products });
  const bulk = createBulkService(deps, { categories, attributes, products, offers });
  return { categories, attributes, products, offers, bulk };
}
