// All SQL of the 1C integration: version claims (idempotency + staleness), set-based price and stock
// writes to the own offers, and the reject report. Every write takes the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

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

/** One own offer's write for a batch: a price (when set_price) and/or a stock patch ({warehouse: qty}). */
export interface OfferWrite {
  offer_id: number;
  sku: string;
  set_price: boolean;
  price: number | null;
  old_price: number | null;
  currency: string | null;
  /** warehouses not listed keep theirs; null: stock untouched */
  patch: Record<string, number> | null;
}

/**
 * Every price and stock write of a batch in ONE statement, with its catalog.offer_changed outbox rows
 * (the row shape publish() writes: payload, headers {event_id, occurred_at}). Rows whose values would
 * not change are skipped (`is distinct from` / containment guards), so they cost no new row version,
 * no event and no best-offer recompute. Returns the products whose own offer actually changed.
 */
export async function writeOffers(ex: Executor, rows: OfferWrite[]): Promise<number[]> {
  if (!rows.length) return [];
  const occurred = new Date().toISOString();
  const r = await sql<{ product_id: number }>`
    with u as (
      select * from unnest(${rows.map((x) => x.offer_id)}::bigint[], ${rows.map((x) => x.sku)}::text[],
        ${rows.map((x) => x.set_price)}::boolean[], ${rows.map((x) => x.price)}::bigint[], ${rows.map((x) => x.old_price)}::bigint[],
        ${rows.map((x) => x.currency)}::text[], ${rows.map((x) => (x.patch ? JSON.stringify(x.patch) : null))}::jsonb[])
        as u(id, sku, set_price, price, old_price, currency, patch)
    ), changed as (
      update offers o set
        price = case when u.set_price then u.price else o.price end,
        old_price = case when u.set_price then u.old_price else o.old_price end,
        currency = case when u.set_price then coalesce(u.currency, o.currency) else o.currency end,
        stock = case when u.patch is null then o.stock else o.stock || u.patch end,
        stock_total = case when u.patch is null then o.stock_total
          else (select coalesce(sum(e.value::bigint), 0) from jsonb_each_text(o.stock || u.patch) e) end,
        updated_at = now()
      from u
      where o.id = u.id
        and ((u.set_price and (o.price, o.old_price, o.currency) is distinct from (u.price, u.old_price, coalesce(u.currency, o.currency)))
          or (u.patch is not null and not o.stock @> u.patch))
      returning o.id, o.product_id, u.sku
    ), events as (
      insert into outbox (topic, key, payload, headers)
      select 'catalog.offer_changed', c.sku,
        jsonb_build_object('product_id', c.product_id, 'sku', c.sku, 'offer_id', c.id, 'change', 'updated'),
        jsonb_build_object('event_id', gen_random_uuid()::text, 'occurred_at', ${occurred}::text)
      from changed c order by c.id
    )
    select product_id from changed`.execute(ex);
  return r.rows.map((x) => Number(x.product_id));
}

/** Own offers for products that had none (a price arrived first), with their stock and 'created'
 *  events; returns sku → new offer id. */
export async function insertOwnOffers(
  ex: Executor,
  rows: { product_id: number; sku: string; price: number; old_price: number | null; currency: string | null; stock: Record<string, number> }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!rows.length) return out;
  const occurred = new Date().toISOString();
  const r = await sql<{ id: number; sku: string }>`
    with created as (
      insert into offers (product_id, source, source_ref, price, old_price, currency, stock, stock_total)
      select u.product_id, 'own', '', u.price, u.old_price, coalesce(u.currency, 'RUB'), u.stock,
        (select coalesce(sum(e.value::bigint), 0) from jsonb_each_text(u.stock) e)
      from unnest(${rows.map((x) => x.product_id)}::bigint[], ${rows.map((x) => x.price)}::bigint[],
        ${rows.map((x) => x.old_price)}::bigint[], ${rows.map((x) => x.currency)}::text[], ${rows.map((x) => JSON.stringify(x.stock))}::jsonb[])
        as u(product_id, price, old_price, currency, stock)
      returning id, product_id
    ), named as (
      select c.id, c.product_id, u.sku from created c
      join unnest(${rows.map((x) => x.product_id)}::bigint[], ${rows.map((x) => x.sku)}::text[]) as u(product_id, sku) using (product_id)
    ), events as (
      insert into outbox (topic, key, payload, headers)
      select 'catalog.offer_changed', n.sku,
        jsonb_build_object('product_id', n.product_id, 'sku', n.sku, 'offer_id', n.id, 'change', 'created'),
        jsonb_build_object('event_id', gen_random_uuid()::text, 'occurred_at', ${occurred}::text)
      from named n order by n.id
    )
    select id, sku from named`.execute(ex);
  for (const row of r.rows) out.set(row.sku, Number(row.id));
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
