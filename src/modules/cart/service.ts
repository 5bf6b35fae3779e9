// Carts: a guest cart lives under the `vt_cart` cookie id, an account has one cart (carts.customer_id
// unique); at login the guest's lines are merged into the account's cart. Every line remembers the
// price the buyer saw, so the cart and checkout can say plainly when it changed.
import { randomBytes } from 'node:crypto';
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { quantityTiers, unitPrice } from '../offers/index.js';
import * as repo from './repository.js';

export interface CartLine {
  offer_id: number;
  product_id: number;
  sku: string;
  name: string;
  slug: string;
  image: string | null;
  quantity: number;
  price: number;
  old_price: number | null;
  price_seen: number;
  price_changed: boolean;
  currency: string;
  /** how many can be ordered now (0 = out of stock or no longer for sale) */
  available: number;
  line_total: number;
}

export interface CartView {
  id: string | null;
  items: CartLine[];
  count: number;
  subtotal: number;
  currency: string;
  /** some line's price changed or its quantity exceeds the stock */
  has_changes: boolean;
}

export interface CartService {
  /** the cart shown to this visitor: the account's cart when logged in, else the guest cookie's */
  resolve(who: { customerId: number | null; cartId: string | null }): Promise<string | null>;
  /** like resolve, creating a cart when there is none; `created` says a new guest cookie is needed */
  ensure(who: { customerId: number | null; cartId: string | null }): Promise<{ id: string; created: boolean }>;
  view(cartId: string | null): Promise<CartView>;
  /** adds to the line's quantity; CART_QUANTITY_EXCEEDS_STOCK beyond the stock */
  add(cartId: string, offerId: number, quantity: number): Promise<CartView>;
  setQuantity(cartId: string, offerId: number, quantity: number): Promise<CartView>;
  remove(cartId: string, offerId: number): Promise<CartView>;
  /** moves the guest cart's lines into the account's cart (quantities added, capped at stock); returns its id */
  mergeIntoCustomer(guestCartId: string | null, customerId: number): Promise<string>;
  /** lines as checkout needs them: offer, quantity and the price seen */
  checkoutLines(cartId: string): Promise<{ offer_id: number; quantity: number; price_seen: number }[]>;
}

const newCartId = () => randomBytes(18).toString('base64url');
export const MAX_LINE_QUANTITY = 999;

function firstImage(images: unknown): string | null {
  if (!Array.isArray(images) || !images.length) return null;
  const i = images[0] as unknown;
  return typeof i === 'string' ? i : typeof i === 'object' && i && 'url' in i ? String((i as { url: unknown }).url) : null;
}

export function createCartService(deps: PlatformDeps): CartService {
  const db = deps.db.kysely;

  async function view(cartId: string | null): Promise<CartView> {
    const rows = cartId ? await repo.lines(db, cartId) : [];
    const tiers = await quantityTiers(db, rows.map((r) => r.offer_id));
    const items: CartLine[] = rows.map((r) => {
      const available = r.product_status === 'published' ? r.stock_total : 0;
      // the unit price for this quantity (a quantity tier may lower it); checkout charges the same
      const price = unitPrice(r.price, tiers.get(r.offer_id), r.quantity);
      return {
        offer_id: r.offer_id, product_id: r.product_id, sku: r.sku, name: r.name, slug: r.slug, image: firstImage(r.images),
        quantity: r.quantity, price, old_price: price < r.price ? r.price : r.old_price, price_seen: r.price_seen, price_changed: price !== r.price_seen,
        currency: r.currency, available, line_total: price * r.quantity,
      };
    });
    return {
      id: cartId, items,
      count: items.reduce((s, i) => s + i.quantity, 0),
      subtotal: items.reduce((s, i) => s + i.line_total, 0),
      currency: items[0]?.currency ?? 'RUB',
      has_changes: items.some((i) => i.price_changed || i.quantity > i.available),
    };
  }

  async function checkQuantity(offerId: number, quantity: number) {
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      throw new AppError('VALIDATION_FAILED', `Количество — от 1 до ${MAX_LINE_QUANTITY}.`, 'quantity');
    }
    const o = await repo.offerForCart(db, offerId);
    if (!o || o.status !== 'published' || Number(o.stock_total) <= 0) {
      throw new AppError('CART_OFFER_UNAVAILABLE', o ? `«${o.name}» сейчас нет в продаже.` : `Предложение ${offerId} не найдено.`, 'offer_id');
    }
    if (quantity > Number(o.stock_total)) {
      throw new AppError('CART_QUANTITY_EXCEEDS_STOCK', `«${o.name}»: в наличии только ${o.stock_total} шт.`, 'quantity',
        { offer_id: offerId, available: Number(o.stock_total), requested: quantity });
    }
    return o;
  }

  /** What the buyer sees for `quantity` pieces of the offer now (recorded as the line's price seen). */
  async function priceFor(offerId: number, base: number, quantity: number): Promise<number> {
    return unitPrice(base, (await quantityTiers(db, [offerId])).get(offerId), quantity);
  }

  return {
    async resolve({ customerId, cartId }) {
      if (customerId !== null) return (await repo.cartOfCustomer(db, customerId))?.id ?? null;
      if (!cartId) return null;
      const c = await repo.cartById(db, cartId);
      return c && c.customer_id === null ? c.id : null; // a guest cookie never opens an account's cart
    },

    async ensure(who) {
      const existing = await this.resolve(who);
      if (existing) return { id: existing, created: false };
      const id = newCartId();
      await repo.createCart(db, id, who.customerId);
      if (who.customerId !== null) {
        // a parallel request may have created the account's cart first (unique customer_id)
        const c = await repo.cartOfCustomer(db, who.customerId);
        return { id: c!.id, created: false };
      }
      return { id, created: true };
    },

    view,

    async add(cartId, offerId, quantity) {
      const have = await repo.lineQuantity(db, cartId, offerId);
      const o = await checkQuantity(offerId, have + quantity);
      const price = await priceFor(offerId, Number(o.price), have + quantity);
      await repo.upsertLine(db, cartId, { offer_id: offerId, product_id: Number(o.product_id), quantity: have + quantity, price_seen: price });
      await repo.touch(db, cartId);
      return view(cartId);
    },

    async setQuantity(cartId, offerId, quantity) {
      if (!(await repo.lineQuantity(db, cartId, offerId))) throw new AppError('CART_ITEM_NOT_FOUND', 'Этого товара нет в корзине.', 'offer_id');
      const o = await checkQuantity(offerId, quantity);
      const price = await priceFor(offerId, Number(o.price), quantity);
      await repo.upsertLine(db, cartId, { offer_id: offerId, product_id: Number(o.product_id), quantity, price_seen: price });
      return view(cartId);
    },

    async remove(cartId, offerId) {
      const r = await repo.deleteLine(db, cartId, offerId);
      if (!r.numDeletedRows) throw new AppError('CART_ITEM_NOT_FOUND', 'Этого товара нет в корзине.', 'offer_id');
      return view(cartId);
    },

    async mergeIntoCustomer(guestCartId, customerId) {
      const target = (await this.ensure({ customerId, cartId: null })).id;
      if (!guestCartId || guestCartId === target) return target;
      const guest = await repo.cartById(db, guestCartId);
      if (!guest || guest.customer_id !== null) return target;
      await db.transaction().execute(async (tx) => {
        const theirs = await repo.rawLines(tx, guestCartId);
        for (const l of theirs) {
          const have = await repo.lineQuantity(tx, target, Number(l.offer_id));
          const o = await repo.offerForCart(tx, Number(l.offer_id));
          const cap = o ? Math.max(1, Math.min(MAX_LINE_QUANTITY, Number(o.stock_total))) : l.quantity;
          await repo.upsertLine(tx, target, {
            offer_id: Number(l.offer_id), product_id: Number(l.product_id), quantity: Math.min(have + l.quantity, cap),
            price_seen: Number(l.price_seen),
          });
        }
        await repo.deleteCart(tx, guestCartId);
      });
      return target;
    },

    async checkoutLines(cartId) {
      return (await repo.rawLines(db, cartId)).map((l) => ({ offer_id: Number(l.offer_id), quantity: l.quantity, price_seen: Number(l.price_seen) }));
    },
  };
}
