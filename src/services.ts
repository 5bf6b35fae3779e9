// Composition root of the domain services: each module gets its dependencies explicitly.
import type { PlatformDeps } from './platform/context.js';
import { createCategoriesService, type CategoriesService } from './modules/categories/index.js';
import { createAttributesService, type AttributesService } from './modules/attributes/index.js';
import { createProductsService, type ProductsService } from './modules/products/index.js';
import { createOffersService, type OffersService } from './modules/offers/index.js';
import { createBulkService, type BulkService } from './modules/bulk/index.js';
import { createSessionStore, type SessionStore } from './platform/http/session.js';
import { createNotificationsService, type NotificationsService } from './modules/notifications/index.js';
import { createCustomersService, type CustomersService } from './modules/customers/index.js';
import { createCartService, type CartService } from './modules/cart/index.js';
import { createOrdersService, type OrdersService } from './modules/orders/index.js';
import { createCmsService, type CmsService } from './modules/cms/index.js';
import { createSearchService, type SearchService } from './modules/search/index.js';

export interface Services {
  categories: CategoriesService;
  attributes: AttributesService;
  products: ProductsService;
  offers: OffersService;
  bulk: BulkService;
  sessions: SessionStore;
  notifications: NotificationsService;
  customers: CustomersService;
  cart: CartService;
  orders: OrdersService;
  cms: CmsService;
  search: SearchService;
}

export function createServices(deps: PlatformDeps): Services {
  const categories = createCategoriesService(deps);
  const attributes = createAttributesService(deps, { categories });
  const products = createProductsService(deps, { categories, attributes });
  const offers = createOffersService(deps, { products });
  const bulk = createBulkService(deps, { categories, attributes, products, offers });
  const sessions = createSessionStore(deps);
  const notifications = createNotificationsService(deps);
  const customers = createCustomersService(deps, { notifications, sessions });
  const cart = createCartService(deps);
  const orders = createOrdersService(deps, { cart, notifications, offers });
  const cms = createCmsService(deps);
  const search = createSearchService(deps, { categories, attributes });
  return { categories, attributes, products, offers, bulk, sessions, notifications, customers, cart, orders, cms, search };
}
