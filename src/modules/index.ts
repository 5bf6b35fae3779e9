import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../platform/context.js';
import type { Services } from '../services.js';
import { categoriesRoutes } from './categories/index.js';
import { attributesRoutes } from './attributes/index.js';
import { productsRoutes } from './products/index.js';
import { offersRoutes } from './offers/index.js';
import { bulkRoutes } from './bulk/index.js';
import { cmsRoutes } from './cms/index.js';
import { storefrontRoutes } from './storefront/index.js';
import { commercemlRoutes } from './commerceml/index.js';
import { sessionPlugin } from '../platform/http/session.js';
import { customersRoutes } from './customers/index.js';
import { cartRoutes } from './cart/index.js';
import { ordersRoutes } from './orders/index.js';
import { searchRoutes } from './search/index.js';
import { onecRoutes } from './onec/index.js';
import { ocstoreRoutes } from './ocstore/index.js';

export interface ModuleOptions {
  deps: PlatformDeps;
  services: Services;
}

/** One Fastify plugin per module, each given its dependencies explicitly. */
export async function registerModules(app: FastifyInstance, deps: PlatformDeps, services: Services) {
  const opts: ModuleOptions = { deps, services };
  // cookies and req.getSession() for every module (storefront pages included)
  await app.register(sessionPlugin, { deps, store: services.sessions });
  await app.register(categoriesRoutes, opts);
  await app.register(attributesRoutes, opts);
  await app.register(productsRoutes, opts);
  await app.register(offersRoutes, opts);
  await app.register(bulkRoutes, opts);
  await app.register(cmsRoutes, opts);
  await app.register(commercemlRoutes, opts);
  await app.register(customersRoutes, opts);
  await app.register(cartRoutes, opts);
  await app.register(ordersRoutes, opts);
  await app.register(searchRoutes, opts);
  await app.register(onecRoutes, opts);
  await app.register(ocstoreRoutes, opts);
  await app.register(storefrontRoutes, opts);
}
