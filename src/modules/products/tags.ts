// Tags shared by every taggable kind (products now, blog posts later) through one taggings table.
// Input is a tag name or slug; unknown tags are created on the fly.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { slugify } from './slug.js';

type Executor = Kysely<DB>;
export type TaggableKind = 'product' | 'post';

export interface TagWithCount {
  id: number;
  slug: string;
  name: string;
  products: number;
}

export interface TagsService {
  list(query: { q?: string; limit: number; offset: number }): Promise<{ items: TagWithCount[]; total: number; limit: number; offset: number }>;
}

/** Tags for the given names or slugs, created when missing, in input order without duplicates. */
export async function ensureTags(ex: Executor, inputs: string[], field = 'tags') {
  const wanted = new Map<string, string>(); // slug → name
  inputs.forEach((raw, i) => {
    const name = raw.trim().replace(/\s+/g, ' ');
    const slug = slugify(name, 100);
    if (!slug) throw new AppError('CATALOG_PRODUCT_INVALID', 'A tag needs letters or digits.', `${field}[${i}]`);
    if (!wanted.has(slug)) wanted.set(slug, name);
  });
  if (!wanted.size) return [];
  const slugs = [...wanted.keys()];
  await ex
    .insertInto('tags')
    .values(slugs.map((slug) => ({ slug, name: wanted.get(slug)! })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const rows = await ex.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', 'in', slugs).execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return slugs.map((s) => bySlug.get(s)!);
}

/** Makes the entity's tag set exactly `tagIds`. */
export async function setTaggings(ex: Executor, kind: TaggableKind, entityId: number, tagIds: number[]): Promise<void> {
  let del = ex.deleteFrom('taggings').where('entity_type', '=', kind).where('entity_id', '=', entityId);
  if (tagIds.length) del = del.where('tag_id', 'not in', tagIds);
  await del.execute();
  if (!tagIds.length) return;
  await ex
    .insertInto('taggings')
    .values(tagIds.map((tag_id) => ({ tag_id, entity_type: kind, entity_id: entityId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteTaggings(ex: Executor, kind: TaggableKind, entityId: number): Promise<void> {
  await ex.deleteFrom('taggings').where('entity_type', '=', kind).where('entity_id', '=', entityId).execute();
}

export function createTagsService(db: Executor): TagsService {
  return {
    async list({ q, limit, offset }) {
      let query = db.selectFrom('tags as t');
      if (q) {
        const prefix = `${q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
        query = query.where((eb) => eb.or([eb(eb.fn('lower', ['t.name']), 'like', prefix), eb('t.slug', 'like', prefix)]));
      }
      const [items, count] = await Promise.all([
        query
          .select([
            't.id',
            't.slug',
            't.name',
            sql<number>`(select count(*) from taggings g where g.tag_id = t.id and g.entity_type = 'product')`.as('products'),
          ])
          .orderBy('t.name')
          .orderBy('t.id')
          .limit(limit)
          .offset(offset)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map((r) => ({ ...r, products: Number(r.products) })), total: Number(count.n), limit, offset };
    },
  };
}
