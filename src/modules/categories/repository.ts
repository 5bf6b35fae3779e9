// All SQL of the categories module. Subtree rewrites are single set-based statements keyed on
// the GIN index of ancestor_ids, so moving a branch of 10,000 nodes is one UPDATE, not 10,000.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { CategoriesTable, DB } from '../../platform/db/schema.js';
import type { Breadcrumb, Category, ListCategoriesQuery, TreeNode } from './types.js';

type Q = Kysely<DB>;
type Row = Selectable<CategoriesTable>;

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

export function toCategory(r: Row): Category {
  return {
    id: r.id,
    parent_id: r.parent_id,
    slug: r.slug,
    name: r.name,
    name_en: r.name_en,
    description: r.description,
    path: r.path,
    depth: r.depth,
    position: r.position,
    ancestor_ids: r.ancestor_ids.map(Number),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

const subtreeOf = (id: number) => sql<boolean>`ancestor_ids @> array[${id}::int]`;

export const categoriesRepo = {
  /** Serializes tree writes: concurrent moves could otherwise build a cycle neither saw. */
  async lockTree(q: Q): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('vitrina.categories.tree'))`.execute(q);
  },

  async byId(q: Q, id: number): Promise<Category | null> {
    const r = await q.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCategory(r) : null;
  },

  async bySlug(q: Q, slug: string): Promise<Category | null> {
    const r = await q.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r ? toCategory(r) : null;
  },

  async byPath(q: Q, path: string): Promise<Category | null> {
    const r = await q.selectFrom('categories').selectAll().where('path', '=', path).executeTakeFirst();
    return r ? toCategory(r) : null;
  },

  async byIds(q: Q, ids: number[]): Promise<Category[]> {
    if (!ids.length) return [];
    const rows = await q.selectFrom('categories').selectAll().where('id', 'in', ids).execute();
    return rows.map(toCategory);
  },

  async slugExists(q: Q, slug: string): Promise<boolean> {
    return !!(await q.selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirst());
  },

  /** Slugs equal to `base` or of the form `base-N` (slugs hold no regex metacharacters). */
  async slugsWithStem(q: Q, base: string): Promise<string[]> {
    const rows = await q
      .selectFrom('categories')
      .select('slug')
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', '~', `^${base}-[0-9]+$`)]))
      .execute();
    return rows.map((r) => r.slug);
  },

  async countChildren(q: Q, parentId: number | null, exceptId?: number): Promise<number> {
    let qb = q.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n'));
    qb = parentId === null ? qb.where('parent_id', 'is', null) : qb.where('parent_id', '=', parentId);
    if (exceptId !== undefined) qb = qb.where('id', '<>', exceptId);
    return Number((await qb.executeTakeFirstOrThrow()).n);
  },

  /**
   * Renumbers the children of `parentId` densely from 0 in their current order, leaving position
   * `gapAt` free (for a node being inserted or moved there); `exceptId` is left out of the count.
   */
  async renumberSiblings(q: Q, parentId: number | null, gapAt: number | null, exceptId?: number): Promise<void> {
    const gap = gapAt ?? 2147483647;
    const except = exceptId ?? 0;
    const parentCond = parentId === null ? sql`parent_id is null` : sql`parent_id = ${parentId}`;
    await sql`
      update categories c
         set position = s.rn + case when s.rn >= ${gap}::int then 1 else 0 end
        from (select id, (row_number() over (order by position, id) - 1)::int as rn
                from categories where ${parentCond} and id <> ${except}::int) s
       where c.id = s.id and c.position <> s.rn + case when s.rn >= ${gap}::int then 1 else 0 end`.execute(q);
  },

  async insert(
    q: Q,
    v: { parent: Category | null; slug: string; name: string; name_en: string | null; description: string | null; position: number },
  ): Promise<Category> {
    const path = v.parent ? `${v.parent.path}/${v.slug}` : v.slug;
    const depth = v.parent ? v.parent.depth + 1 : 0;
    // The new id is drawn first so ancestor_ids (inclusive of self) is right in the same statement.
    const { rows } = await sql<Row>`
      with nid as (select nextval(pg_get_serial_sequence('categories', 'id'))::int as id)
      insert into categories (id, parent_id, slug, name, name_en, description, path, depth, position, ancestor_ids)
      select nid.id, ${v.parent?.id ?? null}::int, ${v.slug}, ${v.name}, ${v.name_en}, ${v.description},
             ${path}, ${depth}::int, ${v.position}::int,
             coalesce((select ancestor_ids from categories where id = ${v.parent?.id ?? null}::int), '{}'::int[]) || nid.id
        from nid
      returning *`.execute(q);
    return toCategory(rows[0]!);
  },

  async updateFields(
    q: Q,
    id: number,
    patch: { name?: string; name_en?: string | null; description?: string | null; position?: number },
  ): Promise<void> {
    await q
      .updateTable('categories')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  },

  /** New slug for `node`; the path of the node and every descendant is rewritten in one statement. */
  async changeSlug(q: Q, node: Category, slug: string): Promise<void> {
    const newPath = node.path.slice(0, node.path.length - node.slug.length) + slug;
    await sql`
      update categories
         set slug = case when id = ${node.id}::int then ${slug} else slug end,
             path = ${newPath} || substr(path, ${node.path.length + 1}::int),
             updated_at = now()
       where ${subtreeOf(node.id)}`.execute(q);
  },

  /** Re-roots the subtree of `node` under `parent` (null = top level): parent_id, path, depth, ancestor_ids. */
  async moveSubtree(q: Q, node: Category, parent: Category | null, position: number): Promise<void> {
    const prefix = parent ? `${parent.path}/` : '';
    const oldPrefixLen = node.path.length - node.slug.length;
    const depthShift = (parent ? parent.depth + 1 : 0) - node.depth;
    const parentAncestors = parent ? parent.ancestor_ids : [];
    await sql`
      update categories
         set parent_id = case when id = ${node.id}::int then ${parent?.id ?? null}::int else parent_id end,
             position = case when id = ${node.id}::int then ${position}::int else position end,
             path = ${prefix} || substr(path, ${oldPrefixLen + 1}::int),
             depth = depth + ${depthShift}::int,
             ancestor_ids = ${sql.val(`{${parentAncestors.join(',')}}`)}::int[] || ancestor_ids[${node.depth + 1}::int : array_length(ancestor_ids, 1)],
             updated_at = now()
       where ${subtreeOf(node.id)}`.execute(q);
  },

  async hasProducts(q: Q, id: number): Promise<boolean> {
    const { rows } = await sql<{ yes: boolean }>`
      select exists (select 1 from product_categories where category_id = ${id}::int)
          or exists (select 1 from products where category_tree_ids @> array[${id}::int]) as yes`.execute(q);
    return !!rows[0]?.yes;
  },

  /**
   * Recomputes products.category_tree_ids (union of ancestor_ids of all the product's categories,
   * sorted) for the products `affected` selects. While a category `from` is being replaced by `to`,
   * its links count as `to`.
   */
  async recomputeTreeIds(q: Q, affected: RawBuilder<unknown>, replace?: { from: number; to: number }): Promise<number> {
    const from = replace?.from ?? null;
    const to = replace?.to ?? null;
    const res = await sql`
      with affected as (${affected}),
      cats as (
        select pc.product_id, pc.category_id
          from product_categories pc join affected a on a.product_id = pc.product_id
        union
        select p.id, p.primary_category_id from products p join affected a on a.product_id = p.id
      ),
      trees as (
        select cats.product_id, array_agg(distinct anc order by anc) as tree
          from cats
          join categories c
            on c.id = case when cats.category_id = ${from}::int then ${to}::int else cats.category_id end
          cross join lateral unnest(c.ancestor_ids) as anc
         group by cats.product_id
      )
      update products p set category_tree_ids = trees.tree, updated_at = now()
        from trees
       where p.id = trees.product_id and p.category_tree_ids is distinct from trees.tree`.execute(q);
    return Number(res.numAffectedRows ?? 0);
  },

  /** Products linked to any category of the subtree of `id` (by link table or by tree ids). */
  productsInSubtree(id: number) {
    return sql`
      select pc.product_id from product_categories pc
       where pc.category_id in (select id from categories where ${subtreeOf(id)})
      union
      select p.id from products p where p.category_tree_ids @> array[${id}::int]`;
  },

  /**
   * Moves every product of `from` to `to`: links are merged (a product already in `to` keeps one
   * link, primary if either was), primary_category_id follows, tree ids are recomputed. Returns
   * the number of products moved. `from` must have no child categories.
   */
  async reassignProducts(q: Q, from: number, to: number): Promise<number> {
    const affected = categoriesRepo.productsInSubtree(from);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${affected}) a`.execute(q);
    await sql`
      insert into product_categories (product_id, category_id, is_primary)
      select product_id, ${to}::int, is_primary from product_categories where category_id = ${from}::int
      on conflict (product_id, category_id)
      do update set is_primary = product_categories.is_primary or excluded.is_primary`.execute(q);
    await sql`
      update products set primary_category_id = ${to}::int, updated_at = now()
       where id in (${affected}) and primary_category_id = ${from}::int`.execute(q);
    // still before the old links go, so `affected` finds the same products
    await categoriesRepo.recomputeTreeIds(q, affected, { from, to });
    await sql`delete from product_categories where category_id = ${from}::int`.execute(q);
    return Number(rows[0]?.n ?? 0);
  },

  async deleteById(q: Q, id: number): Promise<void> {
    await q.deleteFrom('categories').where('id', '=', id).execute();
  },

  async list(q: Q, f: ListCategoriesQuery): Promise<{ items: Category[]; total: number }> {
    let base = q.selectFrom('categories');
    if (f.parent_id !== undefined) {
      base = f.parent_id === 0 ? base.where('parent_id', 'is', null) : base.where('parent_id', '=', f.parent_id);
    }
    if (f.depth !== undefined) base = base.where('depth', '=', f.depth);
    if (f.q) {
      const prefix = `${f.q.replace(/[\\%_]/g, '\\$&')}%`;
      base = base.where((eb) => eb.or([eb('name', 'ilike', prefix), eb('name_en', 'ilike', prefix)]));
    }
    const ordered =
      f.parent_id !== undefined
        ? base.orderBy('position').orderBy('id')
        : f.q
          ? base.orderBy('name').orderBy('id')
          : base.orderBy('path');
    const [rows, count] = await Promise.all([
      ordered.selectAll().limit(f.limit).offset(f.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toCategory), total: Number(count.n) };
  },

  /** Rows of the tree (optionally one subtree, down to an absolute depth), in no particular order. */
  async treeRows(q: Q, root: number | null, maxDepth: number | null): Promise<TreeNode[]> {
    let qb = q
      .selectFrom('categories')
      .select(['id', 'parent_id', 'slug', 'name', 'name_en', 'path', 'depth', 'position']);
    if (root !== null) qb = qb.where(subtreeOf(root));
    if (maxDepth !== null) qb = qb.where('depth', '<=', maxDepth);
    return qb.execute();
  },

  async breadcrumbs(q: Q, ancestorIds: number[]): Promise<Breadcrumb[]> {
    if (!ancestorIds.length) return [];
    return q
      .selectFrom('categories')
      .select(['id', 'name', 'slug', 'path'])
      .where('id', 'in', ancestorIds)
      .orderBy('depth')
      .execute();
  },
};
