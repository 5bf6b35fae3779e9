// Fixtures for shop tests and benchmarks: published products with one offer each and stock per
// warehouse, written with plain SQL (fast, and independent of the catalog services' rules).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface SeededOffer {
  product_id: number;
  offer_id: number;
  sku: string;
  name: string;
  price: number;
}

/** Creates (once) a category and `count` published products, each with an 'own' offer. */
export async function seedShopOffers(db: Kysely<DB>, opts: {
  count: number; prefix?: string; price?: number; stock?: Record<string, number>;
}): Promise<SeededOffer[]> {
  const prefix = opts.prefix ?? 'shop';
  const stock = opts.stock ?? { msk: 10, spb: 5 };
  const total = Object.values(stock).reduce((s, q) => s + q, 0);
  let cat = await db.selectFrom('categories').select('id').where('slug', '=', `${prefix}-cat`).executeTakeFirst();
  if (!cat) {
    cat = await db.insertInto('categories')
      .values({ parent_id: null, slug: `${prefix}-cat`, name: 'Товары', path: `${prefix}-cat`, depth: 0, ancestor_ids: [] })
      .returning('id').executeTakeFirstOrThrow();
    await db.updateTable('categories').set({ ancestor_ids: [cat.id] }).where('id', '=', cat.id).execute();
  }
  const out: SeededOffer[] = [];
  for (let i = 0; i < opts.count; i++) {
    const sku = `${prefix}-${i + 1}`;
    const name = `Товар ${prefix} №${i + 1}`;
    const price = opts.price ?? 100_00 * (i + 1);
    const p = await db.insertInto('products').values({
      sku, slug: sku, name, status: 'published', primary_category_id: cat.id, category_tree_ids: [cat.id], in_stock: total > 0,
      best_price: price, best_currency: 'RUB', description: null, brand_id: null, attributes: '{}', images: '[]',
      variant_group: null, best_offer_id: null, best_old_price: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('product_categories').values({ product_id: p.id, category_id: cat.id, is_primary: true }).execute();
    const o = await db.insertInto('offers').values({
      product_id: p.id, source: 'own', price, currency: 'RUB', stock: JSON.stringify(stock), stock_total: total,
    }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('products').set({ best_offer_id: o.id }).where('id', '=', p.id).execute();
    out.push({ product_id: Number(p.id), offer_id: Number(o.id), sku, name, price });
  }
  return out;
}

export const offerStock = async (db: Kysely<DB>, offerId: number) => {
  const r = await db.selectFrom('offers').select(['stock', 'stock_total']).where('id', '=', offerId).executeTakeFirstOrThrow();
  return { stock: r.stock as Record<string, number>, total: Number(r.stock_total) };
};
