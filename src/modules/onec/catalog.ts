// Price and stock events → the own offers, set-based inside the caller's transaction: resolve SKUs,
// keep only the newest event per SKU (and warehouse), claim versions (idempotency + staleness),
// write prices and stock with catalog.offer_changed through the outbox, and recompute the best offer
// of the products that changed — all in the caller's transaction, so nothing is half-applied.
import { refreshBestOffers } from '../offers/index.js';
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

interface Candidate {
  claim: repo.VersionClaim;
  env: Envelope<unknown>;
  price?: PriceInput;
  quantity?: number;
}

export async function applyPricesAndStock(tx: repo.Executor, prices: PriceInput[], stocks: StockInput[]): Promise<CatalogResult> {
  const outcomes = new Map<Envelope<unknown>, Outcome>();
  const skus = [...new Set([...prices.map((p) => p.sku), ...stocks.map((s) => s.sku)])];
  const own = await repo.ownOffers(tx, skus);

  // 1. per-message checks that need the catalog; newest candidate per key
  const best = new Map<string, Candidate>();
  const keysOf = new Map<Envelope<unknown>, string[]>();
  const consider = (c: Candidate) => {
    const k = repo.claimKey(c.claim);
    keysOf.set(c.env, [...(keysOf.get(c.env) ?? []), k]);
    const cur = best.get(k);
    if (!cur || newer(c.env, cur.env)) best.set(k, c);
  };
  const claimOf = (entity: 'price' | 'stock', env: Envelope<unknown>, sku: string, warehouse: string): repo.VersionClaim => ({
    entity, sku, warehouse, source_version: env.source_version, occurred_at: env.occurred_at, event_id: env.event_id,
  });
  const pricedSkus = new Set<string>();
  for (const p of prices) {
    if (!own.has(p.sku)) outcomes.set(p.env, reject('UNKNOWN_SKU', `no product with SKU "${p.sku}"`));
    else if (p.old_price !== null && p.old_price <= p.price) {
      outcomes.set(p.env, reject('INVALID_PRICE', `old_price (${p.old_price}) must be greater than price (${p.price})`));
    } else if (p.currency !== null && !CURRENCIES.has(p.currency)) {
      outcomes.set(p.env, reject('INVALID_CURRENCY', `unknown currency "${p.currency}"`));
    } else {
      pricedSkus.add(p.sku);
      consider({ claim: claimOf('price', p.env, p.sku, ''), env: p.env, price: p });
    }
  }
  for (const s of stocks) {
    const o = own.get(s.sku);
    const bad = Object.keys(s.stock).find((w) => !WAREHOUSE.test(w));
    if (!o) outcomes.set(s.env, reject('UNKNOWN_SKU', `no product with SKU "${s.sku}"`));
    else if (bad !== undefined) outcomes.set(s.env, reject('INVALID_WAREHOUSE', `warehouse "${bad}": 1–32 of a-z, 0-9, _ and -`));
    else if (o.offer_id === null && !pricedSkus.has(s.sku)) {
      outcomes.set(s.env, reject('OFFER_MISSING', `SKU "${s.sku}" has no own offer yet: send its price first`));
    } else {
      for (const [w, q] of Object.entries(s.stock)) consider({ claim: claimOf('stock', s.env, s.sku, w), env: s.env, quantity: q });
    }
  }

  // 2. claim versions: only events newer than what was applied before win
  const winners = [...best.values()];
  const won = await repo.claimVersions(tx, winners.map((c) => c.claim));
  const lost = winners.filter((c) => !won.has(repo.claimKey(c.claim)));
  const storedIds = await repo.storedEventIds(tx, lost.map((c) => c.claim));

  // 3. writes: one statement for the new own offers, one for every price and stock write (with
  // their outbox rows), then the best offer of just the products whose offer really changed
  const stockPatches = new Map<string, Record<string, number>>();
  const priceOf = new Map<string, PriceInput>();
  for (const c of winners) {
    if (!won.has(repo.claimKey(c.claim))) continue;
    if (c.price) priceOf.set(c.claim.sku, c.price);
    if (c.quantity !== undefined) stockPatches.set(c.claim.sku, { ...stockPatches.get(c.claim.sku), [c.claim.warehouse]: c.quantity });
  }
  const newOffers = [...priceOf.values()]
    .filter((p) => own.get(p.sku)!.offer_id === null)
    .map((p) => ({ ...p, product_id: own.get(p.sku)!.product_id, stock: stockPatches.get(p.sku) ?? {} }));
  const created = await repo.insertOwnOffers(tx, newOffers);
  const writes: repo.OfferWrite[] = [];
  for (const sku of new Set([...priceOf.keys(), ...stockPatches.keys()])) {
    const o = own.get(sku)!;
    if (created.has(sku) || o.offer_id === null) continue;
    const p = priceOf.get(sku);
    writes.push({
      offer_id: o.offer_id, sku, set_price: p !== undefined, price: p?.price ?? null, old_price: p?.old_price ?? null,
      currency: p?.currency ?? null, patch: stockPatches.get(sku) ?? null,
    });
  }
  const changedProducts = await repo.writeOffers(tx, writes);
  for (const sku of created.keys()) changedProducts.push(own.get(sku)!.product_id);
  await refreshBestOffers(tx, [...new Set(changedProducts)]);

  // 4. one outcome per message: applied when any of its keys won
  for (const [env, keys] of keysOf) {
    if (keys.some((k) => won.has(k) && best.get(k)!.env === env)) outcomes.set(env, 'applied');
    else {
      const dup = keys.some((k) => {
        const w = best.get(k)!;
        return w.env.event_id === env.event_id && (w.env !== env || storedIds.get(k) === env.event_id);
      });
      outcomes.set(env, dup ? 'duplicate' : 'stale');
    }
  }
  return { outcomes, changedProducts: [...new Set(changedProducts)], skus: skus.filter((s) => own.has(s)) };
}
