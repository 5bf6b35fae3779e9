// `vitrina seed` and the demo catalog: generate deterministically, load the skeleton set-based, then
// the products — at COPY speed into an empty catalog, through the NDJSON upsert path otherwise.
import { Namespace } from '../../platform/cache/index.js';
import type { PlatformDeps } from '../../platform/context.js';
import { publish } from '../../platform/events/outbox.js';
import type { Cache } from '../../platform/cache/index.js';
import { createAttributesService, type AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import type { OffersService } from '../offers/index.js';
import { fastLoadProducts, type Phase } from './fast-load.js';
import { generateCatalog, type GeneratedCatalog } from './generator/index.js';
import { ProductImporter } from './importer.js';
import type { ImportRow } from './rows.js';
import { loadMatrixShape } from './matrix-shape.js';
import { loadStructure, type StructureIds } from './structure-load.js';

export interface SeedOptions {
  categories: number;
  products: number;
  seed: number;
}

export interface SeedProgress {
  phase: 'structure' | Phase | 'done';
  /** products written so far */
  products: number;
  total: number;
}

export interface SeedResult {
  mode: 'fast' | 'upsert';
  categories: number;
  attributes: number;
  brands: number;
  products: number;
  offers: number;
  /** generated products their matrix rejected (0 unless the generator and the matrix rules drift) */
  rejected: number;
  seconds: Record<string, number>;
}

export interface SeedServices {
  categories: CategoriesService;
  attributes: Pick<AttributesService, 'validatorFor' | 'invalidateMatrices'>;
  offers: Pick<OffersService, 'recomputeBestOffers'>;
}

async function isEmpty(deps: PlatformDeps): Promise<boolean> {
  const rows = await deps.db.withSession((s) => s.query<{ any: boolean }>(`select exists (select 1 from products) as any`));
  return !rows[0]!.any;
}

export async function runSeed(
  deps: PlatformDeps,
  services: SeedServices,
  opts: SeedOptions,
  onProgress: (p: SeedProgress) => void = () => {},
): Promise<SeedResult> {
  const started = Date.now();
  const catalog = generateCatalog(opts);
  const total = catalog.productCount;
  onProgress({ phase: 'structure', products: 0, total });
  const ids = await deps.db.withSession(async (s) => {
    await s.query('begin');
    try {
      const out = await loadStructure(s, catalog);
      await s.query('commit');
      return out;
    } catch (e) {
      await s.query('rollback').catch(() => {});
      throw e;
    }
  });
  // the skeleton was written with SQL, past the services' caches
  await services.attributes.invalidateMatrices();
  await new Namespace(deps.cache, 'categories').invalidate();
  const structureSeconds = (Date.now() - started) / 1000;

  const base = { categories: ids.created.categories, attributes: ids.created.attributes, brands: ids.created.brands };
  if (total > 0 && (await isEmpty(deps))) {
    // Thousands of category sets each need their product matrix once, in order of primary category.
    // A private attributes service with a tiny cache of its own keeps them out of the shared cache
    // (and this process's memory); consecutive sets share the primary category's matrix.
    const matrices = createAttributesService({ ...deps, cache: recentCache(256) }, { categories: services.categories });
    const r = await fastLoadProducts(deps, catalog, opts, ids, {
      productMatrix: (primary, cats) => matrices.productMatrix(primary, cats),
      matrixShape: () => loadMatrixShape(deps.db.kysely),
      recomputeBestOffers: () => services.offers.recomputeBestOffers(null),
      onProgress: (phase, done) => onProgress({ phase, products: done, total }),
    });
    await publish(deps.db.kysely, 'catalog.bulk_imported', 'seed', { products: r.products, offers: r.offers });
    onProgress({ phase: 'done', products: r.products, total });
    return { mode: 'fast', ...base, products: r.products, offers: r.offers, rejected: r.rejected, seconds: { structure: structureSeconds, ...r.seconds, total: (Date.now() - started) / 1000 } };
  }

  const importer = new ProductImporter(deps, services, {
    rejectDuplicateSkus: false,
    onProgress: (p) => onProgress({ phase: 'products', products: p.lines, total }),
  });
  for (let i = 0; i < total; i++) await importer.add(toImportRow(catalog, ids, i));
  const report = await importer.finish();
  onProgress({ phase: 'done', products: report.imported, total });
  return {
    mode: 'upsert',
    ...base,
    products: report.imported,
    offers: report.offers,
    rejected: report.failed,
    seconds: { structure: structureSeconds, total: (Date.now() - started) / 1000 },
  };
}

/** The last `size` values, stored as they are (the seed never mutates a matrix it got). */
function recentCache(size: number): Cache {
  const map = new Map<string, unknown>();
  return {
    kind: 'memory',
    async get<T>(key: string) {
      return map.get(key) as T | undefined;
    },
    async set(key: string, value: unknown) {
      map.delete(key);
      map.set(key, value);
      if (map.size > size) map.delete(map.keys().next().value!);
    },
    async del(...keys: string[]) {
      for (const k of keys) map.delete(k);
    },
    async incr(key: string) {
      const n = ((map.get(key) as number | undefined) ?? 0) + 1;
      map.set(key, n);
      return n;
    },
    async close() {
      map.clear();
    },
  };
}

/** A generated product as an import line (category ids already mapped to this database). */
export function toImportRow(c: GeneratedCatalog, ids: StructureIds, i: number): ImportRow {
  const p = c.product(i);
  return {
    line: i + 1,
    sku: p.sku,
    name: p.name,
    slug: p.slug,
    description: p.description,
    brand: p.brand,
    status: p.status,
    categories: p.category_ids.map((id) => ids.category[id]!),
    primary: null,
    attributes: p.attributes,
    images: p.images,
    tags: p.tag_ids.map((t) => c.tags[t - 1]!.name),
    variant_group: p.variant_group,
    offers: p.offers,
  };
}
