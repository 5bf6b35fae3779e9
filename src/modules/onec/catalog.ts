// Price and stock events → the own offers, set-based inside the caller's transaction: keep only the
// newest event per SKU (and warehouse), lock the own offers of the batch with their stored source
// versions (idempotency + staleness live on the offer row), write the winners' values and versions in
// one statement, announce the changed offers in ONE catalog.offers_changed outbox row, and recompute the
// best offer of just the products whose best offer can have changed — all in the caller's transaction,
// so nothing is half-applied.
import type { CatalogOfferChanged } from '../../platform/events/event-map.js';
import { offersChanged, refreshBestOffers } from '../offers/index.js';
import { newer, type Envelope, type Rejection } from './envelope.js';
import * as repo from './repository.js';

export interface PriceInput {
  env: Envelope<unknown>;
  sku: string;
  price: number;
  old_price: number | null;
  currency: string | null;
}

export interface StockInput {
  env: Envelope<unknown>;
  sku: string;
  /** warehouse → quantity; warehouses not listed keep theirs */
  stock: Record<string, number>;
}

export type Outcome = 'applied' | 'stale' | 'duplicate' | Rejection;

export interface CatalogResult {
  outcomes: Map<Envelope<unknown>, Outcome>;
  /** products whose own offer changed; their best offer was recomputed in the same transaction */
  changedProducts: number[];
  skus: string[];
}

const WAREHOUSE = /^[a-z0-9_-]{1,32}$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const reject = (code: string, reason: string): Rejection => ({ code, reason });

type Key = string;
const priceKey = (sku: string): Key => `p\u0000${sku}`;
const stockKey = (sku: string, warehouse: string): Key => `s\u0000${sku}\u0000${warehouse}`;

interface Candidate {
  env: Envelope<unknown>;
  sku: string;
  price?: PriceInput;
  warehouse?: string;
  quantity?: number;
}

interface Stored {
  version: string | null;
  ms: number;
  event_id: string | null;
}

/** The staleness rule against what is stored (same as envelope.newer within a batch): a greater
 *  source_version when both sides have one, else a later-or-equal occurred_at from a different event. */
function beatsStored(env: Envelope<unknown>, stored: Stored | undefined): boolean {
  if (!stored) return true;
  if (stored.event_id !== null && stored.event_id === env.event_id) return false;
  if (env.source_version !== null && stored.version !== null) return BigInt(env.source_version) > BigInt(stored.version);
  return env.occurred_at.getTime() >= stored.ms;
}

function storedOf(o: repo.LockedOffer | undefined, c: Candidate): Stored | undefined {
  if (!o) return undefined;
  if (c.price) return o.price_ms === null ? undefined : { version: o.price_version, ms: o.price_ms, event_id: o.price_event_id };
  const v = o.stock_versions[c.warehouse!];
  return v ? { version: v[0] === null ? null : String(v[0]), ms: Number(v[1]), event_id: v[2] } : undefined;
}

const sum = (stock: Record<string, number>) => Object.values(stock).reduce((a, q) => a + q, 0);

/**
 * Can this own offer's new state change its product's best offer? The product's best_* say what the
 * best offer is now. If the own offer is it, only a change of what the product shows (price, old price,
 * currency, in stock) matters — the same sort key keeps it first; if another offer is, the own offer
 * takes its place only when it sorts first or ties (in stock first, then the lower price).
 */
function mayChangeBest(o: repo.LockedOffer, w: { price: number; old_price: number | null; currency: string; stock_total: number }): boolean {
  const inStock = w.stock_total > 0;
  if (o.best_offer_id === null || o.best_price === null) return true;
  if (o.best_offer_id === o.offer_id) {
    return o.best_price !== w.price || o.best_old_price !== w.old_price || o.best_currency !== w.currency || o.in_stock !== inStock;
  }
  if (inStock !== o.in_stock) return inStock;
  return w.price <= o.best_price;
}

export async function applyPricesAndStock(tx: repo.Executor, prices: PriceInput[], stocks: StockInput[]): Promise<CatalogResult> {
  const outcomes = new Map<Envelope<unknown>, Outcome>();
  const skus = [...new Set([...prices.map((p) => p.sku), ...stocks.map((s) => s.sku)])];
  const own = await repo.lockOwnOffers(tx, skus);
  const missing = skus.filter((s) => !own.has(s));
  const productOf = await repo.productIdsBySku(tx, missing);
  const known = (sku: string) => own.has(sku) || productOf.has(sku);

  // 1. per-message checks that need the catalog; newest candidate per key
  const best = new Map<Key, Candidate>();
  const keysOf = new Map<Envelope<unknown>, Key[]>();
  const consider = (k: Key, c: Candidate) => {
    keysOf.set(c.env, [...(keysOf.get(c.env) ?? []), k]);
    const cur = best.get(k);
    if (!cur || newer(c.env, cur.env)) best.set(k, c);
  };
  const pricedSkus = new Set<string>();
  for (const p of prices) {
    if (!known(p.sku)) outcomes.set(p.env, reject('UNKNOWN_SKU', `no product with SKU "${p.sku}"`));
    else if (p.old_price !== null && p.old_price <= p.price) {
      outcomes.set(p.env, reject('INVALID_PRICE', `old_price (${p.old_price}) must be greater than price (${p.price})`));
    } else if (p.currency !== null && !CURRENCIES.has(p.currency)) {
      outcomes.set(p.env, reject('INVALID_CURRENCY', `unknown currency "${p.currency}"`));
    } else {
      pricedSkus.add(p.sku);
      consider(priceKey(p.sku), { env: p.env, sku: p.sku, price: p });
    }
  }
  for (const s of stocks) {
    const bad = Object.keys(s.stock).find((w) => !WAREHOUSE.test(w));
    if (!known(s.sku)) outcomes.set(s.env, reject('UNKNOWN_SKU', `no product with SKU "${s.sku}"`));
    else if (bad !== undefined) outcomes.set(s.env, reject('INVALID_WAREHOUSE', `warehouse "${bad}": 1–32 of a-z, 0-9, _ and -`));
    else if (!own.has(s.sku) && !pricedSkus.has(s.sku)) {
      outcomes.set(s.env, reject('OFFER_MISSING', `SKU "${s.sku}" has no own offer yet: send its price first`));
    } else {
      for (const [w, q] of Object.entries(s.stock)) consider(stockKey(s.sku, w), { env: s.env, sku: s.sku, warehouse: w, quantity: q });
    }
  }

  // 2. each key's newest event against the version stored on the offer (rows locked, so this holds)
  const won = new Set<Key>();
  const bySku = new Map<string, { price?: Candidate; stock: Candidate[] }>();
  for (const [k, c] of best) {
    if (!beatsStored(c.env, storedOf(own.get(c.sku), c))) continue;
    won.add(k);
    const e = bySku.get(c.sku) ?? { stock: [] };
    if (c.price) e.price = c;
    else e.stock.push(c);
    bySku.set(c.sku, e);
  }

  // 3. the new state of each offer with a winner; a SKU without an own offer gets one when priced
  const writes: repo.OfferWrite[] = [];
  const inserts: Parameters<typeof repo.insertOwnOffers>[1] = [];
  const refresh = new Set<number>();
  const changedProducts: number[] = [];
  const announced: CatalogOfferChanged[] = [];
  for (const [sku, e] of bySku) {
    const o = own.get(sku);
    const p = e.price?.price;
    if (!o && !p) continue; // stock for a SKU whose price lost: nothing to attach it to (cannot happen: no stored version)
    const stock = { ...(o?.stock ?? {}) };
    const stock_versions = { ...(o?.stock_versions ?? {}) };
    for (const c of e.stock) {
      stock[c.warehouse!] = c.quantity!;
      stock_versions[c.warehouse!] = [c.env.source_version, c.env.occurred_at.getTime(), c.env.event_id];
    }
    const next = {
      sku, price: p ? p.price : o!.price, old_price: p ? p.old_price : o!.old_price,
      currency: p ? (p.currency ?? o?.currency ?? 'RUB') : o!.currency, stock, stock_total: sum(stock), stock_versions,
      price_version: e.price?.env.source_version ?? null, price_occurred_at: e.price?.env.occurred_at ?? null,
      price_event_id: e.price?.env.event_id ?? null,
    };
    if (!o) {
      inserts.push({ ...next, product_id: productOf.get(sku)! });
      continue;
    }
    const changed = next.price !== o.price || next.old_price !== o.old_price || next.currency !== o.currency
      || e.stock.some((c) => o.stock[c.warehouse!] !== c.quantity);
    writes.push({ ...next, offer_id: o.offer_id, ctid: o.ctid, product_id: o.product_id, price_won: e.price !== undefined, changed });
    if (!changed) continue;
    changedProducts.push(o.product_id);
    announced.push({ product_id: o.product_id, sku, offer_id: o.offer_id, change: 'updated' });
    if (mayChangeBest(o, next)) refresh.add(o.product_id);
  }
  const created = await repo.insertOwnOffers(tx, inserts);
  for (const [sku, offer_id] of created) {
    changedProducts.push(productOf.get(sku)!);
    refresh.add(productOf.get(sku)!);
    announced.push({ product_id: productOf.get(sku)!, sku, offer_id, change: 'created' });
  }
  await repo.writeOffers(tx, writes);
  await offersChanged(tx, announced);
  await refreshBestOffers(tx, [...refresh]);

  // 4. one outcome per message: applied when any of its keys won; else a duplicate when the winner or
  // the stored version is this very event, else stale
  for (const [env, keys] of keysOf) {
    if (keys.some((k) => won.has(k) && best.get(k)!.env === env)) outcomes.set(env, 'applied');
    else {
      const dup = keys.some((k) => {
        const w = best.get(k)!;
        if (w.env !== env && w.env.event_id === env.event_id) return true;
        return storedOf(own.get(w.sku), w)?.event_id === env.event_id;
      });
      outcomes.set(env, dup ? 'duplicate' : 'stale');
    }
  }
  return { outcomes, changedProducts, skus: skus.filter(known) };
}
