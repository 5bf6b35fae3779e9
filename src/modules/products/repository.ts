// All SQL of the products module. Reads that feed one response are single statements with
// correlated subqueries (brand, categories, tags, variants), so a card or admin read is one round trip.
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { AttributeValue, DB, ProductStatus } from '../../platform/db/schema.js';
import type { Database } from '../../platform/db/database.js';
import type { AdminListQuery, ListingSort } from './schemas.js';
import type { OfferForCard } from './service.js';
import { TokenCache, tokenValues } from './listing-keys.js';

export type Executor = Kysely<DB>;

export interface ProductRow {
  id: number;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  status: ProductStatus;
  primary_category_id: number;
  category_tree_ids: number[];
  attributes: Record<string, AttributeValue>;
  images: { url: string; alt?: string }[];
  variant_group: string | null;
  best_offer_id: number | null;
  best_price: number | null;
  best_old_price: number | null;
  best_currency: string | null;
  in_stock: boolean;
  created_at: Date;
  updated_at: Date;
  brand: { id: number; slug: string; name: string } | null;
  category_ids: number[];
  tags: { slug: string; name: string }[];
}

export interface WritableProduct {
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  brand_id: number | null;
  status: ProductStatus;
  primary_category_id: number;
  category_tree_ids: number[];
  attributes: Record<string, AttributeValue>;
  images: { url: string; alt?: string }[];
  variant_group: string | null;
}

/** Count cap of listings: an exact count over a 1M-row subtree costs more than the page itself. */
export const COUNT_CAP = 10_000;

// The brand by a subquery per row rather than a join: for a page of products the planner hashed the
// whole brands table on every call (a hash of ~700 brands looked cheaper than a probe per row), 0.17 of
// the 0.46 ms EXPLAIN ANALYZE gave a 24-card read at 1M, and more as brands grow.
const brandJson = sql`(select json_build_object('id', b.id, 'slug', b.slug, 'name', b.name) from brands b where b.id = p.brand_id)`;
/** The brand's name, looked up per row (see brandJson). */
const brandName = sql`(select b.name from brands b where b.id = p.brand_id)`;
const categoryIds = sql`array(select pc.category_id from product_categories pc
    where pc.product_id = p.id order by pc.is_primary desc, pc.category_id)`;
const tagsJson = sql`coalesce((select json_agg(json_build_object('slug', t.slug, 'name', t.name) order by t.name)
    from taggings g join tags t on t.id = g.tag_id
    where g.entity_type = 'product' and g.entity_id = p.id), '[]'::json)`;

/** An id (digits) matches by id first, then by SKU; anything else is a SKU. */
function refCondition(ref: string | number): { where: RawBuilder<unknown>; order: RawBuilder<unknown> } {
  const s = String(ref);
  if (/^\d{1,15}$/.test(s)) {
    return { where: sql`(p.id = ${Number(s)} or p.sku = ${s})`, order: sql`(p.id = ${Number(s)}) desc` };
  }
  return { where: sql`p.sku = ${s}`, order: sql`1` };
}

export async function findProduct(ex: Executor, ref: string | number): Promise<ProductRow | undefined> {
  const { where, order } = refCondition(ref);
  const r = await sql<ProductRow>`
    select p.id, p.sku, p.slug, p.name, p.description, p.status, p.primary_category_id, p.category_tree_ids,
      p.attributes, p.images, p.variant_group, p.best_offer_id, p.best_price, p.best_old_price, p.best_currency,
      p.in_stock, p.created_at, p.updated_at,
      ${brandJson} as brand, ${categoryIds} as category_ids, ${tagsJson} as tags
    from products p
    where ${where} order by ${order} limit 1`.execute(ex);
  return r.rows[0];
}

/** id, SKU and status only: what other modules need to refer to a product. */
export async function findProductRef(ex: Executor, ref: string | number) {
  const { where, order } = refCondition(ref);
  const r = await sql<{ id: number; sku: string; status: ProductStatus }>`
    select p.id, p.sku, p.status from products p where ${where} order by ${order} limit 1`.execute(ex);
  return r.rows[0];
}

function toColumns(v: Partial<WritableProduct>) {
  const { attributes, images, ...rest } = v;
  return {
    ...rest,
    ...(attributes !== undefined ? { attributes: JSON.stringify(attributes) } : {}),
    ...(images !== undefined ? { images: JSON.stringify(images) } : {}),
  };
}

export async function insertProduct(ex: Executor, v: WritableProduct): Promise<number> {
  const row = await ex
    .insertInto('products')
    .values(toColumns(v) as WritableProduct & { attributes: string; images: string })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProduct(ex: Executor, id: number, v: Partial<WritableProduct>): Promise<void> {
  await ex
    .updateTable('products')
    .set({ ...(toColumns(v) as Record<string, unknown>), updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

/** Compare-and-set; false when the product no longer has status `from`. */
export async function setStatus(ex: Executor, id: number, from: ProductStatus, to: ProductStatus): Promise<boolean> {
  const r = await ex
    .updateTable('products')
    .set({ status: to, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteProduct(ex: Executor, id: number): Promise<void> {
  // product_categories and offers go by ON DELETE CASCADE; taggings are polymorphic (no FK)
  await ex.deleteFrom('taggings').where('entity_type', '=', 'product').where('entity_id', '=', id).execute();
  await ex.deleteFrom('products').where('id', '=', id).execute();
}

export async function replaceCategories(ex: Executor, productId: number, ids: number[], primaryId: number): Promise<void> {
  await ex.deleteFrom('product_categories').where('product_id', '=', productId).execute();
  await ex
    .insertInto('product_categories')
    .values(ids.map((category_id) => ({ product_id: productId, category_id, is_primary: category_id === primaryId })))
    .execute();
}

/** Serializes writers of one variant group, so two concurrent requests cannot both pass the conflict check. */
export async function lockVariantGroup(ex: Executor, group: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`variant_group:${group}`}, 0))`.execute(ex);
}

export async function variantSiblings(ex: Executor, group: string, exceptId: number | null) {
  let q = ex.selectFrom('products').select(['id', 'sku', 'attributes']).where('variant_group', '=', group);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return q.orderBy('id').execute();
}

// --- admin list ---

const ADMIN_SORT: Record<NonNullable<AdminListQuery['sort']>, string> = {
  id: 'p.id',
  name: 'p.name',
  price: 'p.best_price',
  updated_at: 'p.updated_at',
};

export async function listProducts(ex: Executor, q: AdminListQuery) {
  let base = ex.selectFrom('products as p').leftJoin('brands as b', 'b.id', 'p.brand_id');
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.category_id) base = base.where(sql<boolean>`p.category_tree_ids @> array[${q.category_id}]::integer[]`);
  if (q.brand) base = /^\d{1,9}$/.test(q.brand) ? base.where('p.brand_id', '=', Number(q.brand)) : base.where('b.slug', '=', q.brand);
  if (q.sku) base = base.where('p.sku', '=', q.sku);
  if (q.q) {
    const prefix = `${q.q.replace(/[\\%_]/g, '\\$&')}%`;
    base = base.where((eb) => eb.or([eb('p.name', 'ilike', prefix), eb('p.sku', 'like', prefix)]));
  }
  const dir = q.order === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const col = sql.raw(ADMIN_SORT[q.sort ?? 'id']);
  const [items, count] = await Promise.all([
    base
      .select([
        'p.id', 'p.sku', 'p.slug', 'p.name', 'p.status', 'p.primary_category_id', 'p.best_offer_id', 'p.best_price',
        'p.best_old_price', 'p.best_currency', 'p.in_stock', 'p.updated_at',
        sql<ProductRow['brand']>`${brandJson}`.as('brand'),
      ])
      .orderBy(sql`${col} ${dir} nulls last`)
      .orderBy(sql`p.id ${dir}`)
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    ex
      .selectFrom(base.select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('s'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, count: Number(count.n) };
}

// --- storefront ---

/** What the product card shows of the product row (and its brand, categories, tags, offers, variants). */
export interface CardRow extends Pick<ProductRow, 'id' | 'sku' | 'slug' | 'name' | 'description' | 'primary_category_id' | 'attributes'
  | 'images' | 'best_price' | 'best_old_price' | 'best_currency' | 'in_stock' | 'brand' | 'category_ids' | 'tags'> {
  offers: OfferForCard[];
  variants: { id: number; slug: string; name: string; attributes: Record<string, AttributeValue>; best_price: number | null; in_stock: boolean }[];
}

/**
 * The published products of `slugs` with everything the card shows except breadcrumbs and the matrix,
 * in no particular order (each card carries its slug).
 * A prepared statement on PostgreSQL: planning this query took longer than running it (0.6–0.8 ms
 * against 0.4 ms at 1M products). Each card comes back as ONE json column: node-postgres parses a
 * row description on every execution and runs a parser per column, and the card's columns were
 * mostly json already — one JSON.parse of one column costs the app less than twenty columns did
 * (the JSON keeps every JS type the card uses: bigint ids and prices are numbers here anyway).
 * Several slugs in one statement: the storefront asks for the cards of concurrent page misses
 * together (card-batch.ts, storefront.ts), one round trip and one pooled checkout for all of them.
 */
export async function findCards(database: Database, slugs: string[], offersJson: RawBuilder<OfferForCard[]>): Promise<CardRow[]> {
  const rows = await database.prepared<{ card: CardRow }>('products.find_cards', {
    ...cardsStatement(database, offersJson),
    parameters: [slugs],
  });
  return rows.map((r) => r.card);
}

// The statement's text depends only on the offers module's subselect: compiled once per subselect
// instead of on every card (kysely walks and prints the whole template at each compile).
const SLUGS_PLACEHOLDER: string[] = [];
const cardsStatements = new WeakMap<RawBuilder<OfferForCard[]>, CompiledQuery<{ card: CardRow }>>();
function cardsStatement(database: Database, offersJson: RawBuilder<OfferForCard[]>): CompiledQuery<{ card: CardRow }> {
  let compiled = cardsStatements.get(offersJson);
  if (!compiled) {
    compiled = sql<{ card: CardRow }>`
    select json_build_object(
      'id', p.id, 'sku', p.sku, 'slug', p.slug, 'name', p.name, 'description', p.description,
      'primary_category_id', p.primary_category_id, 'attributes', p.attributes, 'images', p.images,
      'best_price', p.best_price, 'best_old_price', p.best_old_price, 'best_currency', p.best_currency, 'in_stock', p.in_stock,
      'brand', ${brandJson}, 'category_ids', ${categoryIds}, 'tags', ${tagsJson}, 'offers', ${offersJson},
      'variants', case when p.variant_group is null then '[]'::json else coalesce((
        select json_agg(json_build_object('id', v.id, 'slug', v.slug, 'name', v.name, 'attributes', v.attributes,
          'best_price', v.best_price, 'in_stock', v.in_stock) order by v.id)
        from products v
        where v.variant_group = p.variant_group and v.status = 'published'), '[]'::json) end) as card
    from products p
    where p.slug = any(${SLUGS_PLACEHOLDER}::text[]) and p.status = 'published'`.compile(database.kysely);
    // the slugs are its only parameter: findCards passes each call's list in its place
    if (compiled.parameters.length !== 1 || compiled.parameters[0] !== SLUGS_PLACEHOLDER) throw new Error('products.find_cards: the slugs must be the only parameter');
    cardsStatements.set(offersJson, compiled);
  }
  return compiled;
}

/** One attribute filter: any of its alternatives matches (containment or a jsonpath predicate). */
export type AttributeCondition = ({ contains: Record<string, AttributeValue> } | { path: string })[];

// Over product_listing `l` (published only); `name` needs the product row and joins it.
const LISTING_ORDER: Record<ListingSort, RawBuilder<unknown>> = {
  price_asc: sql`l.best_price asc nulls last, l.product_id asc`,
  price_desc: sql`l.best_price desc nulls last, l.product_id desc`,
  newest: sql`l.product_id desc`,
  name: sql`p.name asc, l.product_id asc`,
};

export interface ListingRow {
  id: number;
  slug: string;
  name: string;
  brand: string | null;
  image: { url: string; alt?: string } | null;
  best_price: number | null;
  best_old_price: number | null;
  best_currency: string | null;
  in_stock: boolean;
}

/** The token strings of a condition when every alternative is one string/boolean value; else null. */
function conditionTokens(alts: AttributeCondition, tokens: TokenCache): string[] | null {
  const out: string[] = [];
  for (const a of alts) {
    if (!('contains' in a)) return null;
    const entries = Object.entries(a.contains);
    if (entries.length !== 1) return null;
    const [code, value] = entries[0]!;
    const strings = tokenValues(value);
    // a number, a range or a multi-value array is checked on the product row instead
    if (strings.length !== 1 || (Array.isArray(value) && value.length !== 1)) return null;
    out.push(tokens.token(code, strings[0]!));
  }
  return out;
}

const listingTokens = new TokenCache();

/**
 * A category page: the category and every single-value attribute filter become keys of one GIN
 * lookup on product_listing (see migrations/010_product_listing.ts); number and range filters, and
 * the name sort, join the product row for the candidates only. Then the page's 24 rows are read.
 */
export async function listCategoryProducts(
  ex: Executor,
  p: { categoryId: number; conditions: AttributeCondition[]; sort: ListingSort; limit: number; offset: number },
) {
  const required: string[] = [String(p.categoryId)];
  const anyOf: string[][] = [];
  const onRow: RawBuilder<unknown>[] = [];
  for (const alts of p.conditions) {
    const t = conditionTokens(alts, listingTokens);
    if (t && t.length === 1) required.push(t[0]!);
    else if (t) anyOf.push(t);
    else {
      const ors = alts.map((a) =>
        'contains' in a ? sql`p.attributes @> ${JSON.stringify(a.contains)}::jsonb` : sql`jsonb_path_exists(p.attributes, ${a.path}::jsonpath)`,
      );
      onRow.push(sql`(${sql.join(ors, sql` or `)})`);
    }
  }
  const parts: RawBuilder<unknown>[] = [sql`l.keys @> ${`{${required.join(',')}}`}::bigint[]`];
  for (const t of anyOf) parts.push(sql`l.keys && ${`{${t.join(',')}}`}::bigint[]`);
  parts.push(...onRow);
  const where = sql.join(parts, sql` and `);
  const join = onRow.length || p.sort === 'name' ? sql`join products p on p.id = l.product_id` : sql``;
  const countJoin = onRow.length ? sql`join products p on p.id = l.product_id` : sql``;
  const [page, count] = await Promise.all([
    sql<{ id: number }>`
      select l.product_id as id from product_listing l ${join}
      where ${where}
      order by ${LISTING_ORDER[p.sort]}
      limit ${p.limit} offset ${p.offset}`.execute(ex),
    sql<{ n: number }>`
      select count(*) as n from (select 1 from product_listing l ${countJoin} where ${where} limit ${COUNT_CAP + 1}) s`.execute(ex),
  ]);
  const ids = page.rows.map((r) => Number(r.id));
  if (!ids.length) return { items: [] as ListingRow[], count: Number(count.rows[0]!.n) };
  const rows = await sql<ListingRow>`
    select p.id, p.slug, p.name, ${brandName} as brand, p.images -> 0 as image,
      p.best_price, p.best_old_price, p.best_currency, p.in_stock
    from products p
    where p.id = any(${`{${ids.join(',')}}`}::bigint[])`.execute(ex);
  const byId = new Map(rows.rows.map((r) => [Number(r.id), r]));
  const items = ids.flatMap((id) => byId.get(id) ?? []);
  return { items, count: Number(count.rows[0]!.n) };
}

