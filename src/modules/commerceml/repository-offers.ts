// SQL of the batched offers import: a batch of Предложения is one transaction of a few set-based
// statements. Rows travel as one JSON parameter read with jsonb_to_recordset, which works the same on
// PGlite and PostgreSQL and keeps every value a bound parameter.
import { sql } from 'kysely';
import { publishMany } from '../../platform/events/outbox.js';
import type { Executor } from './repository.js';

export interface TypePrice {
  type_id: string;
  type_name: string;
  /** minor units */
  price: number;
  currency: string;
}

export interface OfferWrite {
  /** the existing offer, or null to create one (then price and currency are set) */
  id: number | null;
  product_id: number;
  source_ref: string;
  /** the retail price type's price; null = leave as is */
  price: number | null;
  currency: string | null;
  stock: Record<string, number> | null;
  stock_total: number | null;
  /** every price type's price the file gave (retail included) */
  prices: TypePrice[];
}

export interface WrittenOffers {
  created: { id: number; product_id: number }[];
  /** existing offers whose retail price, currency or stock changed */
  changed: { id: number; product_id: number }[];
}

/** Existing own offers of (product, characteristic) pairs: "product\tref" → offer id. */
export async function existingOffers(q: Executor, pairs: { product_id: number; source_ref: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!pairs.length) return out;
  const { rows } = await sql<{ id: number; product_id: number; source_ref: string }>`
    select o.id, o.product_id, o.source_ref
      from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(product_id bigint, source_ref text)
      join offers o on o.product_id = x.product_id and o.source = 'own' and o.source_ref = x.source_ref`.execute(q);
  for (const r of rows) out.set(`${r.product_id}\t${r.source_ref}`, Number(r.id));
  return out;
}

/** Writes one batch in the caller's transaction. Rows must name distinct offers. */
export async function writeOffers(tx: Executor, rows: OfferWrite[]): Promise<WrittenOffers> {
  const updates = rows.filter((r) => r.id !== null && (r.price !== null || r.stock !== null));
  const inserts = rows.filter((r) => r.id === null && r.price !== null);
  let changed: { id: number; product_id: number }[] = [];
  let created: { id: number; product_id: number }[] = [];
  if (updates.length) {
    // a crossed-out price that would no longer be above the new price is dropped (the service's rule)
    const { rows: u } = await sql<{ id: number; product_id: number }>`
      update offers o set
        price = coalesce(x.price, o.price),
        currency = coalesce(x.currency, o.currency),
        old_price = case when o.old_price is not null and o.old_price <= coalesce(x.price, o.price) then null else o.old_price end,
        stock = coalesce(x.stock, o.stock),
        stock_total = coalesce(x.stock_total, o.stock_total),
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id bigint, price bigint, currency text, stock jsonb, stock_total int)
      where o.id = x.id
        and (o.price, o.currency, o.stock, o.stock_total) is distinct from
            (coalesce(x.price, o.price), coalesce(x.currency, o.currency), coalesce(x.stock, o.stock), coalesce(x.stock_total, o.stock_total))
      returning o.id, o.product_id`.execute(tx);
    changed = u.map((r) => ({ id: Number(r.id), product_id: Number(r.product_id) }));
  }
  if (inserts.length) {
    const { rows: c } = await sql<{ id: number; product_id: number }>`
      insert into offers as o (product_id, source, source_ref, price, currency, stock, stock_total)
      select x.product_id, 'own', x.source_ref, x.price, x.currency, coalesce(x.stock, '{}'::jsonb), coalesce(x.stock_total, 0)
        from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb)
             as x(product_id bigint, source_ref text, price bigint, currency text, stock jsonb, stock_total int)
      on conflict (product_id, source, source_ref) do update
         set price = excluded.price, currency = excluded.currency, updated_at = now()
      returning o.id, o.product_id`.execute(tx);
    created = c.map((r) => ({ id: Number(r.id), product_id: Number(r.product_id) }));
  }
  const prices = rows.filter((r) => r.id !== null || r.price !== null)
    .flatMap((r) => r.prices.map((p) => ({ product_id: r.product_id, source_ref: r.source_ref, ...p })));
  if (prices.length) {
    await sql`
      insert into offer_prices as op (offer_id, price_type_id, price_type_name, price, currency)
      select o.id, x.type_id, x.type_name, x.price, x.currency
        from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb)
             as x(product_id bigint, source_ref text, type_id text, type_name text, price bigint, currency text)
        join offers o on o.product_id = x.product_id and o.source = 'own' and o.source_ref = x.source_ref
      on conflict (offer_id, price_type_id) do update
         set price_type_name = excluded.price_type_name, price = excluded.price, currency = excluded.currency, updated_at = now()
       where (op.price_type_name, op.price, op.currency) is distinct from (excluded.price_type_name, excluded.price, excluded.currency)`
      .execute(tx);
  }
  return { created, changed };
}

/** catalog.offer_changed for each written offer (small imports: search and caches follow per product). */
export async function announceOffers(tx: Executor, w: WrittenOffers): Promise<void> {
  const all = [...w.created.map((o) => ({ ...o, change: 'created' as const })), ...w.changed.map((o) => ({ ...o, change: 'updated' as const }))];
  if (!all.length) return;
  const skus = await tx.selectFrom('products').select(['id', 'sku']).where('id', 'in', [...new Set(all.map((o) => o.product_id))]).execute();
  const skuOf = new Map(skus.map((s) => [Number(s.id), s.sku]));
  await publishMany(tx, 'catalog.offer_changed', all.map((o) => {
    const sku = skuOf.get(o.product_id) ?? '';
    return { key: sku, payload: { product_id: o.product_id, sku, offer_id: o.id, change: o.change } };
  }));
}
