// Product rules: validation against categories and the attribute matrix, the status machine,
// variant uniqueness, and the storefront card and listing. SQL lives in repository.ts.
import type { RawBuilder } from 'kysely';
import type { OfferData } from '../offers/index.js';
import type { PlatformDeps } from '../../platform/context.js';
import type { AttributeValue, ProductStatus, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import { createBrandsService, findBrand, findOrCreateBrand, type BrandsService } from './brands.js';
import { axisKey, variantAxes } from './card.js';
import { pgViolation } from './db-errors.js';
import { productChanged } from './events.js';
import * as repo from './repository.js';
import type {
  AdminListQuery, Card, Listing, ListingSort, Product, ProductCreateInput, ProductPatchInput, ProductSummary,
} from './schemas.js';
import { productSlug, SLUG_PATTERN } from './slug.js';
import { assertTransition } from './status.js';
import { createStorefront } from './storefront.js';
import { createTagsService, ensureTags, setTaggings, type TagsService } from './tags.js';

export type ProductRef = string | number;

export interface WriteOptions {
  /** who asks: an admin may publish a draft directly */
  role?: Role;
}

/** What the card needs of an offer; offers come best-first (the best-offer rule's order). */
export interface OfferForCard extends OfferData {
  id: number;
}

/** The offers module, passed by the caller: products cannot depend on offers (offers depend on products). */
export interface CardOffersSource {
  /** the product's offers, best first, as a json subselect over the card query's product row `p` */
  cardOffersSql(): RawBuilder<OfferForCard[]>;
}

export interface ListingRequest {
  limit: number;
  offset: number;
  sort: ListingSort;
  /** the raw query string; `filter[<code>]` keys are attribute filters */
  query: Record<string, unknown>;
}

export interface ProductsService {
  create(input: ProductCreateInput, opts?: WriteOptions): Promise<Product>;
  update(ref: ProductRef, patch: ProductPatchInput): Promise<Product>;
  remove(ref: ProductRef): Promise<void>;
  get(ref: ProductRef): Promise<Product>;
  /** id, SKU and status of a product (404 when absent); what offers and other modules refer to */
  ref(ref: ProductRef): Promise<{ id: number; sku: string; status: ProductStatus }>;
  list(query: AdminListQuery): Promise<{ items: ProductSummary[]; total: number; total_capped: boolean; limit: number; offset: number }>;
  setStatus(ref: ProductRef, status: ProductStatus, opts?: WriteOptions): Promise<Product>;
  /** the storefront card of a published product by slug */
  card(slug: string, offers: CardOffersSource): Promise<Card>;
  /** published products of a category subtree, filtered by attributes */
  listCategory(categoryId: number, req: ListingRequest): Promise<Listing>;
  brands: BrandsService;
  tags: TagsService;
}

export interface ProductsModuleDeps {
  categories: Pick<CategoriesService, 'requireMany' | 'treeIds' | 'breadcrumbs'>;
  attributes: Pick<AttributesService, 'validatorFor' | 'productMatrix' | 'effectiveMatrix' | 'groups'>;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

function toProduct(r: repo.ProductRow): Product {
  return {
    id: r.id, sku: r.sku, slug: r.slug, name: r.name, description: r.description, brand: r.brand, status: r.status,
    primary_category_id: r.primary_category_id, category_ids: r.category_ids, attributes: r.attributes,
    images: r.images, tags: r.tags, variant_group: r.variant_group, best_offer_id: r.best_offer_id,
    best_price: r.best_price, best_old_price: r.best_old_price, best_currency: r.best_currency, in_stock: r.in_stock,
    created_at: iso(r.created_at), updated_at: iso(r.updated_at),
  };
}

const invalid = (field: string, message: string) => new AppError('CATALOG_PRODUCT_INVALID', message, field);

function text(value: string, field: string): string {
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s) throw invalid(field, 'must not be empty');
  return s;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

export function checkImages(images: { url: string; alt?: string }[]): { url: string; alt?: string }[] {
  return images.map((img, i) => {
    const url = img.url.trim();
    const ok = url.startsWith('/media/') ? !/\s/.test(url) && !url.split('/').includes('..') : isHttpUrl(url);
    if (!ok) throw invalid(`images[${i}].url`, 'must be an http(s) URL or a path under /media/');
    const alt = img.alt?.trim();
    return alt ? { url, alt } : { url };
  });
}

function checkSlug(slug: string): string {
  const s = slug.trim();
  if (!SLUG_PATTERN.test(s) || s.length > 200) {
    throw invalid('slug', 'must be lowercase latin letters and digits separated by single dashes');
  }
  return s;
}

/** Constraint violations → registry codes (a concurrent writer can still win a race the checks lost). */
function mapDbError(e: unknown): unknown {
  const dup = pgViolation(e, '23505');
  if (dup?.constraint === 'products_sku_uq') return new AppError('CATALOG_PRODUCT_SKU_TAKEN', 'Another product already uses that SKU.', 'sku');
  if (dup?.constraint === 'products_slug_uq') return new AppError('CATALOG_PRODUCT_SLUG_TAKEN', 'Another product already uses that slug.', 'slug');
  const fk = pgViolation(e, '23503');
  if (fk?.constraint === 'products_brand_id_fkey') return new AppError('CATALOG_BRAND_NOT_FOUND', 'No such brand.', 'brand_id');
  if (fk?.constraint?.includes('category')) return new AppError('CATALOG_CATEGORY_NOT_FOUND', 'A category was deleted meanwhile.', 'category_ids');
  return e;
}

export function createProductsService(deps: PlatformDeps, { categories, attributes }: ProductsModuleDeps): ProductsService {
  const db = deps.db.kysely;

  async function inTransaction<T>(fn: (tx: repo.Executor) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      throw mapDbError(e);
    }
  }

  async function resolveCategories(ids: number[], primary: number | undefined) {
    const all = [...new Set(ids)];
    const primaryId = primary ?? all[0];
    if (primaryId === undefined) throw invalid('category_ids', 'must list at least one category');
    if (!all.includes(primaryId)) all.unshift(primaryId);
    try {
      await categories.requireMany(all);
    } catch (e) {
      // name the product's field, not the categories module's
      if (e instanceof AppError && e.code === 'CATALOG_CATEGORY_NOT_FOUND') {
        throw new AppError(e.code, e.message, primary !== undefined && !ids.includes(primary) ? 'primary_category_id' : 'category_ids', e.details);
      }
      throw e;
    }
    const tree = await categories.treeIds(all);
    return { ids: all, primaryId, tree };
  }

  async function checkAttributes(cats: { ids: number[]; primaryId: number }, input: Record<string, unknown>) {
    const validate = await attributes.validatorFor(cats.primaryId, cats.ids);
    const { values, problems } = validate(input);
    const first = problems[0];
    if (first) throw new AppError(first.code, first.message, first.field, problems);
    return values;
  }

  async function axesOf(cats: { ids: number[]; primaryId: number }) {
    return variantAxes(await attributes.productMatrix(cats.primaryId, cats.ids));
  }

  async function checkVariants(
    tx: repo.Executor,
    group: string,
    selfId: number,
    axes: Awaited<ReturnType<typeof axesOf>>,
    values: Record<string, AttributeValue>,
  ) {
    await repo.lockVariantGroup(tx, group);
    const key = axisKey(axes, values);
    const twin = (await repo.variantSiblings(tx, group, selfId)).find((s) => axisKey(axes, s.attributes) === key);
    if (twin) {
      const names = axes.map((a) => a.attribute.code).join(', ') || 'variant axis';
      throw new AppError(
        'CATALOG_VARIANT_CONFLICT',
        `Product ${twin.sku} of variant group "${group}" has the same ${names} values.`,
        'variant_group',
        { conflicting_product_id: twin.id, conflicting_sku: twin.sku, axes: axes.map((a) => a.attribute.code) },
      );
    }
  }

  async function resolveBrand(tx: repo.Executor, input: { brand_id?: number | null; brand?: string | null }) {
    if (input.brand_id !== undefined && input.brand_id !== null) {
      const b = await findBrand(tx, input.brand_id);
      if (!b) throw new AppError('CATALOG_BRAND_NOT_FOUND', `No brand ${input.brand_id}.`, 'brand_id');
      return b.id;
    }
    if (input.brand !== undefined && input.brand !== null) return (await findOrCreateBrand(tx, input.brand)).id;
    return input.brand_id === null || input.brand === null ? null : undefined;
  }

  async function get(ref: ProductRef): Promise<Product> {
    const row = await repo.findProduct(db, ref);
    if (!row) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No product ${ref}.`);
    return toProduct(row);
  }

  return {
    get,

    async ref(ref) {
      const r = await repo.findProductRef(db, ref);
      if (!r) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No product ${ref}.`);
      return r;
    },

    async create(input, opts = {}) {
      const status = input.status ?? 'draft';
      if (status !== 'draft') assertTransition('draft', status, opts.role ?? 'admin');
      const sku = text(input.sku, 'sku');
      const name = text(input.name, 'name');
      const slug = input.slug?.trim() ? checkSlug(input.slug) : productSlug(name, sku);
      const images = checkImages(input.images ?? []);
      const variantGroup = input.variant_group?.trim() || null;
      const cats = await resolveCategories(input.category_ids, input.primary_category_id);
      const values = await checkAttributes(cats, input.attributes ?? {});
      const axes = variantGroup ? await axesOf(cats) : [];

      const id = await inTransaction(async (tx) => {
        const brandId = (await resolveBrand(tx, input)) ?? null;
        const id = await repo.insertProduct(tx, {
          sku, slug, name, status, images, description: input.description?.trim() || null, brand_id: brandId,
          primary_category_id: cats.primaryId, category_tree_ids: cats.tree, attributes: values, variant_group: variantGroup,
        });
        await repo.replaceCategories(tx, id, cats.ids, cats.primaryId);
        if (input.tags?.length) await setTaggings(tx, 'product', id, (await ensureTags(tx, input.tags)).map((t) => t.id));
        if (variantGroup) await checkVariants(tx, variantGroup, id, axes, values);
        await productChanged(tx, { product_id: id, sku, change: 'created', status });
        return id;
      });
      return get(id);
    },

    async update(ref, patch) {
      const cur = await repo.findProduct(db, ref);
      if (!cur) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No product ${ref}.`);
      const sku = patch.sku !== undefined ? text(patch.sku, 'sku') : cur.sku;
      const name = patch.name !== undefined ? text(patch.name, 'name') : cur.name;
      // the slug stays when the name changes: published URLs must not break
      const slug = patch.slug?.trim() ? checkSlug(patch.slug) : cur.slug;
      const images = patch.images !== undefined ? checkImages(patch.images) : undefined;
      const variantGroup = patch.variant_group !== undefined ? patch.variant_group?.trim() || null : cur.variant_group;

      const categoriesChanged = patch.category_ids !== undefined || patch.primary_category_id !== undefined;
      const newIds = patch.category_ids ?? cur.category_ids;
      const primary =
        patch.primary_category_id ?? (newIds.includes(cur.primary_category_id) ? cur.primary_category_id : newIds[0]);
      const cats = categoriesChanged
        ? await resolveCategories(newIds, primary)
        : { ids: cur.category_ids, primaryId: cur.primary_category_id, tree: cur.category_tree_ids };

      let values = cur.attributes;
      if (patch.attributes !== undefined || categoriesChanged) {
        // PATCH merges: given codes replace, null removes, the rest stay and are re-checked
        const merged: Record<string, unknown> = { ...cur.attributes, ...(patch.attributes ?? {}) };
        for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
        values = await checkAttributes(cats, merged);
      }
      const recheckVariants =
        variantGroup !== null && (variantGroup !== cur.variant_group || values !== cur.attributes || categoriesChanged);
      const axes = recheckVariants ? await axesOf(cats) : [];

      await inTransaction(async (tx) => {
        const brandId = await resolveBrand(tx, patch);
        await repo.updateProduct(tx, cur.id, {
          sku, name, slug, variant_group: variantGroup,
          ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
          ...(brandId !== undefined ? { brand_id: brandId } : {}),
          ...(images ? { images } : {}),
          ...(values !== cur.attributes ? { attributes: values } : {}),
          ...(categoriesChanged ? { primary_category_id: cats.primaryId, category_tree_ids: cats.tree } : {}),
        });
        if (categoriesChanged) await repo.replaceCategories(tx, cur.id, cats.ids, cats.primaryId);
        if (patch.tags !== undefined) await setTaggings(tx, 'product', cur.id, (await ensureTags(tx, patch.tags)).map((t) => t.id));
        if (recheckVariants) await checkVariants(tx, variantGroup!, cur.id, axes, values);
        await productChanged(tx, { product_id: cur.id, sku, change: 'updated', status: cur.status });
      });
      return get(cur.id);
    },

    async remove(ref) {
      const cur = await repo.findProductRef(db, ref);
      if (!cur) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No product ${ref}.`);
      await inTransaction(async (tx) => {
        await repo.deleteProduct(tx, cur.id);
        await productChanged(tx, { product_id: cur.id, sku: cur.sku, change: 'deleted' });
      });
    },

    async setStatus(ref, status, opts = {}) {
      const cur = await repo.findProductRef(db, ref);
      if (!cur) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', `No product ${ref}.`);
      if (cur.status === status) return get(cur.id); // repeating a request is not an error
      assertTransition(cur.status, status, opts.role ?? 'admin');
      await inTransaction(async (tx) => {
        // compare-and-set: a concurrent transition makes ours refused, not silently overwritten
        if (!(await repo.setStatus(tx, cur.id, cur.status, status))) {
          throw new AppError('CATALOG_PRODUCT_STATUS_TRANSITION', 'The status changed meanwhile; reload and retry.', 'status');
        }
        await productChanged(tx, { product_id: cur.id, sku: cur.sku, change: 'status', status });
      });
      return get(cur.id);
    },

    async list(query) {
      const { items, count } = await repo.listProducts(db, query);
      return {
        items: items.map((r) => ({ ...r, updated_at: iso(r.updated_at) })),
        total: Math.min(count, repo.COUNT_CAP),
        total_capped: count > repo.COUNT_CAP,
        limit: query.limit,
        offset: query.offset,
      };
    },

    ...createStorefront(deps, { categories, attributes }),
    brands: createBrandsService(db),
    tags: createTagsService(db),
  };
}
