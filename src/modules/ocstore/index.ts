// Public API of the ocStore importer (issue 6): `vitrina import ocstore` and the tests use only this file.
import type { PlatformDeps } from '../../platform/context.js';
import { createAttributesService } from '../attributes/index.js';
import { createCategoriesService } from '../categories/index.js';
import { createOffersService } from '../offers/index.js';
import { createProductsService } from '../products/index.js';
import type { OcstoreImportOptions } from './context.js';
import { importOcstore as run } from './importer.js';
import type { OcstoreReport } from './report.js';
import { Source, type ShopInfo } from './source.js';

export type { OcstoreImportOptions } from './context.js';
export type { OcstoreReport, EntityCounts, Issue } from './report.js';
export type { ShopInfo } from './source.js';
export { STEPS as OCSTORE_STEPS } from './importer.js';
export { ocstoreSha1, decodeEntities, typeOf } from './text.js';
export { ocstoreRoutes } from './routes.js';

/** Checks the shop can be imported (reachable, prefix, language, tables) without touching our database. */
export async function checkOcstore(opts: Pick<OcstoreImportOptions, 'mysql' | 'prefix' | 'language' | 'timeZone'>): Promise<ShopInfo> {
  const src = await Source.open({ url: opts.mysql, ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}), ...(opts.language ? { language: opts.language } : {}), ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
  await src.close();
  return src.info;
}

/** Imports a live ocStore shop (read-only on its side); safe to re-run (a second run updates). */
export function importOcstore(deps: PlatformDeps, opts: OcstoreImportOptions): Promise<OcstoreReport> {
  const categories = createCategoriesService(deps);
  const attributes = createAttributesService(deps, { categories });
  const products = createProductsService(deps, { categories, attributes });
  const offers = createOffersService(deps, { products });
  return run(deps, { offers }, opts);
}
