// SQL of the storefront's own reads: counts for page copy and the id-range scans behind the sitemaps
// (keyset batches over primary keys, so a 1M-product sitemap never sits in memory).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export type Executor = Kysely<DB>;

export async function countPublished(ex: Executor): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from products where status = 'published'`.execute(ex);
  return Number(r.rows[0]!.n);
}

export type SitemapEntity = 'products' | 'categories';

export async function idBounds(ex: Executor, entity: SitemapEntity): Promise<{ min: number; max: number } | null> {
  const r = entity === 'products'
    ? await sql<{ min: string | null; max: string | null }>`select min(id) as min, max(id) as max from products where status = 'published'`.execute(ex)
    : await sql<{ min: string | null; max: string | null }>`select min(id) as min, max(id) as max from categories`.execute(ex);
  const row = r.rows[0];
  if (!row || row.min === null || row.max === null) return null;
  return { min: Number(row.min), max: Number(row.max) };
}

/** Whether an id range holds anything to list (empty ranges are left out of the sitemap index). */
export async function rangeHasRows(ex: Executor, entity: SitemapEntity, from: number, to: number): Promise<boolean> {
  const r = entity === 'products'
    ? await sql<{ any: boolean }>`select exists (select 1 from products where id >= ${from} and id < ${to} and status = 'published') as any`.execute(ex)
    : await sql<{ any: boolean }>`select exists (select 1 from categories where id >= ${from} and id < ${to}) as any`.execute(ex);
  return !!r.rows[0]?.any;
}

export interface SitemapRow {
  id: number;
  loc: string;
  lastmod: Date;
}

/** One keyset batch of [after, to): product slugs or category paths with their change time. */
export async function sitemapBatch(ex: Executor, entity: SitemapEntity, after: number, to: number, limit: number): Promise<SitemapRow[]> {
  const r = entity === 'products'
    ? await sql<SitemapRow>`select id, slug as loc, updated_at as lastmod from products
        where id > ${after} and id < ${to} and status = 'published' order by id limit ${limit}`.execute(ex)
    : await sql<SitemapRow>`select id, path as loc, updated_at as lastmod from categories
        where id > ${after} and id < ${to} order by id limit ${limit}`.execute(ex);
  return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
}
