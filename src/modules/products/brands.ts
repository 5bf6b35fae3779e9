// Brands: a small dictionary with CRUD, plus find-or-create by name for product writes and imports.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { pgViolation } from './db-errors.js';
import type { Brand } from './schemas.js';
import { slugify, SLUG_PATTERN } from './slug.js';

type Executor = Kysely<DB>;

export interface BrandsService {
  list(query: { q?: string; limit: number; offset: number }): Promise<{ items: Brand[]; total: number; limit: number; offset: number }>;
  get(idOrSlug: string | number): Promise<Brand>;
  create(input: { name: string; slug?: string }): Promise<Brand>;
  update(idOrSlug: string | number, patch: { name?: string; slug?: string }): Promise<Brand>;
  remove(idOrSlug: string | number): Promise<void>;
}

// --- SQL ---

function whereRef(idOrSlug: string | number) {
  const s = String(idOrSlug);
  return /^\d{1,9}$/.test(s) ? sql<boolean>`id = ${Number(s)}` : sql<boolean>`slug = ${s}`;
}

export async function findBrand(ex: Executor, idOrSlug: string | number): Promise<Brand | undefined> {
  return ex.selectFrom('brands').select(['id', 'slug', 'name']).where(whereRef(idOrSlug)).executeTakeFirst();
}

/** The brand with that name (case-insensitive) or slug, created when there is none. */
export async function findOrCreateBrand(ex: Executor, name: string): Promise<Brand> {
  const clean = name.trim().replace(/\s+/g, ' ');
  const slug = slugify(clean, 100);
  if (!clean || !slug) throw new AppError('CATALOG_PRODUCT_INVALID', 'The brand name has no letters or digits.', 'brand');
  const found = () =>
    ex
      .selectFrom('brands')
      .select(['id', 'slug', 'name'])
      .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', clean.toLowerCase()), eb('slug', '=', slug)]))
      .orderBy(sql`lower(name) = ${clean.toLowerCase()}`, 'desc')
      .executeTakeFirst();
  const existing = await found();
  if (existing) return existing;
  // ON CONFLICT keeps a concurrent creator of the same brand from aborting our transaction
  const inserted = await ex
    .insertInto('brands')
    .values({ name: clean, slug })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'slug', 'name'])
    .executeTakeFirst();
  return inserted ?? (await found())!;
}

async function writeBrand<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (pgViolation(e, '23505')) throw new AppError('CATALOG_BRAND_TAKEN', 'Another brand already uses that name or slug.', 'name');
    if (pgViolation(e, '23503')) throw new AppError('CATALOG_BRAND_IN_USE', 'Products still refer to this brand.');
    throw e;
  }
}

// --- rules ---

function normalize(input: { name?: string; slug?: string }): { name?: string; slug?: string } {
  const out: { name?: string; slug?: string } = {};
  if (input.name !== undefined) {
    out.name = input.name.trim().replace(/\s+/g, ' ');
    if (!out.name) throw new AppError('CATALOG_PRODUCT_INVALID', 'must not be empty', 'name');
  }
  if (input.slug !== undefined) {
    out.slug = input.slug.trim();
    if (!SLUG_PATTERN.test(out.slug)) {
      throw new AppError('CATALOG_PRODUCT_INVALID', 'must be lowercase latin letters and digits separated by dashes', 'slug');
    }
  }
  return out;
}

export function createBrandsService(db: Executor): BrandsService {
  const get = async (idOrSlug: string | number) => {
    const b = await findBrand(db, idOrSlug);
    if (!b) throw new AppError('CATALOG_BRAND_NOT_FOUND', `No brand ${idOrSlug}.`);
    return b;
  };
  return {
    async list({ q, limit, offset }) {
      let query = db.selectFrom('brands');
      if (q) query = query.where((eb) => eb(eb.fn('lower', ['name']), 'like', `${q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`));
      const [items, count] = await Promise.all([
        query.select(['id', 'slug', 'name']).orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n), limit, offset };
    },
    get,
    async create(input) {
      const v = normalize(input);
      const slug = v.slug ?? slugify(v.name!, 100);
      if (!slug) throw new AppError('CATALOG_PRODUCT_INVALID', 'The name has no letters or digits for a slug.', 'name');
      return writeBrand(() =>
        db.insertInto('brands').values({ name: v.name!, slug }).returning(['id', 'slug', 'name']).executeTakeFirstOrThrow(),
      );
    },
    async update(idOrSlug, patch) {
      const b = await get(idOrSlug);
      const v = normalize(patch);
      if (v.name === undefined && v.slug === undefined) return b;
      return writeBrand(() =>
        db.updateTable('brands').set(v).where('id', '=', b.id).returning(['id', 'slug', 'name']).executeTakeFirstOrThrow(),
      );
    },
    async remove(idOrSlug) {
      const b = await get(idOrSlug);
      await writeBrand(() => db.deleteFrom('brands').where('id', '=', b.id).execute());
    },
  };
}
