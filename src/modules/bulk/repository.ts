// All SQL of the NDJSON upsert: lookups before a batch, and the batch itself — COPY into temporary
// staging tables, then set-based INSERT … SELECT … ON CONFLICT into products, their category links,
// taggings and offers, inside the caller's transaction on one raw session.
import { sql, type Kysely } from 'kysely';
import { copyLine, type RawSession } from '../../platform/db/database.js';
import type { DB, ProductStatus } from '../../platform/db/schema.js';
import type { OfferRow } from './rows.js';

type Q = Kysely<DB>;

export interface CategoryInfo {
  id: number;
  path: string;
  ancestor_ids: number[];
}

export async function findCategories(db: Q, ids: number[], paths: string[]): Promise<CategoryInfo[]> {
  if (!ids.length && !paths.length) return [];
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'path', 'ancestor_ids'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(paths.length ? [eb('path', 'in', paths)] : [])]))
    .execute();
  return rows.map((r) => ({ id: r.id, path: r.path, ancestor_ids: r.ancestor_ids.map(Number) }));
}

export interface ExistingProduct {
  id: number;
  sku: string;
  status: ProductStatus;
  slug: string;
}

export async function findProductsBySku(db: Q, skus: string[]): Promise<ExistingProduct[]> {
  if (!skus.length) return [];
  return db.selectFrom('products').select(['id', 'sku', 'status', 'slug']).where('sku', 'in', skus).execute();
}

/** Owners of these slugs (to reject a line whose slug another product holds). */
export async function findSlugOwners(db: Q, slugs: string[]): Promise<{ sku: string; slug: string }[]> {
  if (!slugs.length) return [];
  return db.selectFrom('products').select(['sku', 'slug']).where('slug', 'in', slugs).execute();
}

/** Brand ids by lower-cased name; unknown brands are created (matched by name, then by slug). */
export async function ensureBrands(s: RawSession, brands: { name: string; slug: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!brands.length) return out;
  const names = brands.map((b) => b.name);
  const slugs = brands.map((b) => b.slug);
  const match = async () => {
    const rows = await s.query<{ id: number; name: string; slug: string }>(
      `select id, name, slug from brands where lower(name) = any($1::text[]) or slug = any($2::text[])`,
      [names.map((n) => n.toLowerCase()), slugs],
    );
    const byName = new Map(rows.map((r) => [r.name.toLowerCase(), Number(r.id)]));
    const bySlug = new Map(rows.map((r) => [r.slug, Number(r.id)]));
    for (const b of brands) {
      const id = byName.get(b.name.toLowerCase()) ?? bySlug.get(b.slug);
      if (id !== undefined) out.set(b.name.toLowerCase(), id);
    }
  };
  await match();
  const missing = brands.filter((b) => !out.has(b.name.toLowerCase()));
  if (missing.length) {
    await s.query(`insert into brands (name, slug) select * from unnest($1::text[], $2::text[]) on conflict do nothing`, [
      missing.map((b) => b.name),
      missing.map((b) => b.slug),
    ]);
    await match();
  }
  return out;
}

/** Tag ids by slug; unknown tags are created. */
export async function ensureTags(s: RawSession, tags: { name: string; slug: string }[]): Promise<Map<string, number>> {
  if (!tags.length) return new Map();
  await s.query(`insert into tags (slug, name) select * from unnest($1::text[], $2::text[]) on conflict (slug) do nothing`, [
    tags.map((t) => t.slug),
    tags.map((t) => t.name),
  ]);
  const rows = await s.query<{ id: number; slug: string }>(`select id, slug from tags where slug = any($1::text[])`, [tags.map((t) => t.slug)]);
  return new Map(rows.map((r) => [r.slug, Number(r.id)]));
}

export interface StagedProduct {
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  brand_id: number | null;
  status: ProductStatus;
  primary_category_id: number;
  /** primary first */
  category_ids: number[];
  /** validated values, already JSON */
  attributes_json: string;
  images: { url: string; alt?: string }[];
  variant_group: string | null;
  tag_ids: number[];
  offers: OfferRow[] | null;
}

export interface BatchResult {
  /** sku → id of every product of the batch */
  ids: Map<string, number>;
  created: number;
  /** existing products the batch touched (rewritten only where something changed) */
  updated: number;
  /** offers created or changed */
  offers: number;
}

const intArray = (ids: number[]) => `{${ids.join(',')}}`;

/** One batch in the caller's transaction. Rows must have distinct SKUs and slugs. */
export async function upsertBatch(s: RawSession, rows: StagedProduct[]): Promise<BatchResult> {
  await s.query(`create temp table bulk_products (
      ord int not null, sku text not null, slug text not null, name text not null, description text,
      brand_id int, status text not null, primary_category_id int not null, category_ids int[] not null,
      attributes jsonb not null, images jsonb not null, variant_group text, tag_ids int[] not null
    ) on commit drop`);
  let data = '';
  rows.forEach((r, i) => {
    data += copyLine([
      i, r.sku, r.slug, r.name, r.description, r.brand_id, r.status, r.primary_category_id, intArray(r.category_ids),
      r.attributes_json, JSON.stringify(r.images), r.variant_group, intArray(r.tag_ids),
    ]);
  });
  await s.copyFrom('copy bulk_products from stdin', data);
  // category_tree_ids: the union of the categories' ancestor_ids (inclusive of each category).
  // A row whose content did not change is not rewritten (re-imports of a daily full feed).
  const upserted = await s.query<{ id: number; sku: string; inserted: boolean }>(`
    insert into products as p (sku, slug, name, description, brand_id, status, primary_category_id, category_tree_ids,
                               attributes, images, variant_group)
    select s.sku, s.slug, s.name, s.description, s.brand_id, s.status, s.primary_category_id,
           (select array_agg(distinct a order by a) from categories c cross join lateral unnest(c.ancestor_ids) a
             where c.id = any(s.category_ids)),
           s.attributes, s.images, s.variant_group
      from bulk_products s order by s.ord
    on conflict (sku) do update
       set slug = excluded.slug, name = excluded.name, description = excluded.description, brand_id = excluded.brand_id,
           status = excluded.status, primary_category_id = excluded.primary_category_id,
           category_tree_ids = excluded.category_tree_ids, attributes = excluded.attributes, images = excluded.images,
           variant_group = excluded.variant_group, updated_at = now()
     where (p.slug, p.name, p.description, p.brand_id, p.status, p.primary_category_id, p.category_tree_ids,
            p.attributes, p.images, p.variant_group)
           is distinct from (excluded.slug, excluded.name, excluded.description, excluded.brand_id, excluded.status,
            excluded.primary_category_id, excluded.category_tree_ids, excluded.attributes, excluded.images, excluded.variant_group)
    returning (p.xmax = 0) as inserted`);
  const created = upserted.filter((r) => r.inserted).length;
  const all = await s.query<{ id: number; sku: string }>(`select p.id, p.sku from bulk_products s join products p on p.sku = s.sku`);
  const ids = new Map(all.map((r) => [r.sku, Number(r.id)]));
  // links and taggings: only the differences are written
  await s.query(`
    delete from product_categories pc using bulk_products s, products p
     where p.sku = s.sku and pc.product_id = p.id and not pc.category_id = any(s.category_ids)`);
  await s.query(`
    insert into product_categories as pc (product_id, category_id, is_primary)
    select p.id, c.id, c.id = s.primary_category_id
      from bulk_products s join products p on p.sku = s.sku
      cross join lateral unnest(s.category_ids) as c(id)
    on conflict (product_id, category_id) do update set is_primary = excluded.is_primary
     where pc.is_primary <> excluded.is_primary`);
  await s.query(`
    delete from taggings t using bulk_products s, products p
     where p.sku = s.sku and t.entity_type = 'product' and t.entity_id = p.id and not t.tag_id = any(s.tag_ids)`);
  await s.query(`
    insert into taggings (tag_id, entity_type, entity_id)
    select t.id, 'product', p.id
      from bulk_products s join products p on p.sku = s.sku
      cross join lateral unnest(s.tag_ids) as t(id)
    on conflict do nothing`);

  let offers = 0;
  const withOffers = rows.filter((r) => r.offers?.length);
  if (withOffers.length) {
    await s.query(`create temp table bulk_offers (
        sku text not null, source text not null, source_ref text not null, price bigint not null, old_price bigint,
        currency text not null, stock jsonb not null, stock_total int not null
      ) on commit drop`);
    let od = '';
    for (const r of withOffers) {
      for (const o of r.offers!) od += copyLine([r.sku, o.source, o.source_ref, o.price, o.old_price, o.currency, JSON.stringify(o.stock), o.stock_total]);
    }
    await s.copyFrom('copy bulk_offers from stdin', od);
    const res = await s.query(`
      insert into offers as o (product_id, source, source_ref, price, old_price, currency, stock, stock_total)
      select p.id, b.source, b.source_ref, b.price, b.old_price, b.currency, b.stock, b.stock_total
        from bulk_offers b join products p on p.sku = b.sku
      on conflict (product_id, source, source_ref) do update
         set price = excluded.price, old_price = excluded.old_price, currency = excluded.currency,
             stock = excluded.stock, stock_total = excluded.stock_total, updated_at = now()
       where (o.price, o.old_price, o.currency, o.stock, o.stock_total)
             is distinct from (excluded.price, excluded.old_price, excluded.currency, excluded.stock, excluded.stock_total)
      returning o.id`);
    offers = res.length;
  }
  return { ids, created, updated: ids.size - created, offers };
}

export interface CatalogStats {
  categories: number;
  attributes: number;
  products: number;
  offers: number;
}

export async function catalogCounts(db: Q): Promise<CatalogStats> {
  const { rows } = await sql<CatalogStats>`
    select (select count(*) from categories)::int as categories,
           (select count(*) from attributes)::int as attributes,
           (select count(*) from products)::int as products,
           (select count(*) from offers)::int as offers`.execute(db);
  return rows[0]!;
}
