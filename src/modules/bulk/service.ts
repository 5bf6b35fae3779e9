// The bulk module's service: streaming NDJSON upsert, catalog seeding and counts. Rules live in
// rows.ts (a line), importer.ts (a batch) and seed.ts / fast-load.ts (a generated catalog).
import type { PlatformDeps } from '../../platform/context.js';
import type { AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import type { OffersService } from '../offers/index.js';
import type { ProductsService } from '../products/index.js';
import { ProductImporter, type ImportOptions, type ImportReport } from './importer.js';
import { readLines } from './lines.js';
import * as repo from './repository.js';
import { parseLine, type ImportRow } from './rows.js';
import { runSeed, type SeedOptions, type SeedProgress, type SeedResult } from './seed.js';

export interface BulkService {
  /** Upserts the products of an NDJSON stream; bad lines are reported, good ones land. */
  importNdjson(input: AsyncIterable<Buffer | string>, opts?: ImportOptions): Promise<ImportReport>;
  /** The same upsert for rows already decoded (line numbers are the rows'). */
  importRows(rows: Iterable<ImportRow> | AsyncIterable<ImportRow>, opts?: ImportOptions): Promise<ImportReport>;
  /** Generates a deterministic catalog and loads it (fast path when the catalog has no products). */
  seed(opts: SeedOptions, onProgress?: (p: SeedProgress) => void): Promise<SeedResult>;
  stats(): Promise<repo.CatalogStats>;
}

export interface BulkModuleDeps {
  categories: CategoriesService;
  attributes: AttributesService;
  products: ProductsService;
  offers: OffersService;
}

const MAX_LINE_BYTES = 4 * 1024 * 1024;

export function createBulkService(deps: PlatformDeps, { categories, attributes, offers }: BulkModuleDeps): BulkService {
  const services = { categories, attributes, offers };
  return {
    async importNdjson(input, opts = {}) {
      const importer = new ProductImporter(deps, services, opts);
      for await (const l of readLines(input, MAX_LINE_BYTES)) {
        if (l.tooLong) {
          await importer.add({ line: l.no, code: 'IMPORT_LINE_INVALID', message: `the line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB` }, l.bytes);
        } else if (!l.text.trim()) {
          importer.skip(l.bytes);
        } else {
          await importer.add(parseLine(l.text, l.no), l.bytes);
        }
      }
      return importer.finish();
    },

    async importRows(rows, opts = {}) {
      const importer = new ProductImporter(deps, services, opts);
      for await (const r of rows) await importer.add(r);
      return importer.finish();
    },

    seed: (opts, onProgress) => runSeed(deps, services, opts, onProgress),

    stats: () => repo.catalogCounts(deps.db.kysely),
  };
}
