// Public API of the bulk module: streaming NDJSON product upsert (HTTP and CLI), the deterministic
// catalog generator and seeder, and catalog counts. Other modules import only this file.
import { createReadStream } from 'node:fs';
import type { PlatformDeps } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createAttributesService } from '../attributes/index.js';
import { createCategoriesService } from '../categories/index.js';
import { createOffersService } from '../offers/index.js';
import { createProductsService } from '../products/index.js';
import type { ImportOptions, ImportProgress, ImportReport } from './importer.js';
import { catalogCounts, type CatalogStats } from './repository.js';
import { createBulkService, type BulkService } from './service.js';
import type { SeedOptions, SeedProgress, SeedResult } from './seed.js';

export { createBulkService, type BulkService, type BulkModuleDeps } from './service.js';
export { bulkRoutes } from './routes.js';
export { generateCatalog, type GeneratedCatalog, type GenerateOptions, type GenProduct, type GenOffer } from './generator/index.js';
export type { ImportOptions, ImportProgress, ImportReport } from './importer.js';
export type { RowError, ImportRow } from './rows.js';
export type { SeedOptions, SeedProgress, SeedResult } from './seed.js';
export type { CatalogStats } from './repository.js';

/** The bulk service wired to fresh instances of the services it uses (CLI and server start-up). */
function standalone(deps: PlatformDeps): BulkService {
  const categories = createCategoriesService(deps);
  const attributes = createAttributesService(deps, { categories });
  const products = createProductsService(deps, { categories, attributes });
  const offers = createOffersService(deps, { products });
  return createBulkService(deps, { categories, attributes, products, offers });
}

/** `vitrina seed`: progress reports `products` written out of `total`. */
export function seedCatalog(deps: PlatformDeps, opts: SeedOptions, onProgress?: (p: SeedProgress) => void): Promise<SeedResult> {
  return standalone(deps).seed(opts, onProgress);
}

/** `vitrina import products FILE`: progress reports `bytes` read (for a bar over the file size). */
export function importProductsFile(
  deps: PlatformDeps,
  path: string,
  onProgress?: (p: ImportProgress) => void,
  opts: Omit<ImportOptions, 'onProgress'> = {},
): Promise<ImportReport> {
  return standalone(deps).importNdjson(createReadStream(path, { highWaterMark: 1024 * 1024 }), { ...opts, ...(onProgress ? { onProgress } : {}) });
}

/** `vitrina stats --json`: {categories, attributes, products, offers}. */
export function catalogStats(db: Database): Promise<CatalogStats> {
  return catalogCounts(db.kysely);
}
export { productCopyChunks, PRODUCT_COLUMNS } from './baseline.js';
