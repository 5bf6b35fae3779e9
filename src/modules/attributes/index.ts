// Public API of the attributes module: typed attribute definitions, display groups, per-category
// attribute matrices with inheritance, and the compiled validators other modules check values with.
import type { PlatformDeps } from '../../platform/context.js';
import type { CategoriesService } from '../categories/index.js';
import { matrixCache } from './events.js';
import { createMatrixService } from './matrix-service.js';
import type { EffectiveMatrix } from './matrix-types.js';
import type {
  AttributeCreate,
  AttributeGroup,
  AttributeListQuery,
  AttributePatch,
  EntryInput,
  EntrySettings,
  GroupCreate,
  GroupPatch,
  OptionInput,
  OptionPatch,
  OwnEntry,
} from './schemas.js';
import { createDefinitionsService, type Attribute, type AttributePage } from './service.js';
import type { MatrixValidator } from './validate.js';

export type { Attribute, AttributePage } from './service.js';
export type {
  AttributeCreate,
  AttributeGroup,
  AttributeListQuery,
  AttributePatch,
  EntryInput,
  EntrySettings,
  GroupCreate,
  GroupPatch,
  OptionInput,
  OptionPatch,
  OwnEntry,
} from './schemas.js';
export type { AttributeDefinition, AttributeOption, EffectiveMatrix, MatrixEntry } from './matrix-types.js';
export {
  compileMatrixValidator,
  type AttributeProblem,
  type MatrixValidator,
  type ValidationOutcome,
} from './validate.js';
export { mergeProductMatrix } from './matrix-service.js';
export { MATRIX_CACHE_NAMESPACE, matrixCache } from './events.js';
export { attributesRoutes } from './routes.js';

/** `ref` is an attribute id (number or digits) or its code. */
export interface AttributesService {
  /** The category's matrix after inheritance (cached). Throws CATALOG_CATEGORY_NOT_FOUND. */
  effectiveMatrix(categoryId: number): Promise<EffectiveMatrix>;
  /** Loads every category's matrix into memory now (the server calls it at start-up). */
  warm(): Promise<void>;
  /** A product's matrix across its categories (cached); conflict rule in docs/catalog.md. */
  productMatrix(primaryCategoryId: number, categoryIds: number[]): Promise<EffectiveMatrix>;
  /** Compiled validator of productMatrix(), memoized in-process per cache generation. */
  validatorFor(primaryCategoryId: number, categoryIds: number[]): Promise<MatrixValidator>;

  get(ref: number | string): Promise<Attribute>;
  getByCode(code: string): Promise<Attribute>;
  list(query: AttributeListQuery): Promise<AttributePage>;
  create(input: AttributeCreate): Promise<Attribute>;
  update(ref: number | string, patch: AttributePatch): Promise<Attribute>;
  remove(ref: number | string): Promise<void>;
  addOption(ref: number | string, option: OptionInput): Promise<Attribute>;
  updateOption(ref: number | string, code: string, patch: OptionPatch): Promise<Attribute>;
  removeOption(ref: number | string, code: string): Promise<Attribute>;

  groups: {
    list(): Promise<AttributeGroup[]>;
    get(id: number): Promise<AttributeGroup>;
    create(input: GroupCreate): Promise<AttributeGroup>;
    update(id: number, patch: GroupPatch): Promise<AttributeGroup>;
    remove(id: number): Promise<void>;
  };

  /** The category's own entries (not inherited ones). */
  categoryMatrix(categoryId: number): Promise<OwnEntry[]>;
  /** Replaces the category's own entries. */
  setCategoryMatrix(categoryId: number, entries: EntryInput[]): Promise<OwnEntry[]>;
  upsertCategoryEntry(categoryId: number, attribute: number | string, settings: EntrySettings): Promise<OwnEntry>;
  removeCategoryEntry(categoryId: number, attribute: number | string): Promise<void>;

  /** Makes every cached matrix and compiled validator stale (after bulk SQL that bypassed this service). */
  invalidateMatrices(): Promise<void>;
}

/**
 * `categories` is part of the composition contract; category existence and ancestor_ids are read
 * here with one SQL join instead (the effective matrix must stay one query).
 */
export function createAttributesService(deps: PlatformDeps, _refs: { categories: CategoriesService }): AttributesService {
  const matrices = createMatrixService(deps, matrixCache(deps.cache));
  const definitions = createDefinitionsService(deps, matrices.invalidate);
  return {
    ...definitions,
    effectiveMatrix: matrices.effectiveMatrix,
    warm: matrices.warm,
    productMatrix: matrices.productMatrix,
    validatorFor: matrices.validatorFor,
    categoryMatrix: matrices.categoryMatrix,
    setCategoryMatrix: matrices.setCategoryMatrix,
    upsertCategoryEntry: matrices.upsertCategoryEntry,
    removeCategoryEntry: matrices.removeCategoryEntry,
    invalidateMatrices: matrices.invalidate,
  };
}
