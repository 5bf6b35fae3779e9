// SQL of the search module outside the engines: small state (vocabulary, reindex checkpoints) and the
// card fields of found products, read from the catalog in one query per page.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { ListingRow } from '../products/index.js';

export async function getState<T>(db: Kysely<DB>, key: string): Promise<T | null> {
  const row = await db.selectFrom('search_state').select('value').where('key', '=', key).executeTakeFirst();
  return (row?.value as T | undefined) ?? null;
}

export async function setState(db: Kysely<DB>, key: string, value: unknown): Promise<void> {
  await sql`insert into search_state (key, value) values (${key}, ${JSON.stringify(value)}::jsonb)
            on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
}

/** How long ago the state was last written (ms, by the database's clock), or null without it. */
export async function stateAge(db: Kysely<DB>, key: string): Promise<{ ageMs: number } | null> {
  const r = await sql<{ age_ms: number }>`select (extract(epoch from now() - updated_at) * 1000)::float8 as age_ms
                                          from search_state where key = ${key}`.execute(db);
  return r.rows[0] ? { ageMs: Number(r.rows[0].age_ms) } : null;
}

export async function deleteState(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('search_state').where('key', '=', key).execute();
}

/** A search hit's card: the category listing's fields plus the SKU. */
export type CardRow = ListingRow & { sku: string };

/** Name and slug of the published products among `ids` (product suggestions an engine gave by id). */
export async function productNames(database: Database, ids: number[]): Promise<Map<number, { text: string; slug: string }>> {
  if (!ids.length) return new Map();
  const rows = await database.prepared('search.product_names', sql<{ id: number; name: string; slug: string }>`
    select id, name, slug from products where id = any(${ids}::bigint[]) and status = 'published'`.compile(database.kysely));
  return new Map(rows.map((row) => [Number(row.id), { text: row.name, slug: row.slug }]));
}

/** Card fields of published products, by id (the index may lag a status change by a moment). One
 *  statement per results page, prepared (Database.prepared): its text never changes. The brand comes
 *  from a subquery per row: joined, the generic plan hashed all brands on every call (~0.1 ms of the
 *  statement's ~0.35 at 1M with ~700 brands, and growing with them; products/repository.ts brandJson). */
export async function cards(database: Database, ids: number[]): Promise<Map<number, CardRow>> {
  if (!ids.length) return new Map();
  const rows = await database.prepared('search.cards', sql<CardRow>`
    select p.id, p.sku, p.slug, p.name, (select b.name from brands b where b.id = p.brand_id) as brand, p.images -> 0 as image,
           p.best_price, p.best_old_price, p.best_currency, p.in_stock
      from products p
     where p.id = any(${ids}::bigint[]) and p.status = 'published'`.compile(database.kysely));
  return new Map(rows.map((row) => [Number(row.id), { ...row, id: Number(row.id) }]));
}
