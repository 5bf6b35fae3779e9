import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../platform/context.js';
import type { Services } from '../services.js';
import { categoriesRoutes } from './categories/index.js';
import { attributesRoutes } from './attributes/index.js';
import { productsRoutes } from './products/index.js';
import { offersRoutes } from './offers/index.js';
import { bulkRoutes } from './bulk/index.js';

export interface ModuleOptions {
  deps: PlatformDeps;
  services: Services;
}

/** One Fastify plugin per module, each given its dependencies explicitly. */
export async function registerModules(app: FastifyInstance, deps: PlatformDeps, services: Services) {
  const opts: ModuleOptions = { deps, services };
  await app.register(categoriesRoutes, opts);
  await app.register(attributesRoutes, opts);
  await app.register(productsRoutes, opts);
  await app.register(offersRoutes, opts);
  await app.register(bulkRoutes, opts);
}
