// Every category's effective matrix in memory, built with two set-based statements. A storefront
// reads matrices for random categories (a 1M-product catalog spans 9,000 of them), so per-category
// caching alone misses on most first reads; the snapshot answers them all from memory. Entries of
// all categories share one definition object per attribute, which keeps 9,000 matrices in a few MB.
import type { Kysely } from 'kysely';
import type { Namespace } from '../../platform/cache/index.js';
import { generationSnapshot } from '../../platform/cache/snapshot.js';
import type { DB } from '../../platform/db/schema.js';
import type { AttributeDefinition, EffectiveMatrix } from './matrix-types.js';
import * as repo from './matrix-repository.js';

export interface MatrixSnapshot {
  /** the category's matrix when a current snapshot holds it; otherwise starts a rebuild and returns undefined */
  get(categoryId: number): Promise<EffectiveMatrix | undefined>;
  /** builds now (used at start-up so the first buyers already hit memory) */
  build(): Promise<void>;
}

export function toDefinition(r: repo.DefinitionRow): AttributeDefinition {
  return {
    id: r.attribute_id,
    code: r.code,
    name: r.name,
    name_en: r.name_en,
    type: r.type,
    unit: r.unit,
    min_value: r.min_value,
    max_value: r.max_value,
    pattern: r.pattern,
    required: r.required,
    filterable: r.filterable,
    searchable: r.searchable,
    variant_axis: r.variant_axis,
    group_id: r.group_id,
    position: r.attribute_position,
    options: r.options ?? [],
  };
}

/** Every category's effective matrix, from two set-based statements. */
export async function loadAllMatrices(db: Kysely<DB>): Promise<Map<number, EffectiveMatrix>> {
  const [defs, settings] = await Promise.all([repo.allDefinitions(db), repo.allEffectiveSettings(db)]);
  const byId = new Map(defs.map((d) => [d.attribute_id, toDefinition(d)]));
  const byCategory = new Map<number, EffectiveMatrix>();
  for (const s of settings) {
    let m = byCategory.get(s.category_id);
    if (!m) byCategory.set(s.category_id, (m = { category_id: s.category_id, entries: [] }));
    const attribute = s.attribute_id === null ? undefined : byId.get(s.attribute_id);
    if (!attribute) continue;
    m.entries.push({
      attribute,
      required: s.required,
      filterable: s.filterable,
      position: s.position,
      source_category_id: s.source_category_id,
    });
  }
  return byCategory;
}

export function createMatrixSnapshot(db: Kysely<DB>, ns: Namespace, onError: (err: unknown) => void): MatrixSnapshot {
  const snap = generationSnapshot(ns, () => loadAllMatrices(db), onError);
  return {
    get: async (categoryId) => (await snap.current())?.get(categoryId),
    build: () => snap.build(),
  };
}
