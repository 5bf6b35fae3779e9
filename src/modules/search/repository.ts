// SQL of the search module outside the engines: small state (vocabulary, reindex checkpoints) and the
// card fields of found products, read from the catalog in one query per page.
import { sql, type Kysely } from 'kysely';
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

export async function deleteState(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('search_state').where('key', '=', key).execute();
}

/** A search hit's card: the category listing's fields plus the SKU. */
export type CardRow = ListingRow & { sku: string };

/** Card fields of published products, by id (the index may lag a status change by a moment). */
export async function cards(db: Kysely<DB>, ids: number[]): Promise<Map<number, CardRow>> {
  if (!ids.length) return new Map();
  const r = await sql<CardRow>`
    select p.id, p.sku, p.slug, p.name, b.name as brand, p.images -> 0 as image, p.best_price, p.best_old_price,
           p.best_currency, p.in_stock
      from products p left join brands b on b.id = p.brand_id
     where p.id = any(${ids}::bigint[]) and p.status = 'published'`.execute(db);
  return new Map(r.rows.map((row) => [Number(row.id), { ...row, id: Number(row.id) }]));
}
