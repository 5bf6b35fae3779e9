// All SQL of the CMS module: pages, blog posts (tags through the shared taggings table, entity_type
// 'post'), blog categories and the redirects table.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export type Executor = Kysely<DB>;

const PAGE_COLUMNS = ['id', 'slug', 'title', 'body_html', 'meta_title', 'meta_description', 'status', 'position', 'created_at', 'updated_at'] as const;

export async function findPage(ex: Executor, ref: string | number) {
  let q = ex.selectFrom('cms_pages').select([...PAGE_COLUMNS]);
  q = typeof ref === 'number' ? q.where('id', '=', ref) : q.where('slug', '=', ref);
  return q.executeTakeFirst();
}

export async function listPages(ex: Executor, p: { status?: 'draft' | 'published'; limit: number; offset: number }) {
  let base = ex.selectFrom('cms_pages');
  if (p.status) base = base.where('status', '=', p.status);
  const [items, total] = await Promise.all([
    base.select([...PAGE_COLUMNS]).orderBy('position').orderBy('id').limit(p.limit).offset(p.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export interface PageWrite {
  slug: string;
  title: string;
  body_html: string;
  meta_title: string | null;
  meta_description: string | null;
  status: 'draft' | 'published';
  position: number;
}

export async function insertPage(ex: Executor, v: PageWrite) {
  return (await ex.insertInto('cms_pages').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePage(ex: Executor, id: number, v: Partial<PageWrite>) {
  await ex.updateTable('cms_pages').set({ ...v, updated_at: sql`now()` as never }).where('id', '=', id).execute();
}

export async function deletePage(ex: Executor, id: number) {
  return Number((await ex.deleteFrom('cms_pages').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

// --- blog ---

export interface PostRow {
  id: number;
  category_id: number | null;
  slug: string;
  title: string;
  excerpt: string | null;
  body_html: string;
  cover_image: string | null;
  meta_title: string | null;
  meta_description: string | null;
  status: 'draft' | 'published';
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  category: { id: number; slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
}

const postSelect = sql`p.id, p.category_id, p.slug, p.title, p.excerpt, p.body_html, p.cover_image, p.meta_title,
  p.meta_description, p.status, p.published_at, p.created_at, p.updated_at,
  case when c.id is null then null else json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) end as category,
  coalesce((select json_agg(json_build_object('slug', t.slug, 'name', t.name) order by t.name)
    from taggings g join tags t on t.id = g.tag_id
    where g.entity_type = 'post' and g.entity_id = p.id), '[]'::json) as tags`;

export async function findPost(ex: Executor, ref: string | number) {
  const where = typeof ref === 'number' ? sql`p.id = ${ref}` : sql`p.slug = ${ref}`;
  const r = await sql<PostRow>`select ${postSelect}
    from blog_posts p left join blog_categories c on c.id = p.category_id where ${where}`.execute(ex);
  return r.rows[0];
}

export interface PostFilter {
  published?: boolean;
  tag?: string;
  category?: string;
  limit: number;
  offset: number;
}

export async function listPosts(ex: Executor, f: PostFilter) {
  const parts = [sql`true`];
  if (f.published) parts.push(sql`p.status = 'published' and p.published_at <= now()`);
  if (f.tag) {
    parts.push(sql`exists (select 1 from taggings g join tags t on t.id = g.tag_id
      where g.entity_type = 'post' and g.entity_id = p.id and t.slug = ${f.tag})`);
  }
  if (f.category) parts.push(sql`c.slug = ${f.category}`);
  const where = sql.join(parts, sql` and `);
  const [items, total] = await Promise.all([
    sql<PostRow>`select ${postSelect} from blog_posts p left join blog_categories c on c.id = p.category_id
      where ${where} order by p.published_at desc nulls last, p.id desc limit ${f.limit} offset ${f.offset}`.execute(ex),
    sql<{ n: number }>`select count(*) as n from blog_posts p left join blog_categories c on c.id = p.category_id
      where ${where}`.execute(ex),
  ]);
  return { items: items.rows, total: Number(total.rows[0]!.n) };
}

export interface PostWrite {
  category_id: number | null;
  slug: string;
  title: string;
  excerpt: string | null;
  body_html: string;
  cover_image: string | null;
  meta_title: string | null;
  meta_description: string | null;
  status: 'draft' | 'published';
  published_at: Date | string | null;
}

export async function insertPost(ex: Executor, v: PostWrite) {
  return (await ex.insertInto('blog_posts').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePost(ex: Executor, id: number, v: Partial<PostWrite>) {
  await ex.updateTable('blog_posts').set({ ...v, updated_at: sql`now()` as never }).where('id', '=', id).execute();
}

export async function deletePost(ex: Executor, id: number) {
  await ex.deleteFrom('taggings').where('entity_type', '=', 'post').where('entity_id', '=', id).execute();
  return Number((await ex.deleteFrom('blog_posts').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

/** Replaces a post's tags, creating missing tags (shared with products) by slug. */
export async function setPostTags(ex: Executor, postId: number, tags: { slug: string; name: string }[]) {
  await ex.deleteFrom('taggings').where('entity_type', '=', 'post').where('entity_id', '=', postId).execute();
  if (!tags.length) return;
  await ex.insertInto('tags').values(tags).onConflict((oc) => oc.column('slug').doNothing()).execute();
  const ids = await ex.selectFrom('tags').select('id').where('slug', 'in', tags.map((t) => t.slug)).execute();
  await ex
    .insertInto('taggings')
    .values(ids.map((t) => ({ tag_id: t.id, entity_type: 'post' as const, entity_id: postId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findTag(ex: Executor, slug: string) {
  return ex.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

// --- blog categories ---

export async function listBlogCategories(ex: Executor) {
  return ex.selectFrom('blog_categories').select(['id', 'parent_id', 'slug', 'name']).orderBy('name').execute();
}

export async function findBlogCategory(ex: Executor, ref: string | number) {
  let q = ex.selectFrom('blog_categories').select(['id', 'parent_id', 'slug', 'name']);
  q = typeof ref === 'number' ? q.where('id', '=', ref) : q.where('slug', '=', ref);
  return q.executeTakeFirst();
}

export async function insertBlogCategory(ex: Executor, v: { slug: string; name: string; parent_id: number | null }) {
  return (await ex.insertInto('blog_categories').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBlogCategory(ex: Executor, id: number, v: Partial<{ slug: string; name: string; parent_id: number | null }>) {
  await ex.updateTable('blog_categories').set(v).where('id', '=', id).execute();
}

export async function deleteBlogCategory(ex: Executor, id: number) {
  return Number((await ex.deleteFrom('blog_categories').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

// --- redirects ---

export async function findRedirect(ex: Executor, paths: string[]) {
  // candidates come most specific first; the first one with a row wins
  const rows = await ex.selectFrom('redirects').select(['id', 'from_path', 'to_path', 'code']).where('from_path', 'in', paths).execute();
  for (const p of paths) {
    const hit = rows.find((r) => r.from_path === p);
    if (hit) return hit;
  }
  return undefined;
}

export async function countRedirectHit(ex: Executor, id: number) {
  await ex.updateTable('redirects').set({ hits: sql`hits + 1` }).where('id', '=', id).execute();
}

export async function listRedirects(ex: Executor, p: { limit: number; offset: number }) {
  const [items, total] = await Promise.all([
    ex.selectFrom('redirects').select(['id', 'from_path', 'to_path', 'code', 'hits', 'created_at']).orderBy('id').limit(p.limit).offset(p.offset).execute(),
    ex.selectFrom('redirects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function upsertRedirect(ex: Executor, v: { from_path: string; to_path: string; code: 301 | 302 | 308 }) {
  return ex
    .insertInto('redirects')
    .values(v)
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: v.to_path, code: v.code }))
    .returning(['id', 'from_path', 'to_path', 'code', 'hits', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteRedirect(ex: Executor, id: number) {
  return Number((await ex.deleteFrom('redirects').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

// --- sitemap sources ---

export async function publishedPageSlugs(ex: Executor) {
  return ex.selectFrom('cms_pages').select(['slug', 'updated_at']).where('status', '=', 'published').orderBy('position').execute();
}

export async function publishedPostSlugs(ex: Executor) {
  return ex
    .selectFrom('blog_posts')
    .select(['slug', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', '<=', sql<Date>`now()`)
    .orderBy('id')
    .execute();
}
