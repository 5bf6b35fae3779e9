// Loads a generated catalog's skeleton set-based: categories level by level, attribute groups,
// attributes, options, matrix entries, brands and tags, each as one COPY into a staging table and
// one INSERT … SELECT. Existing rows are matched by natural key (category path, attribute code, brand
// name, tag slug), so seeding twice adds nothing and seeding a non-empty catalog merges into it.
import { copyLine, type RawSession } from '../../platform/db/database.js';
import { slugify } from '../products/index.js';
import type { GeneratedCatalog } from './generator/index.js';

export interface StructureIds {
  /** generated category id → database id (index = generated id) */
  category: Int32Array;
  brand: Int32Array;
  tag: Int32Array;
  created: { categories: number; attributes: number; brands: number };
}

const arr = (ids: number[]) => `{${ids.join(',')}}`;

async function stage(s: RawSession, table: string, columns: string, rows: unknown[][]): Promise<void> {
  await s.query(`create temp table ${table} (${columns}) on commit drop`);
  let data = '';
  for (const r of rows) data += copyLine(r);
  if (data) await s.copyFrom(`copy ${table} from stdin`, data);
}

const mapOf = (size: number, rows: { gen_id: number; id: number }[]) => {
  const m = new Int32Array(size + 1);
  for (const r of rows) m[Number(r.gen_id)] = Number(r.id);
  return m;
};

/** Runs inside the caller's transaction. */
export async function loadStructure(s: RawSession, c: GeneratedCatalog): Promise<StructureIds> {
  // categories: parents first; an existing category with the same path is reused, a slug taken
  // elsewhere in the tree gets the generated id appended
  await stage(
    s,
    'seed_categories',
    'gen_id int, parent_gen_id int, slug text, name text, name_en text, depth int, position int',
    c.categories.map((x) => [x.id, x.parent_id, x.slug, x.name, x.name_en, x.depth, x.position]),
  );
  await s.query(`create temp table seed_category_map (gen_id int primary key, id int not null) on commit drop`);
  const before = Number((await s.query<{ n: number }>(`select count(*)::int as n from categories`))[0]!.n);
  const maxDepth = c.categories.reduce((m, x) => Math.max(m, x.depth), 0);
  for (let depth = 0; depth <= maxDepth; depth++) {
    await s.query(
      `insert into seed_category_map (gen_id, id)
       select s.gen_id, c.id
         from seed_categories s
         left join seed_category_map pm on pm.gen_id = s.parent_gen_id
         left join categories p on p.id = pm.id
         join categories c on c.path = coalesce(p.path || '/', '') || s.slug
        where s.depth = $1`,
      [depth],
    );
    await s.query(
      `with fresh as (
         select s.*, nextval(pg_get_serial_sequence('categories', 'id'))::int as id,
                p.id as parent_id, p.path as parent_path, p.ancestor_ids as parent_ancestors,
                case when exists (select 1 from categories x where x.slug = s.slug) then s.slug || '-' || s.gen_id else s.slug end as final_slug
           from seed_categories s
           left join seed_category_map pm on pm.gen_id = s.parent_gen_id
           left join categories p on p.id = pm.id
          where s.depth = $1 and not exists (select 1 from seed_category_map m where m.gen_id = s.gen_id)
       ), ins as (
         insert into categories (id, parent_id, slug, name, name_en, path, depth, position, ancestor_ids)
         select id, parent_id, final_slug, name, name_en, coalesce(parent_path || '/', '') || final_slug, depth,
                position + coalesce(after.next, 0), coalesce(parent_ancestors, '{}'::int[]) || id
           from fresh
           left join (select coalesce(parent_id, 0) as parent, max(position) + 1 as next from categories group by 1) after
             on after.parent = coalesce(fresh.parent_id, 0)
         returning id
       )
       insert into seed_category_map (gen_id, id) select gen_id, id from fresh`,
      [depth],
    );
  }
  const category = mapOf(c.categories.length, await s.query(`select gen_id, id from seed_category_map`));
  const createdCategories = Number((await s.query<{ n: number }>(`select count(*)::int as n from categories`))[0]!.n) - before;

  // attribute groups and attributes by code; options by (attribute, code)
  await stage(
    s,
    'seed_groups',
    'code text, name text, name_en text, position int',
    c.groups.map((g) => [g.code, g.name, g.name_en, g.position]),
  );
  await s.query(`insert into attribute_groups (code, name, name_en, position)
                 select code, name, name_en, position from seed_groups on conflict (code) do nothing`);
  const attrsBefore = Number((await s.query<{ n: number }>(`select count(*)::int as n from attributes`))[0]!.n);
  await stage(
    s,
    'seed_attributes',
    `code text, name text, name_en text, type text, unit text, min_value float8, max_value float8, pattern text,
     filterable bool, searchable bool, variant_axis bool, group_code text, position int`,
    c.attributes.map((a) => [
      a.code, a.name, a.name_en, a.type, a.unit, a.min_value, a.max_value, a.pattern, a.filterable, a.searchable,
      a.variant_axis, c.groups[a.group_id - 1]!.code, a.position,
    ]),
  );
  await s.query(`insert into attributes (code, name, name_en, type, unit, min_value, max_value, pattern, filterable,
                                         searchable, variant_axis, group_id, position)
                 select a.code, a.name, a.name_en, a.type, a.unit, a.min_value, a.max_value, a.pattern, a.filterable,
                        a.searchable, a.variant_axis, g.id, a.position
                   from seed_attributes a left join attribute_groups g on g.code = a.group_code
                 on conflict (code) do nothing`);
  const createdAttributes = Number((await s.query<{ n: number }>(`select count(*)::int as n from attributes`))[0]!.n) - attrsBefore;
  await stage(
    s,
    'seed_options',
    'attribute_code text, code text, value text, value_en text, position int',
    c.attributes.flatMap((a) => a.options.map((o, i) => [a.code, o.code, o.value, o.value_en, i])),
  );
  await s.query(`insert into attribute_options (attribute_id, code, value, value_en, position)
                 select a.id, o.code, o.value, o.value_en, o.position
                   from seed_options o join attributes a on a.code = o.attribute_code
                 on conflict (attribute_id, code) do nothing`);
  await stage(
    s,
    'seed_matrix',
    'category_id int, attribute_code text, required bool, filterable bool, position int, hidden bool',
    c.matrix.map((e) => [category[e.category_id], c.attributes[e.attribute_id - 1]!.code, e.required, e.filterable, e.position, e.hidden]),
  );
  await s.query(`insert into category_attributes (category_id, attribute_id, required, filterable, position, hidden)
                 select m.category_id, a.id, m.required, m.filterable, m.position, m.hidden
                   from seed_matrix m join attributes a on a.code = m.attribute_code
                 on conflict (category_id, attribute_id) do nothing`);

  // brands by name (case-insensitive) or slug, tags by slug — the products module's matching rules
  const brandsBefore = Number((await s.query<{ n: number }>(`select count(*)::int as n from brands`))[0]!.n);
  await stage(
    s,
    'seed_brands',
    'gen_id int, name text, slug text',
    c.brands.map((b) => [b.id, b.name, slugify(b.name, 100) || `brand-${b.id}`]),
  );
  await s.query(`insert into brands (name, slug)
                 select s.name, s.slug from seed_brands s
                  where not exists (select 1 from brands b where lower(b.name) = lower(s.name) or b.slug = s.slug)
                 on conflict do nothing`);
  const brand = mapOf(
    c.brands.length,
    await s.query(`select s.gen_id, (select b.id from brands b where lower(b.name) = lower(s.name) or b.slug = s.slug
                                     order by lower(b.name) = lower(s.name) desc limit 1) as id
                     from seed_brands s`),
  );
  const createdBrands = Number((await s.query<{ n: number }>(`select count(*)::int as n from brands`))[0]!.n) - brandsBefore;
  await stage(s, 'seed_tags', 'gen_id int, name text, slug text', c.tags.map((t) => [t.id, t.name, slugify(t.name, 100)]));
  await s.query(`insert into tags (slug, name) select slug, name from seed_tags on conflict (slug) do nothing`);
  const tag = mapOf(c.tags.length, await s.query(`select s.gen_id, t.id from seed_tags s join tags t on t.slug = s.slug`));
  return { category, brand, tag, created: { categories: createdCategories, attributes: createdAttributes, brands: createdBrands } };
}

/** Sorted union of the ancestors (inclusive) of a product's categories, as a PostgreSQL array literal. */
export function treeLiteral(c: GeneratedCatalog, ids: StructureIds, categoryIds: number[]): string {
  const set = new Set<number>();
  for (const id of categoryIds) for (const a of c.categories[id - 1]!.ancestor_ids) set.add(ids.category[a]!);
  return arr([...set].sort((a, b) => a - b));
}
