// All SQL of the 1C integration: the own offers of a batch locked with their price and stock versions,
// set-based price and stock writes, product version claims (idempotency + staleness), and the reject
// report. Every write takes the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export type Executor = Kysely<DB>;

/** A SKU's own offer (source own, source_ref ''), with its source versions and the product's best offer. */
export interface LockedOffer {
  sku: string;
  product_id: number;
  offer_id: number;
  /** the row version's physical address and inserting transaction: the write finds it without an index
   *  probe, and finds nothing when the row has changed since it was read (optimistic check) */
  ctid: string;
  xmin: string;
  price: number;
  old_price: number | null;
  currency: string;
  stock: Record<string, number>;
  price_version: string | null;
  /** epoch ms (fractional for versions carried over from integration_versions) */
  price_ms: number | null;
  price_event_id: string | null;
  stock_versions: Record<string, StockVersion>;
  best_offer_id: number | null;
  best_price: number | null;
  best_old_price: number | null;
  best_currency: string | null;
  in_stock: boolean;
}

/** A warehouse's stored version: [source_version, occurred_at epoch ms, event_id]. */
export type StockVersion = [string | number | null, number, string | null];

type OfferTuple = [
  string, number, number, string, string, number, number | null, string, Record<string, number>, string | null, number | null,
  string | null, Record<string, StockVersion>, number | null, number | null, number | null, string | null, boolean,
];

/**
 * The own offers of these SKUs with what the stale check and the best-offer decision need: one
 * statement, one index probe per SKU on products and on offers. `lock` takes the rows FOR UPDATE (in
 * offer id order, so concurrent writers cannot deadlock); without it the read is optimistic and
 * writeOffers reports the rows that changed meanwhile. Unlocked is the default path: locking writes a
 * WAL record and dirties the page of every row, and costs ~2–3 µs of server CPU per event.
 *
 * The rows come back as ONE json array of arrays: node-postgres runs a parser per column of every row
 * (17 × 5,000 per batch, two of them jsonb), one JSON.parse of one value costs the app a fraction of
 * that; arrays rather than objects because json_build_object spends the server ~4 µs per row writing
 * the 17 keys (2,500 warm rows: 47–53 ms with keys, 36–39 ms without). Big integers travel as strings
 * (price_version is 1C's bigint; xmin is an xid).
 */
export async function readOwnOffers(ex: Executor, skus: string[], opts: { lock: boolean }): Promise<Map<string, LockedOffer>> {
  const out = new Map<string, LockedOffer>();
  if (!skus.length) return out;
  const lock = opts.lock ? sql`order by o.id for update of o` : sql``;
  const r = await sql<{ rows: OfferTuple[] | null }>`
    select json_agg(json_build_array(
      s.sku, s.product_id, s.offer_id, s.ctid::text, s.xmin::text, s.price, s.old_price, s.currency, s.stock,
      s.price_version::text, s.price_ms, s.price_event_id, s.stock_versions,
      s.best_offer_id, s.best_price, s.best_old_price, s.best_currency, s.in_stock)) as rows
    from (
      select p.sku, p.id as product_id, p.best_offer_id, p.best_price, p.best_old_price, p.best_currency, p.in_stock,
             o.id as offer_id, o.ctid, o.xmin, o.price, o.old_price, o.currency, o.stock, o.price_version,
             extract(epoch from o.price_occurred_at)::float8 * 1000 as price_ms, o.price_event_id, o.stock_versions
      from products p
      join offers o on o.product_id = p.id and o.source = 'own' and o.source_ref = ''
      where p.sku = any(${skus}::text[])
      ${lock}
    ) s`.execute(ex);
  for (const t of r.rows[0]?.rows ?? []) {
    out.set(t[0], {
      sku: t[0], product_id: t[1], offer_id: t[2], ctid: t[3], xmin: t[4], price: t[5], old_price: t[6], currency: t[7], stock: t[8],
      price_version: t[9], price_ms: t[10], price_event_id: t[11], stock_versions: t[12], best_offer_id: t[13], best_price: t[14],
      best_old_price: t[15], best_currency: t[16], in_stock: t[17],
    });
  }
  return out;
}

/**
 * No parallel plans for the rest of this transaction. Unlocked, the own-offers read of a few thousand
 * SKUs gets a parallel bitmap scan from the planner, and every such statement starts worker processes:
 * ~100 of them in 15 s of bench:kafka, ~0.4 of the machine's 2 cores spent starting workers (perf),
 * for a read that takes ~30 ms alone. (FOR UPDATE had ruled parallel plans out.)
 */
export async function serialPlans(ex: Executor): Promise<void> {
  await sql`select set_config('max_parallel_workers_per_gather', '0', true)`.execute(ex);
}

/** Products by SKU (for SKUs without an own offer yet): sku → product id. */
export async function productIdsBySku(ex: Executor, skus: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!skus.length) return out;
  const r = await sql<{ sku: string; id: number }>`select sku, id from products where sku = any(${skus}::text[])`.execute(ex);
  for (const x of r.rows) out.set(x.sku, Number(x.id));
  return out;
}

export interface VersionClaim {
  entity: 'price' | 'stock' | 'product';
  sku: string;
  warehouse: string;
  source_version: string | null;
  occurred_at: Date;
  event_id: string;
}

export const claimKey = (c: { entity: string; sku: string; warehouse: string }) => `${c.entity}\u0000${c.sku}\u0000${c.warehouse}`;

/**
 * Records each claim that is newer than the stored version and returns the keys that won. Newer means
 * a greater source_version when both sides have one, else a later-or-equal occurred_at from a different
 * event (same key ⇒ same partition ⇒ delivery order breaks a timestamp tie). Keys must be unique.
 */
export async function claimVersions(ex: Executor, claims: VersionClaim[]): Promise<Set<string>> {
  if (!claims.length) return new Set();
  const r = await sql<{ entity: string; sku: string; warehouse: string }>`
    insert into integration_versions as v (entity, sku, warehouse, source_version, occurred_at, event_id)
    select * from unnest(${claims.map((c) => c.entity)}::text[], ${claims.map((c) => c.sku)}::text[],
      ${claims.map((c) => c.warehouse)}::text[], ${claims.map((c) => c.source_version)}::bigint[],
      ${claims.map((c) => c.occurred_at.toISOString())}::timestamptz[], ${claims.map((c) => c.event_id)}::text[])
    on conflict (entity, sku, warehouse) do update
      set source_version = excluded.source_version, occurred_at = excluded.occurred_at,
          event_id = excluded.event_id, updated_at = now()
      where excluded.event_id is distinct from v.event_id
        and case when excluded.source_version is not null and v.source_version is not null
                 then excluded.source_version > v.source_version
                 else excluded.occurred_at >= v.occurred_at end
    returning entity, sku, warehouse`.execute(ex);
  return new Set(r.rows.map(claimKey));
}

/** One own offer's new state: values (as they will be) and source versions (always written). */
export interface OfferWrite {
  offer_id: number;
  /** the row version readOwnOffers returned: the write must find that very version */
  ctid: string;
  xmin: string;
  sku: string;
  product_id: number;
  price: number;
  old_price: number | null;
  currency: string;
  stock: Record<string, number>;
  stock_total: number;
  price_version: string | null;
  price_occurred_at: Date | null;
  price_event_id: string | null;
  stock_versions: Record<string, StockVersion>;
  /** a price event won: the price_* versions are written (else the stored ones stay, untouched) */
  price_won: boolean;
  /** a stock event won: stock and stock_versions are written (else the stored ones stay) */
  stock_written: boolean;
  /** a value changed: updated_at moves and the offer is in the batch's catalog.offers_changed */
  changed: boolean;
}

/** Some own offers changed between readOwnOffers and writeOffers (another writer got there first): the
 *  caller rolls its transaction back and applies again with the rows locked. */
export class OffersChangedMeanwhile extends Error {
  constructor(readonly missed: number) {
    super(`${missed} own offer(s) changed since they were read`);
  }
}

/**
 * Every price and stock write of a batch in ONE statement, by the rows' ctid (a TID scan: no probe of
 * the offers' primary key per row), with the new rows as one jsonb parameter (one JSON.stringify,
 * instead of twelve arrays whose elements the driver escapes one by one). Rows whose only news is a
 * newer version keep their updated_at. The batch's catalog.offers_changed event is the caller's (one
 * outbox row per batch).
 *
 * Optimistic: a row is written only while it is the very version that was read (same ctid and xmin; a
 * concurrent update leaves the old version behind, so the TID scan, rechecked after waiting for that
 * writer, no longer matches). Fewer rows written than given → OffersChangedMeanwhile, and nothing of
 * this transaction may be kept. Rows are written in offer id order, like the locking read takes them.
 */
export async function writeOffers(ex: Executor, rows: OfferWrite[]): Promise<void> {
  if (!rows.length) return;
  const sorted = rows.length > 1 ? [...rows].sort((a, b) => a.offer_id - b.offer_id) : rows;
  // only what changes travels: the stock maps when a stock event won, the price versions when a price
  // event did (a price-only row leaves the stored maps as they are); times as epoch ms, not ISO strings
  const doc = JSON.stringify(sorted.map((x) => ({
    ctid: x.ctid, xmin: x.xmin, offer_id: x.offer_id, price: x.price, old_price: x.old_price, currency: x.currency,
    stock: x.stock_written ? x.stock : undefined, stock_total: x.stock_total,
    stock_versions: x.stock_written ? x.stock_versions : undefined, price_won: x.price_won,
    price_version: x.price_won ? x.price_version : undefined, price_ms: x.price_won ? x.price_occurred_at?.getTime() : undefined,
    price_event_id: x.price_won ? x.price_event_id : undefined, changed: x.changed,
  })));
  const r = await sql`
    update offers o set price = u.price, old_price = u.old_price, currency = u.currency,
      stock = case when u.stock is null then o.stock else u.stock end, stock_total = u.stock_total,
      stock_versions = case when u.stock_versions is null then o.stock_versions else u.stock_versions end,
      price_version = case when u.price_won then u.price_version else o.price_version end,
      price_occurred_at = case when u.price_won then to_timestamp(u.price_ms / 1000.0) else o.price_occurred_at end,
      price_event_id = case when u.price_won then u.price_event_id else o.price_event_id end,
      updated_at = case when u.changed then now() else o.updated_at end
    from jsonb_to_recordset(${doc}::jsonb) as u(ctid tid, xmin xid, offer_id bigint, price bigint, old_price bigint, currency text,
      stock jsonb, stock_total integer, stock_versions jsonb, price_won boolean, price_version bigint, price_ms float8,
      price_event_id text, changed boolean)
    where o.ctid = u.ctid and o.xmin = u.xmin and o.id = u.offer_id`.execute(ex);
  const written = Number(r.numAffectedRows ?? 0);
  if (written !== rows.length) throw new OffersChangedMeanwhile(rows.length - written);
}

/** Own offers for products that had none (a price arrived first), with their stock and versions;
 *  returns sku → new offer id (the caller announces them as 'created'). */
export async function insertOwnOffers(
  ex: Executor,
  rows: (Omit<OfferWrite, 'offer_id' | 'ctid' | 'xmin' | 'changed' | 'price_won' | 'stock_written'>)[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!rows.length) return out;
  const r = await sql<{ id: number; product_id: number }>`
    insert into offers (product_id, source, source_ref, price, old_price, currency, stock, stock_total,
                        price_version, price_occurred_at, price_event_id, stock_versions)
    select u.product_id, 'own', '', u.price, u.old_price, u.currency, u.stock, u.stock_total,
           u.price_version, u.price_occurred_at, u.price_event_id, u.stock_versions
    from unnest(${rows.map((x) => x.product_id)}::bigint[], ${rows.map((x) => x.price)}::bigint[], ${rows.map((x) => x.old_price)}::bigint[],
      ${rows.map((x) => x.currency)}::text[], ${rows.map((x) => JSON.stringify(x.stock))}::jsonb[], ${rows.map((x) => x.stock_total)}::integer[],
      ${rows.map((x) => x.price_version)}::bigint[], ${rows.map((x) => x.price_occurred_at?.toISOString() ?? null)}::timestamptz[],
      ${rows.map((x) => x.price_event_id)}::text[], ${rows.map((x) => JSON.stringify(x.stock_versions))}::jsonb[])
      as u(product_id, price, old_price, currency, stock, stock_total, price_version, price_occurred_at, price_event_id, stock_versions)
    returning id, product_id`.execute(ex);
  const skuOf = new Map(rows.map((x) => [x.product_id, x.sku]));
  for (const row of r.rows) out.set(skuOf.get(Number(row.product_id))!, Number(row.id));
  return out;
}

export interface RejectRow {
  topic: string;
  kafka_partition: number | null;
  kafka_offset: string | null;
  key: string | null;
  event_id: string | null;
  reason_code: string;
  reason: string;
  dead_lettered: boolean;
  payload: string | null;
}

export async function insertRejects(ex: Executor, rows: RejectRow[]): Promise<void> {
  if (!rows.length) return;
  await ex.insertInto('integration_rejects').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

export async function listRejects(ex: Executor, q: { topic?: string; limit: number; offset: number }) {
  let query = ex.selectFrom('integration_rejects').selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset);
  if (q.topic) query = query.where('topic', '=', q.topic);
  return query.execute();
}
