// Price and stock events → the own offers, set-based inside the caller's transaction: keep only the
// newest event per SKU (and warehouse), read the own offers of the batch with their stored source
// versions (idempotency + staleness live on the offer row), write the winners' values and versions in
// one statement that lands only on the row versions read (else the caller applies again with the rows
// locked), announce the changed offers in ONE catalog.offers_changed outbox row, and recompute the
// best offer of just the products whose best offer can have changed — all in the caller's transaction,
// so nothing is half-applied.
import type { CatalogOfferChanged } from '../../platform/events/event-map.js';
import { offersChanged, refreshBestOffers } from '../offers/index.js';
import { compareVersions, newer, type Envelope, type Rejection } from './envelope.js';
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
  if (env.source_version !== null && stored.version !== null) return compareVersions(env.source_version, stored.version) > 0;
  return env.occurred_at.getTime() >= stored.ms;
}

function storedOf(o: repo.LockedOffer | undefined, c: Candidate): Stored | undefined {
  if (!o) return undefined;
  if (c.price) return o.price_ms === null ? undefined : { version: o.price_version, ms: o.price_ms, event_id: o.price_event_id };
  const v = o.stock_versions[c.warehouse!];
  return v ? { version: v[0] === null ? null : String(v[0]), ms: Number(v[1]), event_id: v[2] } : undefined;
}

function sum(stock: Record<string, number>): number {
  let total = 0;
  for (const w in stock) total += stock[w]!;
  return total;
}

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

export interface ApplyOptions {
  /** read the own offers FOR UPDATE (the retry after OffersChangedMeanwhile); default optimistic */
  lock?: boolean;
}

/**
 * Applies one lane's price and stock events in the caller's transaction. Optimistic by default: the own
 * offers are read unlocked and written only if unchanged since, else repo.OffersChangedMeanwhile is
 * thrown and the caller must roll back and call again with `lock: true`.
 */
export async function applyPricesAndStock(tx: repo.Executor, prices: PriceInput[], stocks: StockInput[], opts: ApplyOptions = {}): Promise<CatalogResult> {
  const outcomes = new Map<Envelope<unknown>, Outcome>();
  const skuSet = new Set<string>();
  for (const p of prices) skuSet.add(p.sku);
  for (const s of stocks) skuSet.add(s.sku);
  const skus = [...skuSet];
  await repo.serialPlans(tx);
  const own = await repo.readOwnOffers(tx, skus, { lock: opts.lock === true });
  const missing = own.size === skus.length ? [] : skus.filter((s) => !own.has(s));
  const productOf = await repo.productIdsBySku(tx, missing);
  const known = (sku: string) => own.has(sku) || productOf.has(sku);

  // 1. per-message checks that need the catalog; newest candidate per key. `claims` keeps every
  // (message, key) pair in arrival order for the outcomes in step 4.
  const best = new Map<Key, Candidate>();
  const claims: { env: Envelope<unknown>; key: Key }[] = [];
  const consider = (k: Key, c: Candidate) => {
    claims.push({ env: c.env, key: k });
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
    let bad: string | undefined;
    for (const w in s.stock) if (!WAREHOUSE.test(w)) { bad = w; break; }
    if (!known(s.sku)) outcomes.set(s.env, reject('UNKNOWN_SKU', `no product with SKU "${s.sku}"`));
    else if (bad !== undefined) outcomes.set(s.env, reject('INVALID_WAREHOUSE', `warehouse "${bad}": 1–32 of a-z, 0-9, _ and -`));
    else if (!own.has(s.sku) && !pricedSkus.has(s.sku)) {
      outcomes.set(s.env, reject('OFFER_MISSING', `SKU "${s.sku}" has no own offer yet: send its price first`));
    } else {
      for (const w in s.stock) consider(stockKey(s.sku, w), { env: s.env, sku: s.sku, warehouse: w, quantity: s.stock[w] });
    }
  }

  // 2. each key's newest event against the version stored on the offer (read with the offer; the
  // write below only lands on that very row version, so this holds)
  const won = new Set<Key>();
  const bySku = new Map<string, { price?: Candidate; stock: Candidate[] }>();
  for (const [k, c] of best) {
    if (!beatsStored(c.env, storedOf(own.get(c.sku), c))) continue;
    won.add(k);
    let e = bySku.get(c.sku);
    if (!e) bySku.set(c.sku, (e = { stock: [] }));
    if (c.price) e.price = c;
    else e.stock.push(c);
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
    // the stored maps are copied only when a warehouse changes (they are the read rows' own objects)
    let stock = o?.stock ?? {};
    let stock_versions = o?.stock_versions ?? {};
    let stockChanged = false;
    if (e.stock.length) {
      stock = { ...stock };
      stock_versions = { ...stock_versions };
      for (const c of e.stock) {
        if (stock[c.warehouse!] !== c.quantity) stockChanged = true;
        stock[c.warehouse!] = c.quantity!;
        stock_versions[c.warehouse!] = [c.env.source_version, c.env.occurred_at.getTime(), c.env.event_id];
      }
    }
    const price = p ? p.price : o!.price;
    const old_price = p ? p.old_price : o!.old_price;
    const currency = p ? (p.currency ?? o?.currency ?? 'RUB') : o!.currency;
    const stock_total = sum(stock);
    const price_version = e.price?.env.source_version ?? null;
    const price_occurred_at = e.price?.env.occurred_at ?? null;
    const price_event_id = e.price?.env.event_id ?? null;
    if (!o) {
      inserts.push({
        sku, product_id: productOf.get(sku)!, price, old_price, currency, stock, stock_total, stock_versions,
        price_version, price_occurred_at, price_event_id,
      });
      continue;
    }
    const changed = stockChanged || price !== o.price || old_price !== o.old_price || currency !== o.currency;
    writes.push({
      offer_id: o.offer_id, ctid: o.ctid, xmin: o.xmin, sku, product_id: o.product_id, price, old_price, currency, stock, stock_total,
      price_version, price_occurred_at, price_event_id, stock_versions, price_won: e.price !== undefined, stock_written: e.stock.length > 0, changed,
    });
    if (!changed) continue;
    changedProducts.push(o.product_id);
    announced.push({ product_id: o.product_id, sku, offer_id: o.offer_id, change: 'updated' });
    if (mayChangeBest(o, { price, old_price, currency, stock_total })) refresh.add(o.product_id);
  }
  // the own offers first: a conflict there rolls back before anything else was written
  await repo.writeOffers(tx, writes);
  const created = await repo.insertOwnOffers(tx, inserts);
  for (const [sku, offer_id] of created) {
    changedProducts.push(productOf.get(sku)!);
    refresh.add(productOf.get(sku)!);
    announced.push({ product_id: productOf.get(sku)!, sku, offer_id, change: 'created' });
  }
  await offersChanged(tx, announced);
  await refreshBestOffers(tx, [...refresh]);

  // 4. one outcome per message: applied when any of its keys won with it; else a duplicate when the
  // winner or the stored version is this very event, else stale
  const applied = new Set<Envelope<unknown>>();
  const duplicate = new Set<Envelope<unknown>>();
  for (const { env, key } of claims) {
    const w = best.get(key)!;
    if (w.env === env && won.has(key)) applied.add(env);
    else if ((w.env !== env && w.env.event_id === env.event_id) || storedOf(own.get(w.sku), w)?.event_id === env.event_id) duplicate.add(env);
  }
  for (const { env } of claims) {
    if (!outcomes.has(env)) outcomes.set(env, applied.has(env) ? 'applied' : duplicate.has(env) ? 'duplicate' : 'stale');
  }
  return { outcomes, changedProducts, skus: skus.filter(known) };
}
