// The storefront reads: the product card (a hot path: one statement for the product and its offers,
// shared by the cards asked for at the same time, then matrix, breadcrumbs and groups from memory) and
// the category listing with attribute filters.
import type { PlatformDeps } from '../../platform/context.js';
import type { AttributeValue } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { RawBuilder } from 'kysely';
import { createBatcher, type Batcher } from './card-batch.js';
import { renderAttributes, variantAxes, type GroupInfo } from './card.js';
import { buildConditions, filterParams } from './filters.js';
import * as repo from './repository.js';
import type { OfferForCard, ProductsModuleDeps, ProductsService } from './service.js';

/** Cards per statement. Every card of a batch is rendered when its statement answers, in one run of the
 *  event loop, and page-cache hits wait behind that run, so a batch should stay small; 16 is a middle
 *  value, not a measured optimum: at 1M (bench:storefront, 50 connections) two runs with 16 gave a
 *  product-page p95 of 26.6 and 38.5 ms, wider apart than the single runs with 8 (34) and 64 (37.6). */
export const CARD_BATCH_MAX = 16;
/** Card statements out at once per process or page thread (card-batch.ts says why they are bounded).
 *  Measured at 1M (bench:storefront --only product, 50 connections, alternating runs), product-page p95:
 *  one out 24.5, 30.1, 26.9, 29.1, 25.5, 24.6 ms; two 33.8, 23.4; unbounded 27.9, 27.4, 36.3, 37.3 —
 *  and PostgreSQL CPU per page 0.043–0.054 ms with one against 0.063–0.074 unbounded. */
export const CARD_STATEMENTS_IN_FLIGHT = 1;

export function createStorefront(
  deps: PlatformDeps,
  { categories, attributes }: ProductsModuleDeps,
): Pick<ProductsService, 'card' | 'listCategory'> {
  const db = deps.db.kysely;

  let groups: { at: number; value: Promise<GroupInfo[]> } | null = null;
  // display groups change rarely; a minute of staleness keeps them off the card's query budget
  function attributeGroups(): Promise<GroupInfo[]> {
    if (!groups || Date.now() - groups.at > 60_000) {
      const value = attributes.groups.list();
      groups = { at: Date.now(), value };
      value.catch(() => (groups = null));
    }
    return groups.value;
  }

  // one batcher per offers subselect (there is one in practice: the offers module's)
  const batchers = new WeakMap<RawBuilder<OfferForCard[]>, Batcher<string, repo.CardRow>>();
  function cardBatcher(offersJson: RawBuilder<OfferForCard[]>) {
    let b = batchers.get(offersJson);
    if (!b) {
      b = createBatcher(async (slugs) => new Map((await repo.findCards(deps.db, slugs, offersJson)).map((c) => [c.slug, c])), CARD_BATCH_MAX, CARD_STATEMENTS_IN_FLIGHT);
      batchers.set(offersJson, b);
    }
    return b;
  }

  return {
    async card(slug, offersSource) {
      const row = await cardBatcher(offersSource.cardOffersSql()).load(slug);
      if (!row) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No published product ${slug}.`);
      // matrices, breadcrumbs and groups come from memory snapshots once warm
      const [matrix, breadcrumbs, groupList] = await Promise.all([
        attributes.productMatrix(row.primary_category_id, row.category_ids),
        categories.breadcrumbs(row.primary_category_id),
        attributeGroups(),
      ]);
      const axes = variantAxes(matrix);
      const axisValues = (attrs: Record<string, AttributeValue>) =>
        Object.fromEntries(
          renderAttributes({ ...matrix, entries: axes }, attrs, [])
            .flatMap((g) => g.attributes)
            .map((a) => [a.code, { value: a.value, display: a.display }]),
        );
      return {
        id: row.id, sku: row.sku, slug: row.slug, name: row.name, description: row.description, brand: row.brand,
        breadcrumbs: breadcrumbs.map((b) => ({ id: b.id, name: b.name, slug: b.slug, path: b.path })),
        attribute_groups: renderAttributes(matrix, row.attributes, groupList),
        tags: row.tags,
        images: row.images,
        variants: {
          axes: axes.map((e) => ({ code: e.attribute.code, name: e.attribute.name, unit: e.attribute.unit })),
          // the group includes this product itself (marked current) so a selector can be drawn
          items: row.variants.length > 1
            ? row.variants.map((v) => ({
                id: v.id, slug: v.slug, name: v.name, current: v.id === row.id, best_price: v.best_price,
                in_stock: v.in_stock, axes: axisValues(v.attributes),
              }))
            : [],
        },
        price: row.best_price,
        old_price: row.best_old_price,
        currency: row.best_currency,
        in_stock: row.in_stock,
        offers: row.offers.map((o, i) => ({
          id: o.id, source: o.source, ...(o.source === 'seller' ? { source_ref: o.source_ref } : {}),
          price: o.price, old_price: o.old_price, currency: o.currency, stock: o.stock, stock_total: o.stock_total,
          in_stock: o.stock_total > 0, best: i === 0,
        })),
      };
    },

    async listCategory(categoryId, req) {
      // the category's matrix types the filters (cached); it also 404s an unknown category
      const matrix = await attributes.effectiveMatrix(categoryId);
      const conditions = buildConditions(filterParams(req.query), matrix);
      const { items, count } = await repo.listCategoryProducts(db, {
        categoryId, conditions, sort: req.sort, limit: req.limit, offset: req.offset,
      });
      return {
        items,
        total: Math.min(count, repo.COUNT_CAP),
        total_capped: count > repo.COUNT_CAP,
        limit: req.limit,
        offset: req.offset,
      };
    },
  };
}
