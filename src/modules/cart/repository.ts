// All SQL of the cart module.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export const cartById = (q: Q, id: string) =>
  q.selectFrom('carts').select(['id', 'customer_id']).where('id', '=', id).executeTakeFirst();

export const cartOfCustomer = (q: Q, customerId: number) =>
  q.selectFrom('carts').select(['id', 'customer_id']).where('customer_id', '=', customerId).executeTakeFirst();

export async function createCart(q: Q, id: string, customerId: number | null) {
  await q.insertInto('carts').values({ id, customer_id: customerId }).onConflict((oc) => oc.doNothing()).execute();
}

export const touch = (q: Q, id: string) => q.updateTable('carts').set({ updated_at: new Date() }).where('id', '=', id).execute();

export interface LineRow {
  offer_id: number;
  product_id: number;
  quantity: number;
  price_seen: number;
  sku: string;
  name: string;
  slug: string;
  images: unknown;
  product_status: string;
  price: number;
  old_price: number | null;
  currency: string;
  stock_total: number;
}

export async function lines(q: Q, cartId: string): Promise<LineRow[]> {
  const rows = await q.selectFrom('cart_items as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .select(['c.offer_id', 'c.product_id', 'c.quantity', 'c.price_seen', 'p.sku', 'p.name', 'p.slug', 'p.images',
      'p.status as product_status', 'o.price', 'o.old_price', 'o.currency', 'o.stock_total'])
    .where('c.cart_id', '=', cartId).orderBy('c.added_at').orderBy('c.offer_id').execute();
  return rows.map((r) => ({
    ...r, offer_id: Number(r.offer_id), product_id: Number(r.product_id), price_seen: Number(r.price_seen), price: Number(r.price),
    old_price: r.old_price === null ? null : Number(r.old_price), stock_total: Number(r.stock_total),
  }));
}

export const offerForCart = (q: Q, offerId: number) =>
  q.selectFrom('offers as o').innerJoin('products as p', 'p.id', 'o.product_id')
    .select(['o.id', 'o.product_id', 'o.price', 'o.stock_total', 'p.status', 'p.name'])
    .where('o.id', '=', offerId).executeTakeFirst();

export const lineQuantity = async (q: Q, cartId: string, offerId: number) =>
  (await q.selectFrom('cart_items').select('quantity').where('cart_id', '=', cartId).where('offer_id', '=', offerId).executeTakeFirst())?.quantity ?? 0;

export async function upsertLine(q: Q, cartId: string, v: { offer_id: number; product_id: number; quantity: number; price_seen: number }) {
  await q.insertInto('cart_items').values({ cart_id: cartId, ...v })
    .onConflict((oc) => oc.columns(['cart_id', 'offer_id']).doUpdateSet({ quantity: v.quantity, price_seen: v.price_seen }))
    .execute();
}

export const deleteLine = (q: Q, cartId: string, offerId: number) =>
  q.deleteFrom('cart_items').where('cart_id', '=', cartId).where('offer_id', '=', offerId).executeTakeFirst();

export const rawLines = (q: Q, cartId: string) =>
  q.selectFrom('cart_items').select(['offer_id', 'product_id', 'quantity', 'price_seen']).where('cart_id', '=', cartId).execute();

export const deleteCart = (q: Q, id: string) => q.deleteFrom('carts').where('id', '=', id).execute();

export const count = async (q: Q, cartId: string) =>
  Number((await q.selectFrom('cart_items').select(sql<number>`coalesce(sum(quantity), 0)`.as('n')).where('cart_id', '=', cartId).executeTakeFirst())?.n ?? 0);
