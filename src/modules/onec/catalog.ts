// Price and stock events → the own offers, set-based inside the caller's transaction: resolve SKUs,
// keep only the newest event per SKU (and warehouse), claim versions (idempotency + staleness),
// write prices and stock, and publish catalog.offer_changed through the outbox.
import type { CatalogOfferChanged } from '../../platform/events/event-map.js';
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
  /** every product a message named (stale ones too: recomputing is idempotent and heals a crash
   *  between the database commit and the best-offer recompute) */
  productIds: number[];
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

  // 3. writes
  const changed = new Map<number, CatalogOfferChanged>();
  const newOffers = winners
    .filter((c) => c.price && won.has(repo.claimKey(c.claim)) && own.get(c.price.sku)!.offer_id === null)
    .map((c) => ({ ...c.price!, product_id: own.get(c.price!.sku)!.product_id }));
  const created = await repo.insertOwnOffers(tx, newOffers);
  for (const [sku, id] of created) {
    const o = own.get(sku)!;
    o.offer_id = id;
    changed.set(id, { product_id: o.product_id, sku, offer_id: id, change: 'created' });
  }
  const priceWrites: repo.PriceWrite[] = [];
  const stockPatches = new Map<number, Record<string, number>>();
  for (const c of winners) {
    if (!won.has(repo.claimKey(c.claim))) continue;
    const o = own.get(c.claim.sku)!;
    if (o.offer_id === null) continue;
    if (c.price && !created.has(c.claim.sku)) {
      priceWrites.push({ offer_id: o.offer_id, price: c.price.price, old_price: c.price.old_price, currency: c.price.currency });
    }
    if (c.quantity !== undefined) stockPatches.set(o.offer_id, { ...stockPatches.get(o.offer_id), [c.claim.warehouse]: c.quantity });
    if (!changed.has(o.offer_id)) changed.set(o.offer_id, { product_id: o.product_id, sku: o.sku, offer_id: o.offer_id, change: 'updated' });
  }
  await repo.updatePrices(tx, priceWrites);
  await repo.patchStock(tx, [...stockPatches].map(([offer_id, patch]) => ({ offer_id, patch })));
  await repo.publishOfferChanged(tx, [...changed.values()]);

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
  const productIds = [...new Set(skus.map((s) => own.get(s)?.product_id).filter((x): x is number => x !== undefined))];
  return { outcomes, productIds, skus: skus.filter((s) => own.has(s)) };
}
