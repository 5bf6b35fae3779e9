// All SQL of the 1C integration: version claims (idempotency + staleness), set-based price and stock
// writes to the own offers, and the reject report. Every write takes the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CatalogOfferChanged } from '../../platform/events/event-map.js';

export type Executor = Kysely<DB>;

export interface OwnOffer {
  sku: string;
  product_id: number;
  offer_id: number | null;
}

/** Products by SKU with their own offer (source own, source_ref ''), which 1C's prices and stock feed. */
export async function ownOffers(ex: Executor, skus: string[]): Promise<Map<string, OwnOffer>> {
  const out = new Map<string, OwnOffer>();
  if (!skus.length) return out;
  const r = await sql<OwnOffer>`
    select p.sku, p.id as product_id, o.id as offer_id
    from products p
    left join offers o on o.product_id = p.id and o.source = 'own' and o.source_ref = ''
    where p.sku = any(${skus}::text[])`.execute(ex);
  for (const row of r.rows) out.set(row.sku, { ...row, product_id: Number(row.product_id), offer_id: row.offer_id === null ? null : Number(row.offer_id) });
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

/** The stored version of one key and its event id (to tell a duplicate from a stale event). */
export async function storedEventIds(ex: Executor, keys: { entity: string; sku: string; warehouse: string }[]) {
  const out = new Map<string, string | null>();
  if (!keys.length) return out;
  const r = await sql<{ entity: string; sku: string; warehouse: string; event_id: string | null }>`
    select v.entity, v.sku, v.warehouse, v.event_id from integration_versions v
    join unnest(${keys.map((k) => k.entity)}::text[], ${keys.map((k) => k.sku)}::text[], ${keys.map((k) => k.warehouse)}::text[])
      as k(entity, sku, warehouse) using (entity, sku, warehouse)`.execute(ex);
  for (const row of r.rows) out.set(claimKey(row), row.event_id);
  return out;
}

export interface PriceWrite {
  offer_id: number;
  price: number;
  old_price: number | null;
  currency: string | null;
}

export async function updatePrices(ex: Executor, rows: PriceWrite[]): Promise<void> {
  if (!rows.length) return;
  await sql`
    update offers o set price = u.price, old_price = u.old_price, currency = coalesce(u.currency, o.currency), updated_at = now()
    from unnest(${rows.map((r) => r.offer_id)}::bigint[], ${rows.map((r) => r.price)}::bigint[],
      ${rows.map((r) => r.old_price)}::bigint[], ${rows.map((r) => r.currency)}::text[]) as u(id, price, old_price, currency)
    where o.id = u.id`.execute(ex);
}

/** Own offers for products that had none (a price arrived first); returns sku → new offer id. */
export async function insertOwnOffers(
  ex: Executor,
  rows: { product_id: number; sku: string; price: number; old_price: number | null; currency: string | null }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!rows.length) return out;
  const r = await sql<{ id: number; product_id: number }>`
    insert into offers (product_id, source, source_ref, price, old_price, currency)
    select u.product_id, 'own', '', u.price, u.old_price, coalesce(u.currency, 'RUB')
    from unnest(${rows.map((x) => x.product_id)}::bigint[], ${rows.map((x) => x.price)}::bigint[],
      ${rows.map((x) => x.old_price)}::bigint[], ${rows.map((x) => x.currency)}::text[]) as u(product_id, price, old_price, currency)
    returning id, product_id`.execute(ex);
  const skuOf = new Map(rows.map((x) => [Number(x.product_id), x.sku]));
  for (const row of r.rows) out.set(skuOf.get(Number(row.product_id))!, Number(row.id));
  return out;
}

/** Merges per-offer stock patches ({warehouse: qty}) and recomputes stock_total from the merged map. */
export async function patchStock(ex: Executor, rows: { offer_id: number; patch: Record<string, number> }[]): Promise<void> {
  if (!rows.length) return;
  await sql`
    update offers o set stock = o.stock || u.patch::jsonb,
      stock_total = (select coalesce(sum(e.value::bigint), 0) from jsonb_each_text(o.stock || u.patch::jsonb) e),
      updated_at = now()
    from unnest(${rows.map((r) => r.offer_id)}::bigint[], ${rows.map((r) => JSON.stringify(r.patch))}::text[]) as u(id, patch)
    where o.id = u.id`.execute(ex);
}

/**
 * catalog.offer_changed rows for the outbox in one statement (the same row shape publish() writes:
 * payload, headers {event_id, occurred_at}); a 2,000-row multi-VALUES insert costs several times more.
 */
export async function publishOfferChanged(ex: Executor, events: CatalogOfferChanged[]): Promise<void> {
  if (!events.length) return;
  const occurred = new Date().toISOString();
  await sql`
    insert into outbox (topic, key, payload, headers)
    select 'catalog.offer_changed', u.key, u.payload::jsonb, jsonb_build_object('event_id', gen_random_uuid()::text, 'occurred_at', ${occurred}::text)
    from unnest(${events.map((e) => e.sku)}::text[], ${events.map((e) => JSON.stringify(e))}::text[]) as u(key, payload)`.execute(ex);
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
