// Placing an order: check prices and stock against what the buyer saw, then in ONE transaction lock
// the offers (id order), take the stock per warehouse, write the order, its items, reservations,
// first status, the order.created outbox event and the notifications, and clear the cart lines.
// A failure anywhere rolls all of it back: no half-made order, no stock held for nothing.
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { publish } from '../../platform/events/outbox.js';
import type { NotificationsService } from '../notifications/index.js';
import { orderCreatedMessage } from '../notifications/index.js';
import { OFFER_TIERS_JSON, unitPrice } from '../offers/index.js';
import { deliveryCost } from './delivery.js';
import type { PaymentProvider } from './payment.js';
import * as repo from './repository.js';
import { allocate, checkContact, checkDelivery, checkPayment, fingerprint } from './rules.js';
import type { CartChange, DeliveryInput } from './types.js';

export interface PlaceOrderInput {
  customer_id: number | null;
  items: { offer_id: number; quantity: number; /** the price the buyer saw; checked when given */ price_seen?: number }[];
  contact: { name: string; email: string; phone: string };
  delivery: DeliveryInput;
  payment_method: string;
  comment?: string | null;
  idempotency_key?: string | null;
  /** cart whose ordered lines are removed in the same transaction */
  cart_id?: string | null;
  source?: 'web' | 'admin';
  /** what the idempotency key is bound to; defaults to a fingerprint of this input */
  request_fingerprint?: string;
}

export interface Placed {
  order_id: number;
  number: string;
  /** true when the idempotency key had already produced this order */
  replayed: boolean;
  /** offers whose stock reached zero (their products' best offer / in_stock need recomputing) */
  sold_out_products: number[];
  /** what a new order wrote (not on a replay): the view is built from it without reading it back */
  written?: { order: repo.NewOrder; items: Omit<repo.NewItem, 'order_id'>[]; created_at: Date; updated_at: Date };
}

export interface CheckoutDeps {
  deps: PlatformDeps;
  payments: PaymentProvider;
  notifications: Pick<NotificationsService, 'enqueue' | 'kick'>;
}

const isUnique = (e: unknown) => (e as { code?: string })?.code === '23505';

function changed(changes: CartChange[]): AppError {
  const lines = changes.map((c) =>
    c.kind === 'price' ? `«${c.name}»: цена изменилась с ${c.was / 100} до ${c.now / 100} ₽`
      : c.kind === 'unavailable' ? `«${c.name}»: больше не продаётся`
        : `«${c.name}»: в наличии только ${c.now} шт. (в корзине ${c.was})`);
  return new AppError('CHECKOUT_CART_CHANGED', `С момента добавления в корзину изменилось: ${lines.join('; ')}. Проверьте корзину и оформите заказ ещё раз.`,
    undefined, { changes });
}

function diff(items: PlaceOrderInput['items'], lines: repo.OfferLine[]): CartChange[] {
  const byId = new Map(lines.map((l) => [l.offer_id, l]));
  const changes: CartChange[] = [];
  for (const it of items) {
    const l = byId.get(it.offer_id);
    if (!l || l.product_status !== 'published') {
      changes.push({ offer_id: it.offer_id, sku: l?.sku ?? '', name: l?.name ?? `#${it.offer_id}`, kind: 'unavailable', was: it.quantity, now: 0 });
      continue;
    }
    if (it.price_seen !== undefined && it.price_seen !== l.price) {
      changes.push({ offer_id: l.offer_id, sku: l.sku, name: l.name, kind: 'price', was: it.price_seen, now: l.price });
    }
    if (l.stock_total < it.quantity) {
      changes.push({ offer_id: l.offer_id, sku: l.sku, name: l.name, kind: l.stock_total ? 'stock' : 'unavailable', was: it.quantity, now: l.stock_total });
    }
  }
  return changes;
}

/** The order an idempotency key already made (same request), or IDEMPOTENCY_KEY_REUSED (another request). */
export async function findReplay(deps: PlatformDeps, key: string, hash: string): Promise<Placed | null> {
  const prior = await repo.orderByIdempotencyKey(deps.db.kysely, key);
  if (!prior) return null;
  if (prior.idempotency_hash !== hash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Этот ключ идемпотентности уже использован для другого запроса.');
  }
  const o = await repo.orderById(deps.db.kysely, Number(prior.id));
  return { order_id: Number(prior.id), number: o!.number, replayed: true, sold_out_products: [] };
}

export async function placeOrder({ deps, payments, notifications }: CheckoutDeps, input: PlaceOrderInput, opts: { replayChecked?: boolean } = {}): Promise<Placed> {
  const db = deps.db.kysely;
  if (!input.items.length) throw new AppError('CHECKOUT_CART_EMPTY', 'Корзина пуста.');
  const contact = checkContact(input.contact);
  const delivery = checkDelivery(input.delivery);
  const method = checkPayment(input.payment_method, payments);
  const comment = input.comment?.trim().slice(0, 2000) || null;
  const key = input.idempotency_key ?? null;
  const hash = key ? input.request_fingerprint ?? fingerprint({ items: input.items, contact: input.contact, delivery: input.delivery, payment_method: input.payment_method, comment, customer_id: input.customer_id }) : null;

  const replay = () => (key ? findReplay(deps, key, hash!) : Promise.resolve(null));
  // the cart checkout has just looked the key up itself
  const prior = opts.replayChecked ? null : await replay();
  if (prior) return prior;

  // merge duplicate lines (same offer twice) so the stock check sees the real quantity
  const merged = new Map<number, PlaceOrderInput['items'][number]>();
  for (const it of input.items) {
    if (!Number.isSafeInteger(it.quantity) || it.quantity < 1) throw new AppError('CHECKOUT_INVALID', 'Количество — целое число от 1.', 'items');
    const m = merged.get(it.offer_id);
    merged.set(it.offer_id, m ? { ...m, quantity: m.quantity + it.quantity } : { ...it });
  }
  const items = [...merged.values()];
  const ids = items.map((i) => i.offer_id).sort((a, b) => a - b);

  // Prices and stock are checked once, on the locked rows: a stale cart (rare) costs a short lock and
  // a rollback, the common case one round trip less. The cart learns the new prices after the rollback.
  let stale: CartChange[] = [];
  try {
    return await db.transaction().execute(async (tx) => {
      // each line at the unit price of its quantity (quantity tiers, read with the locks), as the cart showed it
      const locked = await repo.lockOfferLinesWithNumber(tx, ids, OFFER_TIERS_JSON);
      const number = locked.number;
      const quantities = new Map(items.map((i) => [i.offer_id, i.quantity]));
      const lines = locked.lines.map(({ extra: tiers, ...l }) => ({ ...l, price: unitPrice(l.price, tiers, quantities.get(l.offer_id) ?? 1) }));
      stale = diff(items, lines);
      if (stale.length) throw changed(stale);
      const byId = new Map(lines.map((l) => [l.offer_id, l]));
      const currency = lines[0]!.currency;
      if (lines.some((l) => l.currency !== currency)) throw new AppError('CHECKOUT_INVALID', 'Товары в разных валютах нельзя оформить одним заказом.', 'items');

      const reservations: { offer_id: number; warehouse: string; quantity: number }[] = [];
      const soldOut: number[] = [];
      const orderItems: Omit<repo.NewItem, 'order_id'>[] = [];
      const stockUpdates: { offer_id: number; stock: Record<string, number>; total: number }[] = [];
      let subtotal = 0;
      for (const it of items) {
        const l = byId.get(it.offer_id)!;
        const a = allocate(l.stock, it.quantity, delivery.pickup_point ?? null);
        if (!a) throw changed([{ offer_id: l.offer_id, sku: l.sku, name: l.name, kind: 'stock', was: it.quantity, now: l.stock_total }]);
        stockUpdates.push({ offer_id: l.offer_id, stock: a.stock, total: a.total });
        if (a.total === 0) soldOut.push(l.product_id);
        for (const r of a.allocations) reservations.push({ offer_id: l.offer_id, ...r });
        orderItems.push({
          product_id: l.product_id, offer_id: l.offer_id, sku: l.sku, name: l.name, quantity: it.quantity, price: l.price,
          total: l.price * it.quantity, warehouse: a.allocations.length === 1 ? a.allocations[0]!.warehouse : null,
        });
        subtotal += l.price * it.quantity;
      }
      const cost = deliveryCost(delivery.method, subtotal);
      const pay = await payments.start({ number, total: subtotal + cost, currency, method });
      const newOrder: repo.NewOrder = {
        number, customer_id: input.customer_id, status: 'created', email: contact.email, phone: contact.phone,
        contact_name: contact.name, delivery, payment_method: method, payment_status: pay.payment_status, subtotal,
        delivery_cost: cost, total: subtotal + cost, currency, comment, idempotency_key: key, idempotency_hash: hash,
        source: input.source ?? 'web',
      };
      const order = await repo.writePlacedOrder(tx, { order: newOrder, stock: stockUpdates, items: orderItems, reservations, cartId: input.cart_id ?? null });
      const orderId = Number(order.id);
      const createdAt = new Date(order.created_at).toISOString();
      await publish(tx, 'order.created', number, {
        order_id: number,
        user_id: input.customer_id === null ? null : String(input.customer_id),
        items: orderItems.map((i) => ({
          product_id: String(i.product_id), quantity: i.quantity, sku: i.sku, name: i.name, price: i.price,
          offer_id: String(i.offer_id), warehouse: i.warehouse,
        })),
        total: subtotal + cost,
        status: 'created',
        currency, subtotal, delivery_cost: cost, payment_method: method, delivery,
        contact: { name: contact.name, email: contact.email, phone: contact.phone },
        created_at: createdAt,
      });
      const msg = orderCreatedMessage({ number, contact_name: contact.name, total: subtotal + cost, currency, payment_method: method, delivery, items: orderItems });
      await notifications.enqueue(tx, [
        { kind: 'order_created', channel: 'email', recipient: contact.email, subject: msg.subject, body: msg.body, order_id: orderId, customer_id: input.customer_id },
        { kind: 'order_created', channel: 'sms', recipient: contact.phone, body: msg.sms, order_id: orderId, customer_id: input.customer_id },
      ]);
      return {
        order_id: orderId, number, replayed: false, sold_out_products: soldOut,
        written: { order: newOrder, items: orderItems, created_at: new Date(order.created_at), updated_at: new Date(order.updated_at) },
      };
    });
  } catch (e) {
    const prices = stale.filter((c) => c.kind === 'price').map((c) => ({ offer_id: c.offer_id, price: c.now }));
    if (input.cart_id && prices.length) await repo.updateCartPrices(db, input.cart_id, prices);
    // two requests with one key raced: the loser answers like a replay (or 409 for another body)
    if (isUnique(e) && key) {
      const r = await replay();
      if (r) return r;
    }
    throw e;
  }
}
