// Public API of the products module: other modules import only this file.
export {
  createProductsService,
  type ProductsService,
  type ProductsModuleDeps,
  type ProductRef,
  type WriteOptions,
  type CardOffersSource,
  type OfferForCard,
  type ListingRequest,
} from './service.js';
export { productsRoutes } from './routes.js';
export { TokenCache, tokenValues, valueToken } from './listing-keys.js';
export type { BrandsService } from './brands.js';
export type { TagsService, TagWithCount } from './tags.js';
export type {
  Product, ProductSummary, ProductCreateInput, ProductPatchInput, Brand, Tag, Card, CardOffer, Listing, ListingItem,
  ListingSort, AdminListQuery,
} from './schemas.js';
export { productSlug, slugify } from './slug.js';
export { canTransition, PRODUCT_STATUSES } from './status.js';
export { PRODUCT_CHANGED } from './events.js';
// the card fields a product list shows (category listing; search results reuse the shape)
export type { ListingRow } from './repository.js';
