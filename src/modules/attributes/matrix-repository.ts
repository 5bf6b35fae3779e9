// SQL of attribute matrices: a category's own entries and the effective (inherited) matrix.
import { sql, type Kysely } from 'kysely';
import type { AttributeType, DB } from '../../platform/db/schema.js';
import type { EntrySettings, OwnEntry } from './schemas.js';

type Q = Kysely<DB>;

/** ancestor_ids (root→self) of each existing category; missing ids are absent from the map. */
export async function categoryAncestors(db: Q, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('categories').select(['id', 'ancestor_ids']).where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, r.ancestor_ids);
  return out;
}

export function ownEntries(db: Q, categoryId: number): Promise<OwnEntry[]> {
  return db
    .selectFrom('category_attributes as ca')
    .innerJoin('attributes as a', 'a.id', 'ca.attribute_id')
    .select([
      'ca.attribute_id',
      'a.code as attribute_code',
      'ca.required',
      'ca.filterable',
      'ca.position',
      'ca.hidden',
    ])
    .where('ca.category_id', '=', categoryId)
    .orderBy(sql`coalesce(ca.position, a.position)`)
    .orderBy('a.position')
    .orderBy('a.code')
    .execute();
}

export interface EntryWrite extends EntrySettings {
  attribute_id: number;
}

const row = (categoryId: number, e: EntryWrite) => ({
  category_id: categoryId,
  attribute_id: e.attribute_id,
  required: e.required ?? null,
  filterable: e.filterable ?? null,
  position: e.position ?? null,
  hidden: e.hidden ?? false,
});

/** id of every attribute named by id or by code; unknown references are absent from the map. */
export async function resolveAttributeRefs(db: Q, refs: (number | string)[]): Promise<Map<number | string, number>> {
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const codes = refs.filter((r): r is string => typeof r === 'string');
  const out = new Map<number | string, number>();
  if (!refs.length) return out;
  const rows = await db
    .selectFrom('attributes')
    .select(['id', 'code'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(codes.length ? [eb('code', 'in', codes)] : [])]))
    .execute();
  for (const r of rows) {
    out.set(r.id, r.id);
    out.set(r.code, r.id);
  }
  return out;
}

export async function replaceEntries(db: Q, categoryId: number, entries: EntryWrite[]): Promise<void> {
  await db.deleteFrom('category_attributes').where('category_id', '=', categoryId).execute();
  if (entries.length) await db.insertInto('category_attributes').values(entries.map((e) => row(categoryId, e))).execute();
}

/** Inserts the entry, or changes only the settings the caller named. */
export async function upsertEntry(db: Q, categoryId: number, e: EntryWrite): Promise<void> {
  const named = Object.fromEntries(
    (['required', 'filterable', 'position', 'hidden'] as const).filter((k) => e[k] !== undefined).map((k) => [k, row(categoryId, e)[k]]),
  );
  await db
    .insertInto('category_attributes')
    .values(row(categoryId, e))
    .onConflict((oc) => (Object.keys(named).length ? oc.columns(['category_id', 'attribute_id']).doUpdateSet(named) : oc.doNothing()))
    .execute();
}

export async function deleteEntry(db: Q, categoryId: number, attributeId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('category_attributes')
    .where('category_id', '=', categoryId)
    .where('attribute_id', '=', attributeId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface EffectiveRow {
  category_id: number;
  attribute_id: number | null;
  required: boolean;
  filterable: boolean;
  position: number;
  source_category_id: number;
  code: string;
  name: string;
  name_en: string | null;
  type: AttributeType;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  pattern: string | null;
  searchable: boolean;
  variant_axis: boolean;
  group_id: number | null;
  attribute_position: number;
  /** the attribute's own defaults (required/filterable above are the effective settings) */
  attribute_required: boolean;
  attribute_filterable: boolean;
  options: { code: string; value: string; value_en: string | null; position: number }[] | null;
}

/**
 * The effective matrix of one category in one statement. Entries of every ancestor-or-self are
 * ranked by depth (array_position in ancestor_ids, root = 1); per attribute the deepest entry
 * decides visibility (hidden), each setting comes from the deepest entry where it is not NULL, then
 * from the attribute's defaults. The source is the shallowest entry below the deepest hide, i.e. the
 * category that (re-)introduced the attribute. Returns one row with attribute_id NULL for a category
 * without entries, and no row for an unknown category.
 */
// The inheritance rule, once: per attribute of the ancestors-or-self of category `c`, the settings
// that win. Used for one category (effectiveRows) and for all of them (allEffectiveSettings).
const inheritedEntries = sql`lateral (
      select e.attribute_id,
        (array_agg(e.required order by e.lvl desc) filter (where e.required is not null))[1] as required,
        (array_agg(e.filterable order by e.lvl desc) filter (where e.filterable is not null))[1] as filterable,
        (array_agg(e.position order by e.lvl desc) filter (where e.position is not null))[1] as position,
        (array_agg(e.category_id order by e.lvl) filter (where e.lvl > e.hidden_lvl))[1] as source_category_id
      from (
        select ca.*, array_position(c.ancestor_ids, ca.category_id) as lvl,
          coalesce(max(case when ca.hidden then array_position(c.ancestor_ids, ca.category_id) end)
                     over (partition by ca.attribute_id), 0) as hidden_lvl
        from category_attributes ca
        where ca.category_id = any(c.ancestor_ids)
      ) e
      group by e.attribute_id
      having not (array_agg(e.hidden order by e.lvl desc))[1]
    ) m`;

export async function effectiveRows(db: Q, categoryId: number): Promise<EffectiveRow[]> {
  const r = await sql<EffectiveRow>`
    select c.id as category_id, m.attribute_id,
      coalesce(m.required, a.required) as required,
      coalesce(m.filterable, a.filterable) as filterable,
      coalesce(m.position, a.position) as position,
      m.source_category_id,
      a.code, a.name, a.name_en, a.type, a.unit, a.min_value, a.max_value, a.pattern,
      a.required as attribute_required, a.filterable as attribute_filterable,
      a.searchable, a.variant_axis, a.group_id, a.position as attribute_position,
      (select json_agg(json_build_object('code', o.code, 'value', o.value, 'value_en', o.value_en, 'position', o.position)
                       order by o.position, o.id)
         from attribute_options o where o.attribute_id = a.id) as options
    from categories c
    left join ${inheritedEntries} on true
    left join attributes a on a.id = m.attribute_id
    where c.id = ${categoryId}
    order by coalesce(m.position, a.position), a.position, a.code`.execute(db);
  return r.rows;
}

export interface EffectiveSetting {
  category_id: number;
  attribute_id: number | null;
  required: boolean;
  filterable: boolean;
  position: number;
  source_category_id: number;
}

/** The effective settings of every category in one statement (the definitions come separately). */
export async function allEffectiveSettings(db: Q): Promise<EffectiveSetting[]> {
  const r = await sql<EffectiveSetting>`
    select c.id as category_id, m.attribute_id,
      coalesce(m.required, a.required) as required,
      coalesce(m.filterable, a.filterable) as filterable,
      coalesce(m.position, a.position) as position,
      m.source_category_id
    from categories c
    left join ${inheritedEntries} on true
    left join attributes a on a.id = m.attribute_id
    order by c.id, coalesce(m.position, a.position), a.position, a.code`.execute(db);
  return r.rows;
}

/** Every attribute definition with its options in display order. */
export type DefinitionRow = Omit<EffectiveRow, 'category_id' | 'position' | 'source_category_id' | 'attribute_required' | 'attribute_filterable'> & { attribute_id: number };

export async function allDefinitions(db: Q): Promise<DefinitionRow[]> {
  const r = await sql<DefinitionRow>`
    select a.id as attribute_id, a.code, a.name, a.name_en, a.type, a.unit, a.min_value, a.max_value, a.pattern,
      a.required, a.filterable, a.searchable, a.variant_axis, a.group_id, a.position as attribute_position,
      (select json_agg(json_build_object('code', o.code, 'value', o.value, 'value_en', o.value_en, 'position', o.position)
                       order by o.position, o.id)
         from attribute_options o where o.attribute_id = a.id) as options
    from attributes a`.execute(db);
  return r.rows;
}
