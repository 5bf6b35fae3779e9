// All SQL of the offers module, including THE best-offer rule (docs/catalog.md, "Best offer").
import type { OfferData } from './types.js';
import { sql, type Kysely } from 'kysely';
import type { DB, OfferSource } from '../../platform/db/schema.js';
import type { Database } from '../../platform/db/database.js';

export type Executor = Kysely<DB>;

/**
 * The best-offer rule as an ORDER BY over `offers o`: in stock first, then the lowest price, then
 * the source priority own (1) → seller (2) → supplier (3), then the oldest offer (lowest id) so the
 * choice is deterministic. Both the card's offer list and recomputeBestOffers use this one fragment.
 */
export const BEST_OFFER_ORDER = sql`(o.stock_total > 0) desc, o.price asc,
  case o.source when 'own' then 1 when 'seller' then 2 else 3 end asc, o.id asc`;

export interface OfferRow extends OfferData {
  id: number;
  product_id: number;
  created_at: Date;
  updated_at: Date;
}

export type WritableOffer = OfferData;

const COLUMNS = sql`o.id, o.product_id, o.source, o.source_ref, o.price, o.old_price, o.currency, o.stock,
  o.stock_total, o.created_at, o.updated_at`;

/** A product's offers, best first. One index range scan (offers_product_uq leads with product_id). */
export async function listForProduct(ex: Executor, productId: number): Promise<OfferRow[]> {
  const r = await sql<OfferRow>`select ${COLUMNS} from offers o where o.product_id = ${productId}
    order by ${BEST_OFFER_ORDER}`.execute(ex);
  return r.rows;
}

/**
 * The card's offers as a json array, best first, for the product row `p` of the query it is put in:
 * the card reads product and offers in one statement (one round trip, one slug lookup).
 */
export const CARD_OFFERS_JSON = sql<CardOfferJson[]>`coalesce((select json_agg(json_build_object('id', o.id, 'source', o.source,
    'source_ref', o.source_ref, 'price', o.price, 'old_price', o.old_price, 'currency', o.currency, 'stock', o.stock,
    'stock_total', o.stock_total) order by ${BEST_OFFER_ORDER})
  from offers o where o.product_id = p.id), '[]'::json)`;

export type CardOfferJson = OfferData & { id: number };

/** The offer with its product's SKU (for events) and whether it is the product's best offer. */
export async function findOffer(ex: Executor, id: number) {
  const r = await sql<OfferRow & { sku: string; best: boolean }>`
    select ${COLUMNS}, p.sku, coalesce(p.best_offer_id = o.id, false) as best
    from offers o join products p on p.id = o.product_id where o.id = ${id}`.execute(ex);
  return r.rows[0];
}

const toColumns = (v: Partial<WritableOffer>) => {
  const { stock, ...rest } = v;
  return { ...rest, ...(stock !== undefined ? { stock: JSON.stringify(stock) } : {}) };
};

export async function insertOffer(ex: Executor, productId: number, v: WritableOffer): Promise<number> {
  const row = await ex
    .insertInto('offers')
    .values({ product_id: productId, ...toColumns(v) } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOffer(ex: Executor, id: number, v: Partial<WritableOffer>): Promise<void> {
  await ex
    .updateTable('offers')
    .set({ ...toColumns(v), updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

export async function deleteOffer(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('offers').where('id', '=', id).execute();
}

/**
 * Writes each product's best offer (id, price, old price, currency, in_stock) from its offers, set-based:
 * `productIds` null recomputes every product in one statement (1M products = one sort of the offers),
 * otherwise only the listed ones. Rows whose best offer did not change are not rewritten; products left
 * without offers are cleared. Returns the number of products changed.
 */
export async function recomputeBestOffers(ex: Executor, productIds: number[] | null): Promise<number> {
  if (productIds && !productIds.length) return 0;
  const onlyOffers = productIds ? sql`where o.product_id = any(${productIds}::bigint[])` : sql``;
  const onlyProducts = productIds ? sql`p.id = any(${productIds}::bigint[]) and` : sql``;
  const set = await sql`
    update products p
    set best_offer_id = b.id, best_price = b.price, best_old_price = b.old_price,
        best_currency = b.currency, in_stock = b.stock_total > 0
    from (
      select distinct on (o.product_id) o.product_id, o.id, o.price, o.old_price, o.currency, o.stock_total
      from offers o ${onlyOffers}
      order by o.product_id, ${BEST_OFFER_ORDER}
    ) b
    where p.id = b.product_id
      and (p.best_offer_id, p.best_price, p.best_old_price, p.best_currency, p.in_stock)
          is distinct from (b.id, b.price, b.old_price, b.currency, b.stock_total > 0)`.execute(ex);
  const cleared = await sql`
    update products p
    set best_offer_id = null, best_price = null, best_old_price = null, best_currency = null, in_stock = false
    where ${onlyProducts} (p.best_offer_id is not null or p.best_price is not null or p.in_stock)
      and not exists (select 1 from offers o where o.product_id = p.id)`.execute(ex);
  return Number(set.numAffectedRows ?? 0) + Number(cleared.numAffectedRows ?? 0);
}

/**
 * The best offer of the listed products, which must have offers (callers pass the products whose offer
 * they just wrote, in their transaction): one index probe per product for its best offer, and a products
 * row is rewritten only when that changed, so the listing trigger sees only those rows.
 */
export async function refreshBestOffers(ex: Executor, productIds: number[]): Promise<number> {
  if (!productIds.length) return 0;
  // This statement changes only best_*: the products update trigger (017_kafka_throughput) then takes its
  // cheap path (listing sort columns only). Transaction-local, switched off right after the statement.
  await sql`select set_config('vitrina.best_offer_refresh', 'on', true)`.execute(ex);
  const r = await sql`
    update products p
    set best_offer_id = b.id, best_price = b.price, best_old_price = b.old_price,
        best_currency = b.currency, in_stock = b.stock_total > 0
    from unnest(${productIds}::bigint[]) as x(id)
    cross join lateral (
      select o.id, o.price, o.old_price, o.currency, o.stock_total from offers o
      where o.product_id = x.id order by ${BEST_OFFER_ORDER} limit 1
    ) b
    where p.id = x.id
      and (p.best_offer_id, p.best_price, p.best_old_price, p.best_currency, p.in_stock)
          is distinct from (b.id, b.price, b.old_price, b.currency, b.stock_total > 0)`.execute(ex);
  await sql`select set_config('vitrina.best_offer_refresh', 'off', true)`.execute(ex);
  return Number(r.numAffectedRows ?? 0);
}
