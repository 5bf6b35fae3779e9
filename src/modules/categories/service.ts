// Rules of the category tree. All SQL is in repository.ts; every write is one transaction holding
// the tree lock, with its outbox event, and caches are invalidated only after it commits.
import type { Kysely } from 'kysely';
import { Namespace } from '../../platform/cache/index.js';
import { generationSnapshot } from '../../platform/cache/snapshot.js';
import type { PlatformDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { categoryChanged } from './events.js';
import { categoriesRepo as repo } from './repository.js';
import { nextFreeSlug, slugify, SLUG_MAX, SLUG_RE } from './slug.js';
import type {
  Breadcrumb,
  Category,
  CreateCategoryInput,
  ListCategoriesQuery,
  PageResult,
  RemoveResult,
  TreeNode,
  TreeQuery,
  UpdateCategoryInput,
} from './types.js';

export interface CategoriesService {
  /** Throws CATALOG_CATEGORY_NOT_FOUND. */
  get(id: number): Promise<Category>;
  findBySlug(slug: string): Promise<Category | null>;
  /** "elektronika/telefony"; leading/trailing slashes are ignored. */
  findByPath(path: string): Promise<Category | null>;
  /** A numeric id, a slug or a path; throws CATALOG_CATEGORY_NOT_FOUND. */
  resolve(idOrSlugOrPath: string): Promise<Category>;
  /** In the order asked (duplicates once); throws CATALOG_CATEGORY_NOT_FOUND naming the first missing id. */
  requireMany(ids: number[]): Promise<Category[]>;
  /** Root → the category itself. */
  breadcrumbs(id: number): Promise<Breadcrumb[]>;
  /** Children ordered by position; `null` lists the roots. */
  children(id: number | null, page: { limit: number; offset: number }): Promise<PageResult<Category>>;
  list(query: ListCategoriesQuery): Promise<PageResult<Category>>;
  /** Flat list in display order: depth-first, siblings by position. */
  tree(query?: TreeQuery): Promise<TreeNode[]>;
  create(input: CreateCategoryInput): Promise<Category>;
  update(id: number, patch: UpdateCategoryInput): Promise<Category>;
  /** To a new parent (null = top level), last among the new siblings unless `position` is given. */
  move(id: number, newParentId: number | null, position?: number): Promise<Category>;
  reorder(id: number, position: number): Promise<Category>;
  /** Refused while it has children, or products unless `reassignTo` takes them. */
  remove(id: number, opts?: { reassignTo?: number }): Promise<RemoveResult>;
  /** Union of ancestor_ids of the categories (what products.category_tree_ids holds), sorted. */
  treeIds(categoryIds: number[]): Promise<number[]>;
}

const NAME_MAX = 200;
const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, field);
const notFound = (what: string | number, field?: string, details?: unknown) =>
  new AppError(
    'CATALOG_CATEGORY_NOT_FOUND',
    `No category ${typeof what === 'number' ? `with id ${what}` : `"${what}"`}.`,
    field,
    details,
  );

function cleanName(v: string, field: string): string {
  const s = v.trim();
  if (!s) throw invalid(field, `${field} must not be empty.`);
  if (s.length > NAME_MAX) throw invalid(field, `${field} must be at most ${NAME_MAX} characters.`);
  return s;
}
const cleanOptional = (v: string | null | undefined, field: string) =>
  v === undefined ? undefined : v === null || !v.trim() ? null : cleanName(v, field);

function checkSlug(slug: string): string {
  if (!SLUG_RE.test(slug) || slug.length > SLUG_MAX) {
    throw invalid('slug', `slug must be lowercase latin letters, digits and single hyphens, at most ${SLUG_MAX} characters.`);
  }
  return slug;
}

function checkPosition(p: number | undefined): number | undefined {
  if (p !== undefined && (!Number.isInteger(p) || p < 0)) throw invalid('position', 'position must be an integer ≥ 0.');
  return p;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/** Depth-first display order from the rows of a (sub)tree, siblings by position then id. */
function displayOrder(rows: TreeNode[], rootId: number | null): TreeNode[] {
  const byParent = new Map<number | null, TreeNode[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent_id);
    if (list) list.push(r);
    else byParent.set(r.parent_id, [r]);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position || a.id - b.id);
  const top = rootId === null ? (byParent.get(null) ?? []) : rows.filter((r) => r.id === rootId);
  const out: TreeNode[] = [];
  const stack = [...top].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    const kids = byParent.get(n.id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

export function createCategoriesService(deps: PlatformDeps): CategoriesService {
  const db = deps.db.kysely;
  const ns = new Namespace(deps.cache, 'categories');
  const matrix = new Namespace(deps.cache, 'matrix');
  // breadcrumbs of any of the 9,000+ categories from memory: see platform/cache/snapshot.ts
  const crumbs = generationSnapshot(ns, async () => {
    const rows = await db.selectFrom('categories').select(['id', 'name', 'slug', 'path', 'ancestor_ids']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Map(rows.map((r) => [r.id, r.ancestor_ids.flatMap((a): Breadcrumb[] => {
      const c = byId.get(a);
      return c ? [{ id: c.id, name: c.name, slug: c.slug, path: c.path }] : [];
    })]));
  }, (err) => deps.log.warn({ err }, 'category snapshot build failed'));

  async function write<T>(fn: (tx: Kysely<DB>) => Promise<T>, opts: { matrix?: boolean } = {}): Promise<T> {
    let result: T;
    try {
      result = await db.transaction().execute(async (tx) => {
        await repo.lockTree(tx);
        return fn(tx);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CATALOG_CATEGORY_SLUG_TAKEN', 'Another category already uses that slug.', 'slug');
      throw e;
    }
    await ns.invalidate();
    // matrices inherit down the tree, so a moved or deleted branch changes cached matrices
    if (opts.matrix) await matrix.invalidate();
    return result;
  }

  async function mustGet(tx: Kysely<DB>, id: number, field?: string): Promise<Category> {
    const c = await repo.byId(tx, id);
    if (!c) throw notFound(id, field);
    return c;
  }

  /** Frees `position` among the children of `parentId` (the node itself left out); returns it clamped. */
  async function place(tx: Kysely<DB>, parentId: number | null, id: number, position: number | undefined) {
    const count = await repo.countChildren(tx, parentId, id);
    const pos = Math.min(position ?? count, count);
    await repo.renumberSiblings(tx, parentId, pos, id);
    return pos;
  }

  async function cachedMany(ids: number[]): Promise<Map<number, Category>> {
    const found = new Map<number, Category>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = await deps.cache.get<Category | null>(await ns.key(`id:${id}`));
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    for (const c of await repo.byIds(db, missing)) {
      found.set(c.id, c);
      await deps.cache.set(await ns.key(`id:${c.id}`), c);
    }
    return found;
  }

  const service: CategoriesService = {
    async get(id) {
      const c = await ns.getOrLoad(`id:${id}`, () => repo.byId(db, id));
      if (!c) throw notFound(id, 'id');
      return c;
    },

    findBySlug(slug) {
      const s = slug.trim().toLowerCase();
      return ns.getOrLoad(`slug:${s}`, () => repo.bySlug(db, s));
    },

    findByPath(path) {
      const p = path.trim().toLowerCase().replace(/^\/+|\/+$/g, '');
      return ns.getOrLoad(`path:${p}`, () => repo.byPath(db, p));
    },

    async resolve(ref) {
      const s = ref.trim();
      let c: Category | null = null;
      if (/^\d{1,9}$/.test(s)) c = await ns.getOrLoad(`id:${Number(s)}`, () => repo.byId(db, Number(s)));
      if (!c && s.replace(/^\/+|\/+$/g, '').includes('/')) c = await service.findByPath(s);
      else if (!c) c = await service.findBySlug(s);
      if (!c) throw notFound(s);
      return c;
    },

    async requireMany(ids) {
      const unique = [...new Set(ids)];
      const bad = unique.find((id) => !Number.isInteger(id) || id < 1 || id > 2147483647);
      if (bad !== undefined) throw notFound(bad, String(bad), { id: bad });
      const found = await cachedMany(unique);
      const missing = unique.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound(missing, String(missing), { id: missing });
      return unique.map((id) => found.get(id)!);
    },

    async breadcrumbs(id) {
      const fromMemory = (await crumbs.current())?.get(id);
      if (fromMemory) return fromMemory;
      const c = await service.get(id);
      return ns.getOrLoad(`crumbs:${id}`, () => repo.breadcrumbs(db, c.ancestor_ids));
    },

    async children(id, page) {
      if (id !== null) await service.get(id);
      const { items, total } = await repo.list(db, { parent_id: id ?? 0, ...page });
      return { items, total, ...page };
    },

    async list(query) {
      const { items, total } = await repo.list(db, query);
      return { items, total, limit: query.limit, offset: query.offset };
    },

    async tree(query = {}) {
      let base = 0;
      if (query.root !== undefined) {
        const root = await service.get(query.root).catch((e) => {
          throw e instanceof AppError ? notFound(query.root!, 'root') : e;
        });
        base = root.depth;
      }
      const maxDepth = query.depth === undefined ? null : base + query.depth;
      return ns.getOrLoad(`tree:${query.root ?? ''}:${maxDepth ?? ''}`, async () =>
        displayOrder(await repo.treeRows(db, query.root ?? null, maxDepth), query.root ?? null),
      );
    },

    async create(input) {
      const name = cleanName(input.name ?? '', 'name');
      const name_en = cleanOptional(input.name_en, 'name_en') ?? null;
      const description = input.description?.trim() || null;
      const slug = input.slug === undefined ? undefined : checkSlug(input.slug);
      const position = checkPosition(input.position);
      return write(async (tx) => {
        const parent = input.parent_id == null ? null : await mustGet(tx, input.parent_id, 'parent_id');
        let finalSlug: string;
        if (slug !== undefined) {
          if (await repo.slugExists(tx, slug)) {
            throw new AppError('CATALOG_CATEGORY_SLUG_TAKEN', `Slug "${slug}" is already used.`, 'slug');
          }
          finalSlug = slug;
        } else {
          const base = slugify(name) || 'category';
          finalSlug = nextFreeSlug(base, await repo.slugsWithStem(tx, base));
        }
        const parentId = parent?.id ?? null;
        const count = await repo.countChildren(tx, parentId);
        const pos = Math.min(position ?? count, count);
        await repo.renumberSiblings(tx, parentId, pos);
        const created = await repo.insert(tx, { parent, slug: finalSlug, name, name_en, description, position: pos });
        await categoryChanged(tx, created.id, 'created');
        return created;
      });
    },

    async update(id, patch) {
      const name = patch.name === undefined ? undefined : cleanName(patch.name, 'name');
      const name_en = cleanOptional(patch.name_en, 'name_en');
      const description = patch.description === undefined ? undefined : patch.description?.trim() || null;
      const slug = patch.slug === undefined ? undefined : checkSlug(patch.slug);
      const position = checkPosition(patch.position);
      return write(async (tx) => {
        const node = await mustGet(tx, id, 'id');
        if (slug !== undefined && slug !== node.slug) {
          if (await repo.slugExists(tx, slug)) {
            throw new AppError('CATALOG_CATEGORY_SLUG_TAKEN', `Slug "${slug}" is already used.`, 'slug');
          }
          await repo.changeSlug(tx, node, slug);
        }
        const pos = position === undefined ? undefined : await place(tx, node.parent_id, id, position);
        await repo.updateFields(tx, id, { name, name_en, description, position: pos });
        await categoryChanged(tx, id, 'updated');
        return mustGet(tx, id);
      });
    },

    async move(id, newParentId, position) {
      checkPosition(position);
      return write(
        async (tx) => {
          const node = await mustGet(tx, id, 'id');
          const parent = newParentId === null ? null : await mustGet(tx, newParentId, 'parent_id');
          if (parent && parent.ancestor_ids.includes(node.id)) {
            throw new AppError(
              'CATALOG_CATEGORY_CYCLE',
              parent.id === node.id
                ? 'A category cannot be its own parent.'
                : `Category ${parent.id} is a descendant of ${node.id}; moving there would make a cycle.`,
              'parent_id',
            );
          }
          const parentId = parent?.id ?? null;
          if (parentId === node.parent_id) {
            const pos = await place(tx, parentId, id, position ?? node.position);
            await repo.updateFields(tx, id, { position: pos });
            await categoryChanged(tx, id, 'updated');
            return mustGet(tx, id);
          }
          await repo.renumberSiblings(tx, node.parent_id, null, id);
          const pos = await place(tx, parentId, id, position);
          await repo.moveSubtree(tx, node, parent, pos);
          await repo.recomputeTreeIds(tx, repo.productsInSubtree(id));
          await categoryChanged(tx, id, 'moved');
          return mustGet(tx, id);
        },
        { matrix: true },
      );
    },

    reorder(id, position) {
      if (position === undefined) throw invalid('position', 'position is required.');
      return service.update(id, { position });
    },

    async remove(id, opts = {}) {
      const { reassignTo } = opts;
      if (reassignTo === id) throw invalid('reassign_to', 'reassign_to must be another category.');
      return write(
        async (tx) => {
          const node = await mustGet(tx, id, 'id');
          const children = await repo.countChildren(tx, id);
          if (children > 0) {
            throw new AppError('CATALOG_CATEGORY_NOT_EMPTY', `Category ${id} has ${children} child categories; move or delete them first.`, 'id');
          }
          let reassigned = 0;
          if (reassignTo !== undefined) {
            await mustGet(tx, reassignTo, 'reassign_to');
            reassigned = await repo.reassignProducts(tx, id, reassignTo);
          } else if (await repo.hasProducts(tx, id)) {
            throw new AppError(
              'CATALOG_CATEGORY_NOT_EMPTY',
              `Category ${id} has products; pass reassign_to to move them to another category.`,
              'reassign_to',
            );
          }
          await repo.deleteById(tx, id);
          await repo.renumberSiblings(tx, node.parent_id, null);
          await categoryChanged(tx, id, 'deleted');
          return { id, reassigned_products: reassigned };
        },
        { matrix: true },
      );
    },

    async treeIds(categoryIds) {
      const cats = await service.requireMany(categoryIds);
      const ids = new Set<number>();
      for (const c of cats) for (const a of c.ancestor_ids) ids.add(a);
      return [...ids].sort((a, b) => a - b);
    },
  };
  return service;
}
