// One ocStore import run: every check that can fail happens before the first write (Source.open),
// then the steps run in dependency order on one session of our database. After the session, the
// best offers of the written products are recomputed by the offers service and caches invalidated.
import path from 'node:path';
import { Namespace } from '../../platform/cache/index.js';
import type { PlatformDeps } from '../../platform/context.js';
import { publish } from '../../platform/events/outbox.js';
import { MATRIX_CACHE_NAMESPACE } from '../attributes/index.js';
import type { OffersService } from '../offers/index.js';
import { importAttributes, importBrands, importCategories } from './catalog.js';
import { importCustomers, importOrders, importReviews } from './commerce.js';
import { catalogRedirects, importBlog, importPages } from './content.js';
import type { Ctx, OcstoreImportOptions } from './context.js';
import { deriveMatrices, importProducts } from './products.js';
import { ReportBuilder, type OcstoreReport } from './report.js';
import { Source } from './source.js';
import { Target } from './target.js';

/** The steps in the order they run (progress callbacks name them). */
export const STEPS = ['categories', 'brands', 'attributes', 'options', 'products', 'customers', 'orders', 'reviews', 'pages', 'blog_posts'] as const;

export async function importOcstore(
  deps: PlatformDeps,
  services: { offers: Pick<OffersService, 'recomputeBestOffers'> },
  opts: OcstoreImportOptions,
): Promise<OcstoreReport> {
  const started = Date.now();
  const src = await Source.open({ url: opts.mysql, ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}), ...(opts.language ? { language: opts.language } : {}), ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
  const rep = new ReportBuilder(src.info.series, src.info.languageCode, !!opts.dryRun, opts.onIssue);
  const productIds: number[] = [];
  try {
    await deps.db.withSession(async (s) => {
      const tgt = new Target(s, !!opts.dryRun);
      const ctx: Ctx = {
        src,
        tgt,
        rep,
        opts,
        mediaDir: path.join(deps.config.varDir, 'media'),
        categories: new Map(),
        fallbackCategory: null,
        brands: new Map(),
        attributes: new Map(),
        options: new Map(),
        productIds,
        progress: (entity, done, total) => opts.onProgress?.(entity, done, total),
      };
      await tgt.start();
      try {
        await importCategories(ctx);
        if (src.has('manufacturer')) await importBrands(ctx);
        await importAttributes(ctx);
        await catalogRedirects(ctx);
        await importProducts(ctx);
        await deriveMatrices(ctx);
        await importCustomers(ctx);
        await importOrders(ctx);
        await importReviews(ctx);
        await importPages(ctx);
        await importBlog(ctx);
      } finally {
        await tgt.end();
      }
    });
  } finally {
    await src.close();
  }
  if (!opts.dryRun) {
    for (let i = 0; i < productIds.length; i += 10_000) await services.offers.recomputeBestOffers(productIds.slice(i, i + 10_000));
    await new Namespace(deps.cache, 'categories').invalidate();
    await new Namespace(deps.cache, MATRIX_CACHE_NAMESPACE).invalidate();
    if (productIds.length) await publish(deps.db.kysely, 'catalog.bulk_imported', 'ocstore', { products: productIds.length, offers: productIds.length });
  }
  rep.report.seconds = (Date.now() - started) / 1000;
  return rep.report;
}
