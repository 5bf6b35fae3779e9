// Attribute matrices: per-category entries, inheritance, the product conflict rule and caching.
import type { Namespace } from '../../platform/cache/index.js';
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { EffectiveMatrix, MatrixEntry } from './matrix-types.js';
import { compileMatrixValidator, type MatrixValidator } from './validate.js';
import { createMatrixSnapshot, toDefinition } from './matrix-snapshot.js';
import * as repo from './matrix-repository.js';
import type { EntryInput, EntrySettings, OwnEntry } from './schemas.js';

/** "12" and 12 name attribute 12; anything else is a code. */
export const normalizeRef = (ref: number | string): number | string =>
  typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : ref;

/**
 * The effective matrix of a product in several categories. Rule (also in docs/catalog.md):
 * the union of the effective matrices of all the product's categories;
 * - an attribute in the primary category's matrix keeps the primary category's settings
 *   (required, position), except that
 * - filterable is true if it is true in any of the categories;
 * - an attribute found only in secondary categories is allowed but never required; it takes the
 *   settings of the first secondary category (by ascending id) that has it, and is placed after all
 *   primary entries (positions renumbered to follow the primary's last position, in that order).
 * Secondary categories are taken in ascending id order so the result does not depend on the order
 * the caller lists them in (and the cache key can be the sorted ids).
 */
export function mergeProductMatrix(primary: EffectiveMatrix, secondaries: EffectiveMatrix[]): EffectiveMatrix {
  const entries: MatrixEntry[] = primary.entries.map((e) => ({ ...e }));
  const byId = new Map(entries.map((e) => [e.attribute.id, e]));
  let next = entries.reduce((max, e) => Math.max(max, e.position), -1) + 1;
  for (const m of [...secondaries].sort((a, b) => a.category_id - b.category_id)) {
    for (const e of m.entries) {
      const have = byId.get(e.attribute.id);
      if (have) {
        have.filterable ||= e.filterable;
        continue;
      }
      const added = { ...e, required: false, position: next++ };
      entries.push(added);
      byId.set(e.attribute.id, added);
    }
  }
  return { category_id: primary.category_id, entries };
}

const MAX_VALIDATORS = 5000;

export function createMatrixService(deps: PlatformDeps, ns: Namespace) {
  const db = deps.db.kysely;
  // Compiled validators by namespace key: the key embeds the cache generation, so any invalidation
  // (here, or by another process through Redis) makes stale validators unreachable.
  const validators = new Map<string, MatrixValidator>();
  const snapshot = createMatrixSnapshot(db, ns, (err) => deps.log.warn({ err }, 'matrix snapshot build failed'));

  /** After every change to definitions, options, groups or entries: immediate, for every process. */
  async function invalidate(): Promise<void> {
    validators.clear();
    await ns.invalidate();
  }

  async function load(categoryId: number, field?: string): Promise<EffectiveMatrix> {
    const rows = await repo.effectiveRows(db, categoryId);
    if (!rows.length) throw new AppError('CATALOG_CATEGORY_NOT_FOUND', `No category with id ${categoryId}.`, field);
    const entries: MatrixEntry[] = [];
    for (const r of rows) {
      if (r.attribute_id === null) continue;
      // the same definition object the snapshot builds: the attribute's own defaults, not the category's
      const attribute = toDefinition({ ...r, attribute_id: r.attribute_id, required: r.attribute_required, filterable: r.attribute_filterable });
      entries.push({ attribute, required: r.required, filterable: r.filterable, position: r.position, source_category_id: r.source_category_id });
    }
    return { category_id: categoryId, entries };
  }

  const categoryKey = (id: number) => `c:${id}`;
  const productKey = (primary: number, others: number[]) => `p:${primary}:${others.join(',')}`;
  const othersOf = (primary: number, ids: number[]) =>
    [...new Set(ids)].filter((id) => id !== primary).sort((a, b) => a - b);

  async function effectiveMatrix(categoryId: number, field?: string): Promise<EffectiveMatrix> {
    return (await snapshot.get(categoryId)) ?? ns.getOrLoad(categoryKey(categoryId), () => load(categoryId, field));
  }

  async function productMatrix(primaryCategoryId: number, categoryIds: number[]): Promise<EffectiveMatrix> {
    const others = othersOf(primaryCategoryId, categoryIds);
    if (!others.length) return effectiveMatrix(primaryCategoryId, 'primary_category_id');
    const primary = await snapshot.get(primaryCategoryId);
    if (primary) {
      // from memory, merging is cheaper than a cache round trip
      const secondaries: EffectiveMatrix[] = [];
      for (const id of others) secondaries.push(await effectiveMatrix(id, 'category_ids'));
      return mergeProductMatrix(primary, secondaries);
    }
    return ns.getOrLoad(productKey(primaryCategoryId, others), async () => {
      const primary = await effectiveMatrix(primaryCategoryId, 'primary_category_id');
      const secondaries: EffectiveMatrix[] = [];
      for (const id of others) secondaries.push(await effectiveMatrix(id, 'category_ids'));
      return mergeProductMatrix(primary, secondaries);
    });
  }

  async function validatorFor(primaryCategoryId: number, categoryIds: number[]): Promise<MatrixValidator> {
    const others = othersOf(primaryCategoryId, categoryIds);
    const key = await ns.key(others.length ? productKey(primaryCategoryId, others) : categoryKey(primaryCategoryId));
    const hit = validators.get(key);
    if (hit) return hit;
    const v = compileMatrixValidator(await productMatrix(primaryCategoryId, categoryIds));
    if (validators.size >= MAX_VALIDATORS) validators.clear();
    validators.set(key, v);
    return v;
  }

  async function requireCategory(categoryId: number): Promise<void> {
    if (!(await repo.categoryAncestors(db, [categoryId])).has(categoryId)) {
      throw new AppError('CATALOG_CATEGORY_NOT_FOUND', `No category with id ${categoryId}.`);
    }
  }

  async function resolve(q: typeof db, refs: (number | string)[], field: (i: number) => string): Promise<number[]> {
    const norm = refs.map(normalizeRef);
    const found = await repo.resolveAttributeRefs(q, norm);
    return norm.map((r, i) => {
      const id = found.get(r);
      if (id === undefined) throw new AppError('CATALOG_ATTRIBUTE_NOT_FOUND', `No attribute with id or code "${r}".`, field(i));
      return id;
    });
  }

  return {
    effectiveMatrix: (categoryId: number) => effectiveMatrix(categoryId),
    /** loads every category's matrix into memory (the server calls it at start-up) */
    warm: () => snapshot.build(),
    productMatrix,
    validatorFor,

    async categoryMatrix(categoryId: number): Promise<OwnEntry[]> {
      await requireCategory(categoryId);
      return repo.ownEntries(db, categoryId);
    },

    /** Replaces the category's own entries (inherited ones are untouched; hide them with hidden=true). */
    async setCategoryMatrix(categoryId: number, entries: EntryInput[]): Promise<OwnEntry[]> {
      await requireCategory(categoryId);
      const result = await db.transaction().execute(async (tx) => {
        const ids = await resolve(tx, entries.map((e) => e.attribute), (i) => `entries[${i}].attribute`);
        const seen = new Set<number>();
        ids.forEach((id, i) => {
          if (seen.has(id)) throw new AppError('VALIDATION_FAILED', 'The attribute is listed twice.', `entries[${i}].attribute`);
          seen.add(id);
        });
        await repo.replaceEntries(tx, categoryId, entries.map(({ attribute: _, ...s }, i) => ({ ...s, attribute_id: ids[i]! })));
        return repo.ownEntries(tx, categoryId);
      });
      await invalidate();
      return result;
    },

    /** Adds the entry or changes the settings named in `settings` (null = inherit again). */
    async upsertCategoryEntry(categoryId: number, attribute: number | string, settings: EntrySettings): Promise<OwnEntry> {
      await requireCategory(categoryId);
      const result = await db.transaction().execute(async (tx) => {
        const [id] = await resolve(tx, [attribute], () => 'attribute');
        await repo.upsertEntry(tx, categoryId, { ...settings, attribute_id: id! });
        return (await repo.ownEntries(tx, categoryId)).find((e) => e.attribute_id === id)!;
      });
      await invalidate();
      return result;
    },

    async removeCategoryEntry(categoryId: number, attribute: number | string): Promise<void> {
      await requireCategory(categoryId);
      const [id] = await resolve(db, [attribute], () => 'attribute');
      if (!(await repo.deleteEntry(db, categoryId, id!))) {
        throw new AppError('CATALOG_ATTRIBUTE_NOT_FOUND', `Category ${categoryId} has no own entry for "${attribute}".`, 'attribute');
      }
      await invalidate();
    },

    invalidate,
  };
}

export type MatrixService = ReturnType<typeof createMatrixService>;
