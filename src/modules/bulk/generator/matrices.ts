// Attributes and matrices of the generated catalog: departments carry their common attributes,
// sections (level 1) their profile's and a few of their own, product types add theirs, and the
// generated levels below mostly inherit, with an override or a hidden entry here and there.
import { Rng } from './prng.js';
import { codeOf } from './translit.js';
import { CORE_ATTRIBUTES, GROUPS, TEMPLATES, type AttrSpec } from './vocab-attributes.js';
import { PROFILES, ROOTS } from './vocab-categories.js';
import type { GenAttribute, GenCategory, GenMatrixEntry } from './structure.js';

function toAttribute(spec: AttrSpec, id: number, code: string, groupIds: Map<string, number>, position: number): GenAttribute {
  const options = (spec.options ?? '')
    .split('|')
    .filter(Boolean)
    .map((o) => {
      const [c, value, en] = o.split(':') as [string, string, string];
      return { code: c, value, value_en: en };
    });
  return {
    id,
    code,
    name: spec.name,
    name_en: spec.en,
    type: spec.type,
    unit: spec.unit ?? null,
    min_value: spec.min ?? null,
    max_value: spec.max ?? null,
    pattern: spec.pattern ?? null,
    filterable: !!spec.filterable,
    searchable: !!spec.searchable,
    variant_axis: !!spec.variant,
    group_id: groupIds.get(spec.group) ?? groupIds.get('extra')!,
    position,
    options,
    hint: spec.hint ?? {},
  };
}

export function buildAttributes(cats: GenCategory[], seed: number) {
  const groups = GROUPS.map(([code, name, en], i) => ({ id: i + 1, code, name, name_en: en, position: i }));
  const groupIds = new Map(groups.map((g) => [g.code, g.id]));
  const attributes: GenAttribute[] = [];
  const byCode = new Map<string, GenAttribute>();
  const define = (spec: AttrSpec, code = spec.code) => {
    const a = toAttribute(spec, attributes.length + 1, code, groupIds, attributes.length);
    attributes.push(a);
    byCode.set(code, a);
    return a;
  };
  // only the attributes some category uses are created, so small catalogs stay small
  const core = new Map(CORE_ATTRIBUTES.map((s) => [s.code, s]));
  const templates = new Map(TEMPLATES.map((s) => [s.code, s]));
  const coreAttr = (code: string) => byCode.get(code) ?? define(core.get(code) ?? fail(code));

  const matrix: GenMatrixEntry[] = [];
  const byCategory: MatrixIndex = new Map();
  const entry = (c: GenCategory, a: GenAttribute, e: Partial<GenMatrixEntry> = {}) => {
    const row = { category_id: c.id, attribute_id: a.id, required: null, filterable: null, position: null, hidden: false, ...e };
    matrix.push(row);
    const l = byCategory.get(c.id);
    if (l) l.push(row);
    else byCategory.set(c.id, [row]);
  };
  const own = new Map<number, GenAttribute[]>(); // section id → its template attributes

  for (const c of cats) {
    const rng = new Rng(seed, 11, c.id);
    if (c.depth === 0) {
      ROOTS[c.root]!.attrs.forEach((code, i) => entry(c, coreAttr(code), { position: i }));
    } else if (c.depth === 1) {
      const profile = PROFILES[c.profiles[0]!]!;
      const section = codeOf(c.name, 20);
      const instances: GenAttribute[] = [];
      const instance = (tpl: AttrSpec) => {
        const code = `${tpl.code}_${section}`;
        const a = byCode.get(code) ?? define(tpl, code);
        instances.push(a);
        return a;
      };
      profile.attrs.forEach((code, i) => {
        const a = code.startsWith('tpl:') ? instance(templates.get(code.slice(4)) ?? fail(code)) : coreAttr(code);
        entry(c, a, { position: 10 + i, required: profile.required?.includes(code) ? true : null });
      });
      // two attributes of the section's own
      const kind = profile.kind ?? 'tech';
      const pool = TEMPLATES.filter((t) => t.kinds?.includes(kind) && !profile.attrs.includes(`tpl:${t.code}`));
      for (const tpl of rng.sample(rng.shuffle(pool.slice()), 2)) entry(c, instance(tpl), { position: 40 + instances.length });
      own.set(c.id, instances);
    } else {
      const inherited = effectiveMatrix(c, byCategory, attributes);
      if (c.depth === 2 && c.profiles.length > 1) {
        // a product type with a profile of its own ("Пуховики" in clothing) adds that profile's attributes
        const p = PROFILES[c.profiles[c.profiles.length - 1]!]!;
        p.attrs.forEach((code, i) => {
          const a = code.startsWith('tpl:') ? undefined : coreAttr(code);
          if (a && !inherited.has(a.id)) entry(c, a, { position: 30 + i });
        });
      }
      // Product types (level 2) get their own entries often; the generated refinements below them
      // mostly inherit as they are, with an override or a hidden entry here and there.
      const often = c.depth === 2 ? 1 : 0.35;
      // overlap: a general attribute from another branch (purpose, eco packaging…) now and then
      if (rng.chance(0.25 * often)) {
        const a = coreAttr(rng.pick(['purpose', 'eco_package', 'operating_temperature', 'waterproof', 'material', 'set_pieces', 'style']));
        if (!inherited.has(a.id)) entry(c, a, { position: 60 });
      }
      // overrides deeper down: make an inherited attribute filterable here, or hide it for the subtree
      const inheritedList = [...inherited.values()].filter((e) => !e.required);
      if (inheritedList.length > 12 && rng.chance(0.12 * often)) {
        const victim = rng.pick(inheritedList);
        if (!byId(attributes, victim.attribute_id).variant_axis) entry(c, byId(attributes, victim.attribute_id), { hidden: true });
      } else if (inheritedList.length && rng.chance(0.2 * often)) {
        const e = rng.pick(inheritedList);
        entry(c, byId(attributes, e.attribute_id), { filterable: true, position: rng.int(5) });
      }
    }
  }
  // every product type offers 10–30 values: top up thin matrices with more of the section's attributes
  for (const c of cats) {
    if (c.children.length) continue;
    const eff = effectiveMatrix(c, byCategory, attributes);
    if (eff.size >= 16) continue;
    const sectionId = c.ancestor_ids[1];
    const rng = new Rng(seed, 12, c.id);
    const section = sectionId ? cats[sectionId - 1]! : c;
    const kind = PROFILES[section.profiles[0] ?? '']?.kind ?? 'tech';
    const extra = rng.shuffle(TEMPLATES.filter((t) => t.kinds?.includes(kind)));
    for (const tpl of extra) {
      if (eff.size >= 16) break;
      const code = `${tpl.code}_${codeOf(section.name, 20)}`;
      const a = byCode.get(code) ?? define(tpl, code);
      if (eff.has(a.id)) continue;
      entry(section, a, { position: 50 + eff.size });
      eff.set(a.id, { attribute_id: a.id, required: false, filterable: a.filterable, position: 50 });
    }
  }
  return { groups, attributes, matrix };
}

const fail = (code: string): never => {
  throw new Error(`generator vocabulary: unknown attribute ${code}`);
};
const byId = (attributes: GenAttribute[], id: number) => attributes[id - 1]!;

export interface EffectiveEntry {
  attribute_id: number;
  required: boolean;
  filterable: boolean;
  position: number;
}

export type MatrixIndex = Map<number, GenMatrixEntry[]>;

export function indexMatrix(matrix: GenMatrixEntry[]): MatrixIndex {
  const byCategory: MatrixIndex = new Map();
  for (const e of matrix) {
    const l = byCategory.get(e.category_id);
    if (l) l.push(e);
    else byCategory.set(e.category_id, [e]);
  }
  return byCategory;
}

/**
 * The generator's view of a category's effective matrix: entries from the root down, NULL settings
 * inherited from the nearest ancestor entry then the attribute's defaults, hidden removing the
 * attribute for the subtree. (The attributes module computes the authoritative one; products are
 * validated against it when loaded.)
 */
export function effectiveMatrix(c: GenCategory, byCategory: MatrixIndex, attributes: GenAttribute[]): Map<number, EffectiveEntry> {
  const out = new Map<number, EffectiveEntry>();
  for (const id of c.ancestor_ids) {
    for (const e of byCategory.get(id) ?? []) {
      if (e.hidden) {
        out.delete(e.attribute_id);
        continue;
      }
      const prev = out.get(e.attribute_id);
      const a = attributes[e.attribute_id - 1]!;
      out.set(e.attribute_id, {
        attribute_id: e.attribute_id,
        required: e.required ?? prev?.required ?? false,
        filterable: e.filterable ?? prev?.filterable ?? a.filterable,
        position: e.position ?? prev?.position ?? a.position,
      });
    }
  }
  return out;
}

