// Классификатор → our catalog: Группы become the category tree (through the categories service),
// Свойства become attributes with their Справочник values as enum options (batched SQL in one
// transaction: a UT 11 classifier carries thousands of properties), ТипыЦен and Склады are kept
// for the offer files that refer to them.
import { codeOf, slugify } from '../../platform/text/slug.js';
import type { CmlGroup, CmlProperty, CmlPriceType, CmlWarehouse } from './parse-catalog.js';
import * as repo from './repository.js';
import type { ImportContext } from './report.js';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Справочник values are keyed per property: UT 11 reuses one value GUID in several properties. */
export const valueKey = (propertyId: string, valueId: string) => `${propertyId}/${valueId}`;

export async function importGroups(ctx: ImportContext, groups: CmlGroup[]): Promise<void> {
  const { categories } = ctx.services;
  const all: { g: CmlGroup; parent: string | null }[] = [];
  const walk = (gs: CmlGroup[], parent: string | null) => {
    for (const g of gs) {
      if (g.deleted) continue; // a group marked for deletion is not created; an existing one is kept (it may hold products)
      all.push({ g, parent });
      walk(g.children, g.id);
    }
  };
  walk(groups, null);
  const refs = await repo.refsOf(ctx.db, 'category', all.map((a) => a.g.id));
  for (const { g, parent } of all) {
    await ctx.tick();
    const parentId = parent ? refs.get(parent) ?? null : null;
    const name = (g.name || g.id).slice(0, 200);
    try {
      const known = refs.get(g.id);
      const existing = known !== undefined ? await categories.get(known).catch(() => null) : null;
      if (existing) {
        if (existing.name !== name) await categories.update(existing.id, { name });
        if (existing.parent_id !== parentId) await categories.move(existing.id, parentId);
        ctx.report.categories.updated++;
      } else {
        const created = await categories.create({ name, parent_id: parentId, ...(g.description ? { description: g.description } : {}) });
        refs.set(g.id, created.id);
        await repo.saveRefs(ctx.db, 'category', [[g.id, created.id]]);
        ctx.report.categories.created++;
      }
    } catch (e) {
      ctx.problem('group', g.id, e);
    }
  }
}

function attributeType(p: CmlProperty): 'text' | 'number' | 'enum' | 'multi_enum' {
  if (p.type === 'number') return 'number';
  if (p.type === 'reference' && p.values.length) return p.multiple ? 'multi_enum' : 'enum';
  return 'text';
}

/** Option labels are unique per attribute (case-insensitively); a repeated 1C value gets " (2)". */
function uniqueLabel(value: string, used: Set<string>): string {
  const base = value.slice(0, 190);
  let label = base;
  for (let n = 2; used.has(label.toLowerCase()); n++) label = `${base} (${n})`;
  used.add(label.toLowerCase());
  return label;
}

const optionCode = (valueId: string, used: Set<string>) => {
  let code = valueId.toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(code) || code.length > 64) code = slugify(valueId, 50) || 'v';
  let c = code;
  for (let n = 2; used.has(c); n++) c = `${code}-${n}`;
  used.add(c);
  return c;
};

export async function importProperties(ctx: ImportContext, props: CmlProperty[]): Promise<void> {
  const live = props.filter((p) => !p.deleted);
  if (!live.length) return;
  await ctx.db.transaction().execute(async (tx) => {
    const refs = await repo.refsOf(tx, 'attribute', live.map((p) => p.id));
    const known = await repo.attributesById(tx, [...new Set(refs.values())]);
    const taken = await repo.takenAttributeCodes(tx);
    const fresh: { p: CmlProperty; code: string; type: ReturnType<typeof attributeType> }[] = [];
    for (const p of live) {
      const id = refs.get(p.id);
      if (id !== undefined && known.has(id)) {
        await repo.renameAttribute(tx, id, p.name.slice(0, 200));
        ctx.report.attributes.updated++;
        continue;
      }
      const base = `cml_${codeOf(p.name, 40).replace(/^x_/, '')}`.slice(0, 56);
      let code = base;
      for (let n = 2; taken.has(code); n++) code = `${base}_${n}`;
      taken.add(code);
      fresh.push({ p, code, type: attributeType(p) });
    }
    const ids = await repo.insertAttributes(tx, fresh.map((f) => ({ code: f.code, name: f.p.name.slice(0, 200), type: f.type })));
    const newRefs: [string, number][] = fresh.map((f) => [f.p.id, ids.get(f.code)!]);
    await repo.saveRefs(tx, 'attribute', newRefs);
    ctx.report.attributes.created += fresh.length;
    for (const [ext, id] of newRefs) {
      refs.set(ext, id);
      const f = fresh.find((x) => x.p.id === ext)!;
      known.set(id, { id, code: f.code, type: f.type, options: [] });
    }

    // Справочник values: new ones are appended; existing options are never removed (products hold them)
    const valueRefs = await repo.refsOf(tx, 'attribute_value', live.flatMap((p) => p.values.map((v) => valueKey(p.id, v.id))));
    const options: { attribute_id: number; code: string; value: string; position: number; ext: string }[] = [];
    for (const p of live) {
      const attr = known.get(refs.get(p.id)!);
      if (!attr || (attr.type !== 'enum' && attr.type !== 'multi_enum')) continue;
      const labels = new Set(attr.options.map((o) => o.value.toLowerCase()));
      const codes = new Set(attr.options.map((o) => o.code));
      let position = attr.options.length;
      for (const v of p.values) {
        const key = valueKey(p.id, v.id);
        if (v.id === EMPTY_GUID || valueRefs.has(key)) continue;
        valueRefs.set(key, -1);
        options.push({ attribute_id: attr.id, code: optionCode(v.id, codes), value: uniqueLabel(v.value, labels), position: position++, ext: key });
      }
    }
    const optionIds = await repo.insertOptions(tx, options.map(({ ext: _e, ...o }) => o));
    await repo.saveRefs(tx, 'attribute_value', options.map((o) => [o.ext, optionIds.get(`${o.attribute_id}:${o.code}`)!]));
    ctx.report.attributes.options += options.length;
  });
  await ctx.services.attributes.invalidateMatrices();
}

export async function importPriceTypesAndWarehouses(ctx: ImportContext, types: CmlPriceType[], warehouses: CmlWarehouse[]) {
  await repo.upsertPriceTypes(ctx.db, types);
  if (!warehouses.length) return;
  const codes = await repo.warehouseCodes(ctx.db);
  const used = new Set(codes.values());
  const rows = warehouses.map((w) => ({ id: w.id, name: w.name || w.id, code: codes.get(w.id) ?? warehouseCode(w, used) }));
  await repo.upsertWarehouses(ctx.db, rows);
}

/** Our stock keys are ^[a-z0-9_-]{1,32}$: the transliterated name plus a piece of the GUID keeps them readable and unique. */
export function warehouseCode(w: CmlWarehouse, used: Set<string>): string {
  const hex = w.id.toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = slugify(w.name, 22);
  let code = name ? `${name}-${hex.slice(0, 8)}` : hex.slice(0, 32);
  if (!code) code = 'wh';
  for (let n = 2; used.has(code); n++) code = `${code.slice(0, 28)}-${n}`;
  used.add(code);
  return code;
}

export const isEmptyRef = (s: string) => s === EMPTY_GUID;
