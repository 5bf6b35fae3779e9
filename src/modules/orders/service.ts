// Orders: checkout from a cart (or a direct item list), the buyer's and the admin's views, buyer
// cancellation, and status changes from 1C or the admin (history, stale-event guard, notifications).
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { publish } from '../../platform/events/outbox.js';
import type { CartService } from '../cart/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { statusChangedMessage } from '../notifications/index.js';
import type { OffersService } from '../offers/index.js';
import { findReplay, placeOrder, type PlaceOrderInput, type Placed } from './checkout.js';
import { fingerprint } from './rules.js';
import { PICKUP_POINTS, type PickupPoint } from './delivery.js';
import { offlinePaymentProvider, type PaymentProvider } from './payment.js';
import * as repo from './repository.js';
import {
  isOrderStatus, orderStatusLabel, type CheckoutInput, type OrderSummary, type OrderView, type StatusChangeInput,
  type StatusChangeResult,
} from './types.js';

export interface CheckoutRequest extends CheckoutInput {
  cart_id: string;
  customer_id: number | null;
  idempotency_key: string;
}

export interface OrdersService {
  readonly payments: PaymentProvider;
  pickupPoints(): PickupPoint[];
  /** Orders the cart's lines; same key + same request → the same order (`replayed`), other body → 409. */
  checkout(req: CheckoutRequest): Promise<{ order: OrderView; replayed: boolean }>;
  /** Checkout without a cart (benchmarks, admin-created orders): the same transaction and rules. */
  placeOrder(input: PlaceOrderInput): Promise<Placed>;
  get(id: number): Promise<OrderView>;
  getByNumber(number: string): Promise<OrderView>;
  /** an order of this customer by number; ORDER_NOT_FOUND for anyone else's */
  getForCustomer(customerId: number, number: string): Promise<OrderView>;
  listForCustomer(customerId: number, page: { limit: number; offset: number }): Promise<{ items: OrderSummary[]; total: number }>;
  list(filter: { status?: string; q?: string; customer_id?: number; limit: number; offset: number }): Promise<{ items: OrderSummary[]; total: number }>;
  /** The buyer cancels while the order is still 'created': stock returns, order.cancelled goes to 1C. */
  cancelByBuyer(customerId: number, number: string, reason?: string | null): Promise<OrderView>;
  /** 1C or the admin moved the order: history row, stale/duplicate guard, buyer notified. */
  applyStatusChange(input: StatusChangeInput): Promise<StatusChangeResult>;
}

export interface OrdersModuleDeps {
  cart: Pick<CartService, 'checkoutLines'>;
  notifications: Pick<NotificationsService, 'enqueue' | 'kick'>;
  offers: Pick<OffersService, 'recomputeBestOffers'>;
  payments?: PaymentProvider;
}

const iso = (d: Date | string | null) => (d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString());

export function createOrdersService(deps: PlatformDeps, mods: OrdersModuleDeps): OrdersService {
  const db = deps.db.kysely;
  const payments = mods.payments ?? offlinePaymentProvider;
  const ctx = { deps, payments, notifications: mods.notifications };

  async function view(row: repo.OrderRow | undefined): Promise<OrderView> {
    if (!row) throw new AppError('ORDER_NOT_FOUND', 'Заказ не найден.');
    const id = Number(row.id);
    const [items, history] = await Promise.all([repo.itemsOf(db, id), repo.historyOf(db, id)]);
    return toView(row, items, history);
  }

  /** The view of an order this process has just written, from what it wrote (no read-back). */
  function writtenView(p: Placed & { written: NonNullable<Placed['written']> }): OrderView {
    const { order: o, items, created_at, updated_at } = p.written;
    const row = {
      ...o, id: p.order_id, delivery: o.delivery as unknown, discount: 0, external_ref: null, status_version: null, created_at, updated_at,
    } as unknown as repo.OrderRow;
    return toView(row, items, [{ status: o.status, comment: null, source: o.source, occurred_at: created_at }]);
  }

  function toView(
    row: repo.OrderRow,
    items: Awaited<ReturnType<typeof repo.itemsOf>>,
    history: Awaited<ReturnType<typeof repo.historyOf>>,
  ): OrderView {
    const id = Number(row.id);
    return {
      id, number: row.number, customer_id: row.customer_id === null ? null : Number(row.customer_id),
      status: row.status, status_label: orderStatusLabel(row.status), email: row.email, phone: row.phone,
      contact_name: row.contact_name, delivery: row.delivery as Record<string, unknown>, payment_method: row.payment_method,
      payment_status: row.payment_status, subtotal: Number(row.subtotal), delivery_cost: Number(row.delivery_cost),
      discount: Number(row.discount), total: Number(row.total), currency: row.currency, comment: row.comment,
      external_ref: row.external_ref, created_at: iso(row.created_at)!, updated_at: iso(row.updated_at)!,
      items: items.map((i) => ({
        product_id: i.product_id === null ? null : Number(i.product_id), offer_id: i.offer_id === null ? null : Number(i.offer_id),
        sku: i.sku, name: i.name, warehouse: i.warehouse, quantity: i.quantity, price: Number(i.price), total: Number(i.total),
      })),
      history: history.map((h) => ({
        status: h.status, status_label: orderStatusLabel(h.status), comment: h.comment, source: h.source, occurred_at: iso(h.occurred_at)!,
      })),
    };
  }

  const summaries = (rows: Awaited<ReturnType<typeof repo.listOrders>>['rows']): OrderSummary[] =>
    rows.map((r) => ({
      id: Number(r.id), number: r.number, status: r.status, status_label: orderStatusLabel(r.status), total: Number(r.total),
      currency: r.currency, items_count: Number(r.items_count), created_at: iso(r.created_at)!,
    }));

  async function afterPlaced(p: Placed) {
    if (p.replayed) return;
    mods.notifications.kick();
    if (p.sold_out_products.length) {
      // in_stock and the best offer follow stock; eventual (after commit) so checkout holds no extra locks
      await mods.offers.recomputeBestOffers([...new Set(p.sold_out_products)]).catch((err) =>
        deps.log.warn({ err }, 'best-offer recompute after checkout failed'));
    }
  }

  async function releaseStock(tx: repo.Q, orderId: number) {
    const held = await repo.heldReservations(tx, orderId);
    const offerIds = [...new Set(held.map((h) => Number(h.offer_id)))].sort((a, b) => a - b);
    const lines = await repo.lockOfferLines(tx, offerIds);
    const products: number[] = [];
    for (const l of lines) {
      const stock = { ...l.stock };
      for (const h of held) if (Number(h.offer_id) === l.offer_id) stock[h.warehouse] = (stock[h.warehouse] ?? 0) + h.quantity;
      const total = Object.values(stock).reduce((s, q) => s + q, 0);
      await repo.setOfferStock(tx, l.offer_id, stock, total);
      if (l.stock_total === 0 && total > 0) products.push(l.product_id);
    }
    await repo.releaseReservations(tx, held.map((h) => Number(h.id)));
    return products;
  }

  return {
    payments,
    pickupPoints: () => PICKUP_POINTS,

    async checkout(req) {
      // the key is bound to the request body (and the cart), not to the cart's lines, which checkout empties
      const hash = fingerprint({ cart_id: req.cart_id, customer_id: req.customer_id, contact: req.contact, delivery: req.delivery, payment_method: req.payment_method, comment: req.comment ?? null });
      // the key's order (a replay) and the cart's lines are read side by side: one wait, not two
      const [replayed, lines] = await Promise.all([findReplay(deps, req.idempotency_key, hash), mods.cart.checkoutLines(req.cart_id)]);
      let placed = replayed;
      if (!placed) {
        placed = await placeOrder(ctx, {
          customer_id: req.customer_id, items: lines, contact: req.contact, delivery: req.delivery,
          payment_method: req.payment_method, comment: req.comment ?? null, idempotency_key: req.idempotency_key,
          cart_id: req.cart_id, request_fingerprint: hash,
        }, { replayChecked: true });
        await afterPlaced(placed);
      }
      const p = placed;
      const order = p.written ? writtenView({ ...p, written: p.written }) : await view(await repo.orderById(db, p.order_id));
      return { order, replayed: p.replayed };
    },

    async placeOrder(input) {
      const placed = await placeOrder(ctx, input);
      await afterPlaced(placed);
      return placed;
    },

    get: async (id) => view(await repo.orderById(db, id)),
    getByNumber: async (number) => view(await repo.orderByNumber(db, number)),

    async getForCustomer(customerId, number) {
      const row = await repo.orderByNumber(db, number);
      if (!row || Number(row.customer_id) !== customerId) throw new AppError('ORDER_NOT_FOUND', 'Заказ не найден.');
      return view(row);
    },

    async listForCustomer(customerId, page) {
      const r = await repo.listOrders(db, { customer_id: customerId, ...page });
      return { items: summaries(r.rows), total: r.total };
    },

    async list(filter) {
      const r = await repo.listOrders(db, filter);
      return { items: summaries(r.rows), total: r.total };
    },

    async cancelByBuyer(customerId, number, reason) {
      const restocked = await db.transaction().execute(async (tx) => {
        const o = await repo.lockOrderByRef(tx, number);
        if (!o || o.number !== number || Number(o.customer_id) !== customerId) throw new AppError('ORDER_NOT_FOUND', 'Заказ не найден.');
        if (o.status !== 'created') {
          throw new AppError('ORDER_NOT_CANCELLABLE', `Заказ уже «${orderStatusLabel(o.status)}» — отменить его можно, связавшись с магазином.`);
        }
        const now = new Date();
        await repo.setStatus(tx, Number(o.id), 'cancelled');
        await repo.insertHistory(tx, { order_id: Number(o.id), status: 'cancelled', comment: reason ?? 'Отменён покупателем', source: 'web', occurred_at: now, notified: true });
        const products = await releaseStock(tx, Number(o.id));
        await publish(tx, 'order.cancelled', o.number, { order_id: o.number, reason: reason ?? null, cancelled_at: now.toISOString() });
        await enqueueStatus(tx, o, 'cancelled', reason ?? null);
        return products;
      });
      mods.notifications.kick();
      if (restocked.length) await mods.offers.recomputeBestOffers(restocked).catch(() => 0);
      return view(await repo.orderByNumber(db, number));
    },

    async applyStatusChange(input) {
      if (!isOrderStatus(input.status)) {
        throw new AppError('ORDER_STATUS_INVALID', `Unknown order status "${input.status}".`, 'status');
      }
      const status = input.status;
      const at = input.occurred_at;
      const out = await db.transaction().execute(async (tx) => {
        const o = await repo.lockOrderByRef(tx, input.order_ref);
        if (!o) return { result: 'unknown_order' as const, restocked: [] as number[] };
        const id = Number(o.id);
        if (await repo.historyExists(tx, id, status, at)) return { result: 'duplicate' as const, restocked: [] };
        if (input.source === '1c' && o.status_version && at < new Date(o.status_version)) return { result: 'stale' as const, restocked: [] };
        if (o.status === status) {
          // same status again (a re-sent event with a new time): keep the version moving, no new notification
          if (input.source === '1c') await repo.setStatus(tx, id, status, at);
          return { result: 'duplicate' as const, restocked: [] };
        }
        await repo.setStatus(tx, id, status, input.source === '1c' ? at : undefined);
        await repo.insertHistory(tx, { order_id: id, status, comment: input.comment ?? null, source: input.source, occurred_at: at, notified: true });
        let restocked: number[] = [];
        if (status === 'cancelled') {
          restocked = await releaseStock(tx, id);
          // 1C already knows about its own cancellation; only the admin's goes out
          if (input.source === 'admin') {
            await publish(tx, 'order.cancelled', o.number, { order_id: o.number, reason: input.comment ?? null, cancelled_at: at.toISOString() });
          }
        } else if (status === 'delivered') {
          await repo.consumeReservations(tx, id);
        }
        await enqueueStatus(tx, o, status, input.comment ?? null);
        return { result: 'applied' as const, restocked };
      });
      if (out.result === 'applied') mods.notifications.kick();
      if (out.restocked.length) await mods.offers.recomputeBestOffers(out.restocked).catch(() => 0);
      return out.result;
    },
  };

  async function enqueueStatus(tx: repo.Q, o: repo.OrderRow, status: Parameters<typeof statusChangedMessage>[1], comment: string | null) {
    const msg = statusChangedMessage({ number: o.number, contact_name: o.contact_name }, status, comment);
    const id = Number(o.id);
    const customer = o.customer_id === null ? null : Number(o.customer_id);
    await mods.notifications.enqueue(tx, [
      ...(o.email ? [{ kind: `order_${status}`, channel: 'email' as const, recipient: o.email, subject: msg.subject, body: msg.body, order_id: id, customer_id: customer }] : []),
      ...(o.phone ? [{ kind: `order_${status}`, channel: 'sms' as const, recipient: o.phone, body: msg.sms, order_id: id, customer_id: customer }] : []),
    ]);
  }
}
