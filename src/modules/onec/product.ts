// product.updated → the catalog's own services (their validation, slugs, events), then its price and
// stock through the same versioned path as price.changed/stock.changed. Attribute names are mapped to
// the product's matrix by code, Russian or English name; unknown ones are reported, never dropped silently.
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import type { Product, ProductsService } from '../products/index.js';
import { applyPricesAndStock } from './catalog.js';
import { type Envelope, type Rejection } from './envelope.js';
import * as repo from './repository.js';
import type { ProductUpdated } from './schemas.js';

export interface ProductDeps {
  db: Database;
  products: ProductsService;
  attributes: AttributesService;
  categories: CategoriesService;
}

export interface ProductResult {
  outcome: 'applied' | 'stale' | 'duplicate' | 'rejected';
  rejection?: Rejection;
  /** partial problems of an applied message (unknown attributes, stock without a price) */
  reports: Rejection[];
  productIds: number[];
}

async function findProduct(products: ProductsService, sku: string): Promise<Product | null> {
  try {
    return await products.get(sku);
  } catch (e) {
    if (e instanceof AppError && e.code === 'CATALOG_PRODUCT_NOT_FOUND') return null;
    throw e;
  }
}

async function mapAttributes(d: ProductDeps, primary: number, categoryIds: number[], attrs: Record<string, unknown>) {
  const matrix = await d.attributes.productMatrix(primary, categoryIds);
  const byName = new Map<string, string>();
  for (const { attribute: a } of matrix.entries) {
    for (const n of [a.code, a.name, a.name_en]) if (n) byName.set(n.trim().toLowerCase(), a.code);
  }
  const mapped: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    const code = byName.get(name.trim().toLowerCase());
    if (code) mapped[code] = value;
    else unknown.push(name);
  }
  return { mapped, unknown };
}

export async function applyProduct(d: ProductDeps, env: Envelope<ProductUpdated>): Promise<ProductResult> {
  const b = env.body;
  const reports: Rejection[] = [];
  const rejected = (code: string, reason: string): ProductResult => ({ outcome: 'rejected', rejection: { code, reason }, reports, productIds: [] });

  const stored = await d.db.kysely
    .selectFrom('integration_versions').select(['source_version', 'occurred_at', 'event_id'])
    .where('entity', '=', 'product').where('sku', '=', b.sku).where('warehouse', '=', '').executeTakeFirst();
  if (stored) {
    if (stored.event_id === env.event_id) return { outcome: 'duplicate', reports, productIds: [] };
    // same rule as claimVersions: a greater source_version, else a later-or-equal occurred_at
    const sv = stored.source_version === null ? null : String(stored.source_version);
    const isNewer = env.source_version !== null && sv !== null
      ? BigInt(env.source_version) > BigInt(sv)
      : env.occurred_at.getTime() >= new Date(stored.occurred_at).getTime();
    if (!isNewer) return { outcome: 'stale', reports, productIds: [] };
  }

  let product: Product;
  try {
    const existing = await findProduct(d.products, b.sku);
    let primary: number;
    let categoryIds: number[];
    if (existing) {
      primary = existing.primary_category_id;
      categoryIds = existing.category_ids;
    } else {
      if (b.category_id === undefined && b.category === undefined) {
        return rejected('CATEGORY_REQUIRED', `new SKU "${b.sku}": product.updated must name category_id or category for a new product`);
      }
      primary = b.category_id ?? (await d.categories.resolve(b.category!)).id;
      categoryIds = [primary];
    }
    const { mapped, unknown } = await mapAttributes(d, primary, categoryIds, b.attributes ?? {});
    if (unknown.length) {
      // one report row per message (the report is unique per message and code), naming every attribute
      const list = unknown.map((n) => `"${n}" = ${JSON.stringify(b.attributes![n])}`).join(', ');
      reports.push({ code: 'UNKNOWN_ATTRIBUTE', reason: `not in the matrix of category ${primary}, not stored: ${list}` });
    }
    const common = {
      name: b.name,
      ...(Object.keys(mapped).length ? { attributes: mapped } : {}),
      ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.brand !== undefined ? { brand: b.brand } : {}),
    };
    product = existing
      ? await d.products.update(existing.id, common)
      : await d.products.create({ sku: b.sku, category_ids: categoryIds, ...common });
  } catch (e) {
    if (e instanceof AppError) return rejected(e.code, e.field ? `${e.field}: ${e.message}` : e.message);
    throw e;
  }

  // price and stock ride the versioned path; the product version is claimed in the same transaction
  const stock = b.stock ?? {};
  await d.db.kysely.transaction().execute(async (tx) => {
    const r = await applyPricesAndStock(
      tx,
      b.price !== undefined ? [{ env, sku: b.sku, price: b.price, old_price: b.old_price ?? null, currency: b.currency ?? null }] : [],
      Object.keys(stock).length ? [{ env: { ...env }, sku: b.sku, stock }] : [],
      // one product at a time: the locking read, so there is nothing to re-run
      { lock: true },
    );
    for (const o of r.outcomes.values()) if (typeof o !== 'string') reports.push(o);
    await repo.claimVersions(tx, [{ entity: 'product', sku: b.sku, warehouse: '', source_version: env.source_version, occurred_at: env.occurred_at, event_id: env.event_id }]);
  });
  return { outcome: 'applied', reports, productIds: [product.id] };
}
