// Offer rules: money and stock validation, duplicate sources, and keeping every product's best
// offer in step — recomputed in the same transaction as each offer write.
import type { RawBuilder } from 'kysely';
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { ProductRef, ProductsService } from '../products/index.js';
import { offerChanged } from './events.js';
import * as repo from './repository.js';
import type { CardOfferJson } from './repository.js';
import { typePricesOf } from './type-prices.js';
import type { Offer, OfferCreateInput, OfferPatchInput, StockInput } from './schemas.js';

export interface OffersService {
  /** the product's offers best-first (the best-offer rule's order); the first is marked best */
  listForProduct(productId: number): Promise<Offer[]>;
  /** the card's offers, best first, as a json subselect over the product row `p` of the card's query */
  cardOffersSql(): RawBuilder<CardOfferJson[]>;
  get(id: number): Promise<Offer>;
  create(product: ProductRef, input: OfferCreateInput): Promise<Offer>;
  update(id: number, patch: OfferPatchInput): Promise<Offer>;
  /** replaces the offer's stock map (warehouse code → quantity) */
  setStock(id: number, stock: StockInput): Promise<Offer>;
  remove(id: number): Promise<void>;
  /** re-applies the best-offer rule to these products (null = all, one set-based statement) */
  recomputeBestOffers(productIds: number[] | null): Promise<number>;
}

export interface OffersModuleDeps {
  products: Pick<ProductsService, 'ref'>;
}

const WAREHOUSE = /^[a-z0-9_-]{1,32}$/;
const MAX_STOCK = 2_147_483_647; // stock_total is an integer column
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const invalid = (field: string, message: string) => new AppError('OFFER_INVALID', message, field);
const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

function toOffer(r: repo.OfferRow, best: boolean): Offer {
  return {
    id: r.id, product_id: r.product_id, source: r.source, source_ref: r.source_ref, price: r.price,
    old_price: r.old_price, currency: r.currency, stock: r.stock, stock_total: r.stock_total, best,
    created_at: iso(r.created_at), updated_at: iso(r.updated_at),
  };
}

function money(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, 'must be a whole number of minor units (kopecks), 0 or more');
  }
  return value;
}

export function checkStock(stock: Record<string, unknown>): { stock: Record<string, number>; total: number } {
  const out: Record<string, number> = {};
  let total = 0;
  for (const [code, qty] of Object.entries(stock)) {
    if (!WAREHOUSE.test(code)) throw invalid(`stock.${code}`, 'warehouse codes are 1–32 of a-z, 0-9, _ and -');
    if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 0) {
      throw invalid(`stock.${code}`, 'must be a whole quantity, 0 or more');
    }
    out[code] = qty;
    total += qty;
  }
  if (total > MAX_STOCK) throw invalid('stock', `the total must not exceed ${MAX_STOCK}`);
  return { stock: out, total };
}

function checkCurrency(value: string): string {
  const c = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || !CURRENCIES.has(c)) throw invalid('currency', 'must be an ISO 4217 code such as RUB');
  return c;
}

/** price and old_price together: a crossed-out price must be higher than the price. */
function checkPrices(price: number, oldPrice: number | null, field: 'price' | 'old_price') {
  if (oldPrice !== null && oldPrice <= price) {
    throw invalid(field, `old_price (${oldPrice}) must be greater than price (${price})`);
  }
}

function mapDbError(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string };
  if (err?.code === '23505' && err.constraint === 'offers_product_uq') {
    return new AppError('OFFER_DUPLICATE', 'The product already has an offer from that source and source_ref.', 'source_ref');
  }
  if (err?.code === '23503' && err.constraint === 'offers_product_id_fkey') {
    return new AppError('CATALOG_PRODUCT_NOT_FOUND', 'The product was deleted meanwhile.');
  }
  return e;
}

export function createOffersService(deps: PlatformDeps, { products }: OffersModuleDeps): OffersService {
  const db = deps.db.kysely;

  async function inTransaction<T>(fn: (tx: repo.Executor) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      throw mapDbError(e);
    }
  }

  /** per-type prices (admin reads only; the storefront sells at `price`) */
  async function withTypePrices(offers: Offer[]): Promise<Offer[]> {
    const prices = await typePricesOf(db, offers.map((o) => o.id));
    return offers.map((o) => (prices.has(o.id) ? { ...o, prices: prices.get(o.id)! } : o));
  }

  async function get(id: number): Promise<Offer> {
    const row = await repo.findOffer(db, id);
    if (!row) throw new AppError('OFFER_NOT_FOUND', `No offer ${id}.`);
    return (await withTypePrices([toOffer(row, row.best)]))[0]!;
  }

  async function current(id: number) {
    const row = await repo.findOffer(db, id);
    if (!row) throw new AppError('OFFER_NOT_FOUND', `No offer ${id}.`);
    return row;
  }

  /** One offer write: the change, the product's best offer and the event commit together or not at all. */
  async function write(productId: number, sku: string, change: 'created' | 'updated' | 'deleted', op: (tx: repo.Executor) => Promise<number>) {
    return inTransaction(async (tx) => {
      const offerId = await op(tx);
      await repo.recomputeBestOffers(tx, [productId]);
      await offerChanged(tx, { product_id: productId, sku, offer_id: offerId, change });
      return offerId;
    });
  }

  return {
    get,

    async listForProduct(productId) {
      const rows = await repo.listForProduct(db, productId);
      return withTypePrices(rows.map((r, i) => toOffer(r, i === 0)));
    },

    cardOffersSql: () => repo.CARD_OFFERS_JSON,

    async create(productRef, input) {
      const price = money(input.price, 'price');
      const oldPrice = input.old_price === undefined || input.old_price === null ? null : money(input.old_price, 'old_price');
      checkPrices(price, oldPrice, 'old_price');
      const { stock, total } = checkStock(input.stock ?? {});
      const values: repo.WritableOffer = {
        source: input.source,
        source_ref: input.source_ref?.trim() ?? '',
        price,
        old_price: oldPrice,
        currency: checkCurrency(input.currency ?? 'RUB'),
        stock,
        stock_total: total,
      };
      const product = await products.ref(productRef);
      const id = await write(product.id, product.sku, 'created', (tx) => repo.insertOffer(tx, product.id, values));
      return get(id);
    },

    async update(id, patch) {
      const cur = await current(id);
      const price = patch.price !== undefined ? money(patch.price, 'price') : cur.price;
      const oldPrice =
        patch.old_price === undefined ? cur.old_price : patch.old_price === null ? null : money(patch.old_price, 'old_price');
      checkPrices(price, oldPrice, patch.old_price !== undefined ? 'old_price' : 'price');
      const values: Partial<repo.WritableOffer> = { price, old_price: oldPrice };
      if (patch.source !== undefined) values.source = patch.source;
      if (patch.source_ref !== undefined) values.source_ref = patch.source_ref.trim();
      if (patch.currency !== undefined) values.currency = checkCurrency(patch.currency);
      if (patch.stock !== undefined) {
        const s = checkStock(patch.stock);
        values.stock = s.stock;
        values.stock_total = s.total;
      }
      await write(cur.product_id, cur.sku, 'updated', async (tx) => {
        await repo.updateOffer(tx, id, values);
        return id;
      });
      return get(id);
    },

    async setStock(id, input) {
      const cur = await current(id);
      const { stock, total } = checkStock(input);
      await write(cur.product_id, cur.sku, 'updated', async (tx) => {
        await repo.updateOffer(tx, id, { stock, stock_total: total });
        return id;
      });
      return get(id);
    },

    async remove(id) {
      const cur = await current(id);
      await write(cur.product_id, cur.sku, 'deleted', async (tx) => {
        await repo.deleteOffer(tx, id);
        return id;
      });
    },

    recomputeBestOffers: (productIds) => repo.recomputeBestOffers(db, productIds),
  };
}
