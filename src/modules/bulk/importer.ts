// The streaming upsert: rows arrive one by one (from an NDJSON stream or from the generator), are
// checked against the database in batches of a few thousand, and each batch lands in one
// transaction. A bad row is reported with its line number and reason; it never stops the others.
import type { PlatformDeps } from '../../platform/context.js';
import type { RawSession } from '../../platform/db/database.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { publish } from '../../platform/events/outbox.js';
import type { AttributesService, MatrixValidator } from '../attributes/index.js';
import type { OffersService } from '../offers/index.js';
import { canTransition, productSlug, slugify } from '../products/index.js';
import { loadMatrixShape, type MatrixShape } from './matrix-shape.js';
import * as repo from './repository.js';
import { isRowError, type CategoryRef, type ImportRow, type RowError } from './rows.js';

export interface ImportProgress {
  /** lines (or rows) read so far */
  lines: number;
  /** bytes of the input consumed so far (0 when rows do not come from a stream) */
  bytes: number;
  imported: number;
  failed: number;
}

export interface ImportReport {
  received: number;
  imported: number;
  created: number;
  updated: number;
  failed: number;
  offers: number;
  /** the first `maxErrors` rejected lines, in line order */
  errors: RowError[];
  errors_truncated: boolean;
}

export interface ImportOptions {
  batchSize?: number;
  /** errors kept in the report (all of them go to onError) */
  maxErrors?: number;
  onProgress?: (p: ImportProgress) => void;
  onError?: (e: RowError) => void;
  /** reject a second line with an SKU seen earlier in this import (default true) */
  rejectDuplicateSkus?: boolean;
}

export interface ImporterServices {
  attributes: Pick<AttributesService, 'validatorFor'>;
  offers: Pick<OffersService, 'recomputeBestOffers'>;
}

interface Resolved {
  row: ImportRow;
  primary: number;
  ids: number[];
  values?: string;
}

/** SQLSTATE classes that belong to a row's data (22 data exception, 23 integrity, 54 limits). */
const rowLevelDbError = (e: unknown) => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
};

function dbErrorOf(e: unknown, row: ImportRow): RowError {
  const err = e as { code?: string; constraint?: string; message?: string };
  let code: ErrorCode = 'IMPORT_LINE_INVALID';
  let field: string | undefined;
  let message = 'the database rejected the row';
  if (err.code === '23505' && err.constraint === 'products_slug_uq') {
    [code, field, message] = ['CATALOG_PRODUCT_SLUG_TAKEN', 'slug', 'another product already uses that slug'];
  } else if (err.code === '23505' && err.constraint === 'products_sku_uq') {
    [code, field, message] = ['CATALOG_PRODUCT_SKU_TAKEN', 'sku', 'another product took that SKU meanwhile'];
  } else if (err.code === '23503') {
    [code, field, message] = ['CATALOG_CATEGORY_NOT_FOUND', 'categories', 'a category was deleted meanwhile'];
  } else if (err.code?.startsWith('22') || err.code?.startsWith('54')) {
    message = `a value is out of range or too large (${err.code})`;
  }
  return { line: row.line, sku: row.sku, code, ...(field ? { field } : {}), message };
}

export class ProductImporter {
  private readonly batchSize: number;
  private readonly maxErrors: number;
  private batch: ImportRow[] = [];
  private inflight: Promise<void> | null = null;
  private readonly seen = new Map<string, number>();
  private readonly categories = new Map<CategoryRef, repo.CategoryInfo | null>();
  private readonly validators = new Map<string, MatrixValidator>();
  private shape: MatrixShape | null = null;
  private readonly brandIds = new Map<string, number>();
  private readonly tagIds = new Map<string, number>();
  private lines = 0;
  private bytes = 0;
  readonly report: ImportReport = { received: 0, imported: 0, created: 0, updated: 0, failed: 0, offers: 0, errors: [], errors_truncated: false };

  constructor(
    private readonly deps: PlatformDeps,
    private readonly services: ImporterServices,
    private readonly opts: ImportOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? (deps.db.kind === 'postgres' ? 5000 : 1000);
    this.maxErrors = opts.maxErrors ?? 1000;
  }

  private fail(e: RowError) {
    this.report.failed++;
    if (this.report.errors.length < this.maxErrors) this.report.errors.push(e);
    else this.report.errors_truncated = true;
    this.opts.onError?.(e);
  }

  /** Adds one parsed line; resolves when the importer is ready for more (backpressure). */
  async add(row: ImportRow | RowError, bytes = 0): Promise<void> {
    this.lines++;
    this.bytes = bytes;
    this.report.received++;
    if (isRowError(row)) return this.fail(row);
    if (this.opts.rejectDuplicateSkus !== false) {
      const first = this.seen.get(row.sku);
      if (first !== undefined) {
        return this.fail({ line: row.line, sku: row.sku, code: 'IMPORT_SKU_DUPLICATE', field: 'sku', message: `SKU "${row.sku}" already appeared on line ${first}` });
      }
      this.seen.set(row.sku, row.line);
    }
    this.batch.push(row);
    if (this.batch.length >= this.batchSize) await this.startFlush();
  }

  /** Lines that never became rows (blank) still count for line numbers but not as received. */
  skip(bytes = 0) {
    this.lines++;
    this.bytes = bytes;
  }

  private async startFlush() {
    const rows = this.batch;
    this.batch = [];
    // one batch writes while the next one is being parsed; never two writes at once
    if (this.inflight) await this.inflight;
    const p = this.flush(rows);
    p.catch(() => {}); // awaited by the next startFlush or finish
    this.inflight = p;
  }

  async finish(): Promise<ImportReport> {
    if (this.batch.length) await this.startFlush();
    if (this.inflight) await this.inflight;
    this.inflight = null;
    this.report.errors.sort((a, b) => a.line - b.line);
    if (this.report.imported > 0) {
      await publish(this.deps.db.kysely, 'catalog.bulk_imported', 'products', { products: this.report.imported, offers: this.report.offers });
    }
    return this.report;
  }

  private progress() {
    this.opts.onProgress?.({ lines: this.lines, bytes: this.bytes, imported: this.report.imported, failed: this.report.failed });
  }

  private async flush(rows: ImportRow[]): Promise<void> {
    const resolved = await this.resolve(rows);
    const staged = await this.stage(resolved);
    if (staged.length) await this.write(staged);
    this.deps.metrics.importedRows.labels('product', 'imported').inc(staged.length);
    this.progress();
  }

  /** Categories by id or path, then the product matrix validator of each category set. */
  private async resolve(rows: ImportRow[]): Promise<Resolved[]> {
    const ids = new Set<number>();
    const paths = new Set<string>();
    for (const r of rows) {
      for (const ref of [...r.categories, ...(r.primary !== null ? [r.primary] : [])]) {
        if (this.categories.has(ref)) continue;
        if (typeof ref === 'number') ids.add(ref);
        else paths.add(ref);
      }
    }
    if (ids.size || paths.size) {
      const found = await repo.findCategories(this.deps.db.kysely, [...ids], [...paths]);
      for (const c of found) {
        this.categories.set(c.id, c);
        this.categories.set(c.path, c);
      }
      for (const ref of [...ids, ...paths]) if (!this.categories.has(ref)) this.categories.set(ref, null);
    }
    const out: Resolved[] = [];
    for (const row of rows) {
      const refs = row.categories;
      const missing = refs.findIndex((r) => !this.categories.get(r));
      if (missing >= 0) {
        this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_CATEGORY_NOT_FOUND', field: `categories[${missing}]`, message: `no category "${refs[missing]}"` });
        continue;
      }
      if (row.primary !== null && !this.categories.get(row.primary)) {
        this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_CATEGORY_NOT_FOUND', field: 'primary_category', message: `no category "${row.primary}"` });
        continue;
      }
      const primary = this.categories.get(row.primary ?? refs[0]!)!.id;
      const all = [primary, ...refs.map((r) => this.categories.get(r)!.id)];
      out.push({ row, primary, ids: [...new Set(all)] });
    }
    // each distinct matrix once, several in flight (the attributes service caches them too)
    const shape = (this.shape ??= await loadMatrixShape(this.deps.db.kysely));
    const keyed = out.map((r) => {
      const cats = shape.categories(r.primary, r.ids);
      return { r, cats, key: cats.join('|') };
    });
    const missing = [...new Map(keyed.filter((k) => !this.validators.has(k.key)).map((k) => [k.key, k.cats])).entries()];
    const failures = new Map<string, AppError>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(6, missing.length) }, async () => {
        while (next < missing.length) {
          const [key, cats] = missing[next++]!;
          try {
            this.cacheValidator(key, await this.services.attributes.validatorFor(cats[0]!, cats));
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            failures.set(key, e);
          }
        }
      }),
    );
    const good: Resolved[] = [];
    for (const { r, key } of keyed) {
      const failure = failures.get(key);
      if (failure) {
        this.fail({ line: r.row.line, sku: r.row.sku, code: failure.code, ...(failure.field ? { field: failure.field } : {}), message: failure.message });
        continue;
      }
      const { values, problems } = this.validators.get(key)!(r.row.attributes);
      const first = problems[0];
      if (first) {
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
        this.fail({ line: r.row.line, sku: r.row.sku, code: first.code, field: first.field, message: first.message + more });
        continue;
      }
      r.values = JSON.stringify(values);
      good.push(r);
    }
    return good;
  }

  private cacheValidator(key: string, v: MatrixValidator) {
    // the oldest go once there are many (a 20,000-category tree); a batch needs far fewer
    if (this.validators.size >= 5000) this.validators.delete(this.validators.keys().next().value!);
    this.validators.set(key, v);
  }

  /** Slugs and status transitions against the products that already exist. */
  private async stage(rows: Resolved[]): Promise<{ r: Resolved; slug: string; status: repo.StagedProduct['status'] }[]> {
    const db = this.deps.db.kysely;
    const existing = new Map((await repo.findProductsBySku(db, rows.map((r) => r.row.sku))).map((p) => [p.sku, p]));
    const wanted = rows.map((r) => r.row.slug ?? existing.get(r.row.sku)?.slug ?? productSlug(r.row.name, r.row.sku));
    const owners = new Map((await repo.findSlugOwners(db, wanted)).map((o) => [o.slug, o.sku]));
    const out: { r: Resolved; slug: string; status: repo.StagedProduct['status'] }[] = [];
    const batchSlugs = new Set<string>();
    rows.forEach((r, i) => {
      const { row } = r;
      const slug = wanted[i]!;
      const owner = owners.get(slug);
      if ((owner !== undefined && owner !== row.sku) || batchSlugs.has(slug)) {
        return this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_PRODUCT_SLUG_TAKEN', field: 'slug', message: `slug "${slug}" belongs to another product` });
      }
      if (row.brand && !slugify(row.brand, 100)) {
        return this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_PRODUCT_INVALID', field: 'brand', message: 'the brand name has no letters or digits' });
      }
      const badTag = row.tags.findIndex((t) => !slugify(t, 100));
      if (badTag >= 0) {
        return this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_PRODUCT_INVALID', field: `tags[${badTag}]`, message: 'a tag needs letters or digits' });
      }
      const cur = existing.get(row.sku);
      const status = row.status ?? cur?.status ?? 'draft';
      if (cur && status !== cur.status && !canTransition(cur.status, status, 'admin')) {
        return this.fail({ line: row.line, sku: row.sku, code: 'CATALOG_PRODUCT_STATUS_TRANSITION', field: 'status', message: `a ${cur.status} product cannot become ${status}` });
      }
      batchSlugs.add(slug);
      out.push({ r, slug, status });
    });
    return out;
  }

  private async write(staged: { r: Resolved; slug: string; status: repo.StagedProduct['status'] }[]): Promise<void> {
    const result = await this.writeRows(staged);
    if (!result) return;
    this.report.created += result.created;
    this.report.updated += result.updated;
    this.report.imported += result.created + result.updated;
    this.report.offers += result.offers;
    // THE best-offer rule belongs to the offers service; it runs on its own connection once the batch committed
    const withOffers = staged.filter((s) => s.r.row.offers?.length).map((s) => result.ids.get(s.r.row.sku)!).filter((id) => id !== undefined);
    if (withOffers.length) await this.services.offers.recomputeBestOffers(withOffers);
  }

  /** Writes the rows in one transaction; a row the database rejects is isolated by halving the batch. */
  private async writeRows(staged: { r: Resolved; slug: string; status: repo.StagedProduct['status'] }[]): Promise<repo.BatchResult | null> {
    try {
      return await this.transaction(async (s) => {
        const brandIds = await this.ensureBrands(s, staged.map((x) => x.r.row.brand).filter((b): b is string => !!b));
        const tagIds = await this.ensureTags(s, staged.flatMap((x) => x.r.row.tags));
        return repo.upsertBatch(
          s,
          staged.map(({ r, slug, status }) => ({
            sku: r.row.sku,
            slug,
            name: r.row.name,
            description: r.row.description,
            brand_id: r.row.brand ? (brandIds.get(r.row.brand.toLowerCase()) ?? null) : null,
            status,
            primary_category_id: r.primary,
            category_ids: r.ids,
            attributes_json: r.values!,
            images: r.row.images,
            variant_group: r.row.variant_group,
            tag_ids: [...new Set(r.row.tags.map((t) => tagIds.get(slugify(t, 100))!).filter((id) => id !== undefined))],
            offers: r.row.offers,
          })),
        );
      });
    } catch (e) {
      if (!rowLevelDbError(e)) throw e;
      // ids cached from the rolled-back transaction may not exist
      this.brandIds.clear();
      this.tagIds.clear();
      if (staged.length === 1) {
        this.fail(dbErrorOf(e, staged[0]!.r.row));
        return null;
      }
      const mid = staged.length >> 1;
      const a = await this.writeRows(staged.slice(0, mid));
      const b = await this.writeRows(staged.slice(mid));
      const ids = new Map([...(a?.ids ?? []), ...(b?.ids ?? [])]);
      return {
        ids,
        created: (a?.created ?? 0) + (b?.created ?? 0),
        updated: (a?.updated ?? 0) + (b?.updated ?? 0),
        offers: (a?.offers ?? 0) + (b?.offers ?? 0),
      };
    }
  }

  private transaction<T>(fn: (s: RawSession) => Promise<T>): Promise<T> {
    return this.deps.db.withSession(async (s) => {
      await s.query('begin');
      try {
        const out = await fn(s);
        await s.query('commit');
        return out;
      } catch (e) {
        await s.query('rollback').catch(() => {});
        throw e;
      }
    });
  }

  private async ensureBrands(s: RawSession, names: string[]): Promise<Map<string, number>> {
    const missing = new Map<string, { name: string; slug: string }>();
    for (const n of names) {
      const k = n.toLowerCase();
      if (!this.brandIds.has(k) && !missing.has(k)) missing.set(k, { name: n, slug: slugify(n, 100) });
    }
    if (missing.size) for (const [k, id] of await repo.ensureBrands(s, [...missing.values()])) this.brandIds.set(k, id);
    return this.brandIds;
  }

  private async ensureTags(s: RawSession, names: string[]): Promise<Map<string, number>> {
    const missing = new Map<string, { name: string; slug: string }>();
    for (const n of names) {
      const slug = slugify(n, 100);
      if (slug && !this.tagIds.has(slug) && !missing.has(slug)) missing.set(slug, { name: n, slug });
    }
    if (missing.size) for (const [k, id] of await repo.ensureTags(s, [...missing.values()])) this.tagIds.set(k, id);
    return this.tagIds;
  }
}
