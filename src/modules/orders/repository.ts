// All SQL of the orders module: offers are read and locked here for the stock reservation.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { OrderDelivery } from '../../platform/db/schema-commerce.js';
import type { OrdersShopColumns } from '../../platform/db/schema-shop.js';

export type Q = Kysely<DB> | Transaction<DB>;

export interface OfferLine {
  offer_id: number;
  product_id: number;
  sku: string;
  name: string;
  product_status: string;
  price: number;
  currency: string;
  stock: Record<string, number>;
  stock_total: number;
}

function offerQuery(q: Q, ids: number[]) {
  return q.selectFrom('offers as o').innerJoin('products as p', 'p.id', 'o.product_id')
    .select(['o.id as offer_id', 'o.product_id', 'p.sku', 'p.name', 'p.status as product_status', 'o.price', 'o.currency', 'o.stock', 'o.stock_total'])
    .where('o.id', 'in', ids).orderBy('o.id');
}

const toLine = (r: Record<string, unknown>): OfferLine => ({
  offer_id: Number(r.offer_id), product_id: Number(r.product_id), sku: String(r.sku), name: String(r.name),
  product_status: String(r.product_status), price: Number(r.price), currency: String(r.currency),
  stock: (r.stock ?? {}) as Record<string, number>, stock_total: Number(r.stock_total),
});

/** Locks the offers in id order (concurrent checkouts of overlapping carts cannot deadlock). */
export async function lockOfferLines(q: Q, ids: number[]): Promise<OfferLine[]> {
  if (!ids.length) return [];
  return (await offerQuery(q, ids).forUpdate('o').execute()).map(toLine);
}

export async function setOfferStock(q: Q, offerId: number, stock: Record<string, number>, total: number) {
  await setOffersStock(q, [{ offer_id: offerId, stock, total }]);
}

/** New stock of several offers in one statement (the rows are locked by lockOfferLines). */
export async function setOffersStock(q: Q, rows: { offer_id: number; stock: Record<string, number>; total: number }[]) {
  if (!rows.length) return;
  await sql`
    update offers o set stock = v.stock, stock_total = v.total, updated_at = now()
    from (select unnest(${rows.map((r) => r.offer_id)}::bigint[]) as id,
                 unnest(${rows.map((r) => JSON.stringify(r.stock))}::jsonb[]) as stock,
                 unnest(${rows.map((r) => r.total)}::int[]) as total) v
    where o.id = v.id`.execute(q);
}

/** Locks the offers in id order like lockOfferLines and draws the order number in the same round trip
 *  (a CTE runs nextval once; a number drawn for a checkout that then fails is a gap, as before), with
 *  each offer's `extra` column (the offers module's quantity tiers) read in that round trip too. */
export async function lockOfferLinesWithNumber<E>(q: Q, ids: number[], extra: RawBuilder<E>): Promise<{ lines: (OfferLine & { extra: E })[]; number: string }> {
  const r = await sql<Record<string, unknown> & { number: string; extra: E }>`
    with n as materialized (select lpad(nextval('order_number_seq')::text, 6, '0') as n)
    select o.id as offer_id, o.product_id, p.sku, p.name, p.status as product_status, o.price, o.currency, o.stock, o.stock_total,
      n.n as number, ${extra} as extra
    from n cross join offers o join products p on p.id = o.product_id
    where o.id = any(${ids}::bigint[]) order by o.id for update of o`.execute(q);
  const number = r.rows[0]?.number ?? (await sql<{ n: string }>`select n from (select lpad(nextval('order_number_seq')::text, 6, '0') as n) s`.execute(q)).rows[0]!.n;
  return { lines: r.rows.map((row) => ({ ...toLine(row), extra: row.extra })), number: `VT-${number}` };
}

/** Everything a placed order writes besides its events, as one statement (data-modifying CTEs):
 *  the new stock of the locked offers, the order, its items, reservations, first history row, and the
 *  ordered cart lines removed. One round trip instead of six while the offers' row locks are held. */
export async function writePlacedOrder(q: Q, w: {
  order: NewOrder;
  stock: { offer_id: number; stock: Record<string, number>; total: number }[];
  items: Omit<NewItem, 'order_id'>[];
  reservations: { offer_id: number; warehouse: string; quantity: number }[];
  cartId: string | null;
}) {
  const o = w.order;
  const col = <T>(f: (i: Omit<NewItem, 'order_id'>) => T) => w.items.map(f);
  const r = await sql<{ id: number; created_at: Date; updated_at: Date }>`
    with stock as (
      update offers o set stock = v.stock, stock_total = v.total, updated_at = now()
      from (select unnest(${w.stock.map((x) => x.offer_id)}::bigint[]) as id,
                   unnest(${w.stock.map((x) => JSON.stringify(x.stock))}::jsonb[]) as stock,
                   unnest(${w.stock.map((x) => x.total)}::int[]) as total) v
      where o.id = v.id returning o.id
    ), ord as (
      insert into orders (number, customer_id, status, email, phone, contact_name, delivery, payment_method, payment_status,
        subtotal, delivery_cost, total, currency, comment, idempotency_key, idempotency_hash, source)
      values (${o.number}, ${o.customer_id}, ${o.status}, ${o.email}, ${o.phone}, ${o.contact_name}, ${JSON.stringify(o.delivery)}::jsonb,
        ${o.payment_method}, ${o.payment_status}, ${o.subtotal}, ${o.delivery_cost}, ${o.total}, ${o.currency}, ${o.comment},
        ${o.idempotency_key}, ${o.idempotency_hash}, ${o.source})
      returning id, created_at, updated_at
    ), items as (
      insert into order_items (order_id, product_id, offer_id, sku, name, warehouse, quantity, price, total)
      select ord.id, x.product_id, x.offer_id, x.sku, x.name, x.warehouse, x.quantity, x.price, x.total
      from ord, unnest(${col((i) => i.product_id)}::bigint[], ${col((i) => i.offer_id)}::bigint[], ${col((i) => i.sku)}::text[],
        ${col((i) => i.name)}::text[], ${col((i) => i.warehouse)}::text[], ${col((i) => i.quantity)}::int[],
        ${col((i) => i.price)}::bigint[], ${col((i) => i.total)}::bigint[])
        as x(product_id, offer_id, sku, name, warehouse, quantity, price, total)
      returning 1
    ), res as (
      insert into stock_reservations (order_id, offer_id, warehouse, quantity)
      select ord.id, x.offer_id, x.warehouse, x.quantity
      from ord, unnest(${w.reservations.map((x) => x.offer_id)}::bigint[], ${w.reservations.map((x) => x.warehouse)}::text[],
        ${w.reservations.map((x) => x.quantity)}::int[]) as x(offer_id, warehouse, quantity)
      returning 1
    ), hist as (
      insert into order_status_history (order_id, status, comment, source, occurred_at, notified)
      select ord.id, ${o.status}, null, ${o.source}, ord.created_at, true from ord
      returning 1
    ), cart as (
      delete from cart_items where cart_id = ${w.cartId} and offer_id = any(${w.stock.map((x) => x.offer_id)}::bigint[])
      returning 1
    )
    select id, created_at, updated_at from ord`.execute(q);
  return r.rows[0]!;
}

export interface NewOrder {
  number: string;
  customer_id: number | null;
  status: string;
  email: string;
  phone: string;
  contact_name: string;
  delivery: OrderDelivery;
  payment_method: string;
  payment_status: string;
  subtotal: number;
  delivery_cost: number;
  total: number;
  currency: string;
  comment: string | null;
  idempotency_key: string | null;
  idempotency_hash: string | null;
  source: 'web' | 'admin';
}

export interface NewItem {
  order_id: number; product_id: number; offer_id: number; sku: string; name: string; warehouse: string | null;
  quantity: number; price: number; total: number;
}

export const heldReservations = (q: Q, orderId: number) =>
  q.selectFrom('stock_reservations').select(['id', 'offer_id', 'warehouse', 'quantity'])
    .where('order_id', '=', orderId).where('status', '=', 'held').orderBy('offer_id').execute();

export async function releaseReservations(q: Q, ids: number[]) {
  if (ids.length) {
    await q.updateTable('stock_reservations').set({ status: 'released', released_at: new Date() }).where('id', 'in', ids).execute();
  }
}

export async function consumeReservations(q: Q, orderId: number) {
  await q.updateTable('stock_reservations').set({ status: 'consumed' })
    .where('order_id', '=', orderId).where('status', '=', 'held').execute();
}

export async function insertHistory(q: Q, row: { order_id: number; status: string; comment: string | null; source: string; occurred_at: Date; notified: boolean }) {
  await q.insertInto('order_status_history').values(row).execute();
}

export async function historyExists(q: Q, orderId: number, status: string, occurredAt: Date) {
  return !!(await q.selectFrom('order_status_history').select('id').where('order_id', '=', orderId)
    .where('status', '=', status).where('occurred_at', '=', occurredAt).executeTakeFirst());
}

const ORDER_COLUMNS = [
  'id', 'number', 'customer_id', 'status', 'email', 'phone', 'contact_name', 'delivery', 'payment_method', 'payment_status',
  'subtotal', 'delivery_cost', 'discount', 'total', 'currency', 'comment', 'external_ref', 'status_version', 'source',
  'created_at', 'updated_at',
] as const;

export const orderById = (q: Q, id: number) => q.selectFrom('orders').select(ORDER_COLUMNS).where('id', '=', id).executeTakeFirst();
export type OrderRow = NonNullable<Awaited<ReturnType<typeof orderById>>>;

export const orderByNumber = (q: Q, number: string) =>
  q.selectFrom('orders').select(ORDER_COLUMNS).where('number', '=', number).executeTakeFirst();

/** By number, then by 1C's external_ref; locked for the status change. */
export const lockOrderByRef = (q: Q, ref: string) =>
  q.selectFrom('orders').select(ORDER_COLUMNS)
    .where((eb) => eb.or([eb('number', '=', ref), eb('external_ref', '=', ref)]))
    .orderBy(sql`number = ${ref}`, 'desc').limit(1).forUpdate().executeTakeFirst();

export const lockOrderById = (q: Q, id: number) =>
  q.selectFrom('orders').select(ORDER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();

export const orderByIdempotencyKey = (q: Q, key: string) =>
  q.withTables<{ orders: OrdersShopColumns }>().selectFrom('orders').select(['id', 'idempotency_hash'])
    .where('idempotency_key', '=', key).executeTakeFirst();

export async function setStatus(q: Q, id: number, status: string, statusVersion?: Date) {
  await q.updateTable('orders')
    .set({ status, updated_at: new Date(), ...(statusVersion ? { status_version: statusVersion } : {}) })
    .where('id', '=', id).execute();
}

export const itemsOf = (q: Q, orderId: number) =>
  q.selectFrom('order_items').select(['product_id', 'offer_id', 'sku', 'name', 'warehouse', 'quantity', 'price', 'total'])
    .where('order_id', '=', orderId).orderBy('id').execute();

export const historyOf = (q: Q, orderId: number) =>
  q.selectFrom('order_status_history').select(['status', 'comment', 'source', 'occurred_at'])
    .where('order_id', '=', orderId).orderBy('id').execute(); // the order they were applied in (stale ones never are)

export interface ListFilter {
  customer_id?: number;
  status?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listOrders(q: Q, f: ListFilter) {
  let base = q.selectFrom('orders');
  if (f.customer_id !== undefined) base = base.where('customer_id', '=', f.customer_id);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('number', 'ilike', like), eb('email', 'ilike', like), eb('phone', 'ilike', like), eb('contact_name', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    base.select(['id', 'number', 'status', 'total', 'currency', 'created_at',
      sql<number>`(select coalesce(sum(quantity), 0) from order_items i where i.order_id = orders.id)`.as('items_count')])
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function updateCartPrices(q: Q, cartId: string, prices: { offer_id: number; price: number }[]) {
  for (const p of prices) {
    await q.updateTable('cart_items').set({ price_seen: p.price }).where('cart_id', '=', cartId).where('offer_id', '=', p.offer_id).execute();
  }
}
