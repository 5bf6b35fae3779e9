// One NDJSON line → a checked import row, or the reason it is rejected. Pure: no I/O, so the rules
// of a bulk line are testable alone and cost microseconds per row.
//
// A line describes the whole product: a field it omits takes its default (no description, brand,
// images, tags or attribute values) — except `slug` and `status`, which an existing product keeps,
// and `offers`, which are left alone unless listed (listed ones are upserted by source + source_ref).
import type { OfferSource, ProductStatus } from '../../platform/db/schema.js';
import type { ErrorCode } from '../../platform/errors.js';

export interface RowError {
  line: number;
  sku?: string;
  code: ErrorCode;
  field?: string;
  message: string;
}

export type CategoryRef = number | string;

export interface OfferRow {
  source: OfferSource;
  source_ref: string;
  price: number;
  old_price: number | null;
  currency: string;
  stock: Record<string, number>;
  stock_total: number;
}

export interface ImportRow {
  line: number;
  sku: string;
  name: string;
  slug: string | null;
  description: string | null;
  brand: string | null;
  status: ProductStatus | null;
  categories: CategoryRef[];
  primary: CategoryRef | null;
  attributes: Record<string, unknown>;
  images: { url: string; alt?: string }[];
  tags: string[];
  variant_group: string | null;
  offers: OfferRow[] | null;
}

const FIELDS = new Set([
  'sku', 'name', 'slug', 'description', 'brand', 'status', 'categories', 'category_ids', 'primary_category',
  'primary_category_id', 'attributes', 'images', 'tags', 'variant_group', 'offers',
]);
const STATUSES = new Set<string>(['draft', 'moderation', 'published', 'archived']);
const SOURCES = new Set<string>(['own', 'seller', 'supplier']);
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const WAREHOUSE = /^[a-z0-9_-]{1,32}$/;
const MAX_STOCK = 2_147_483_647;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

class LineProblem extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
const bad = (field: string, message: string, code: ErrorCode = 'IMPORT_LINE_INVALID'): never => {
  throw new LineProblem(code, message, field);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, field: string, max: number, opts: { required?: boolean; collapse?: boolean } = {}): string | null {
  if (v === undefined || v === null) return opts.required ? bad(field, 'is required') : null;
  if (typeof v !== 'string' && !(typeof v === 'number' && field === 'sku')) bad(field, 'must be a string');
  let s = String(v).trim();
  if (opts.collapse) s = s.replace(/\s+/g, ' ');
  if (!s) return opts.required ? bad(field, 'must not be empty') : null;
  if (s.length > max) bad(field, `must be at most ${max} characters`);
  return s;
}

function categoryRef(v: unknown, field: string): CategoryRef {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string') {
    const s = v.trim().replace(/^\/+|\/+$/g, '');
    if (/^\d+$/.test(s)) return Number(s);
    if (s) return s;
  }
  return bad(field, 'must be a category id or path ("elektronika/smartfony")');
}

function money(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    bad(field, 'must be a whole number of minor units (kopecks), 0 or more', 'OFFER_INVALID');
  }
  return v as number;
}

function offer(v: unknown, i: number): OfferRow {
  const f = `offers[${i}]`;
  if (!isObject(v)) return bad(f, 'must be an object', 'OFFER_INVALID');
  for (const k of Object.keys(v)) {
    if (!['source', 'source_ref', 'price', 'old_price', 'currency', 'stock'].includes(k)) bad(`${f}.${k}`, 'unknown field', 'OFFER_INVALID');
  }
  if (typeof v.source !== 'string' || !SOURCES.has(v.source)) bad(`${f}.source`, 'must be own, seller or supplier', 'OFFER_INVALID');
  if (v.source_ref !== undefined && v.source_ref !== null && typeof v.source_ref !== 'string') bad(`${f}.source_ref`, 'must be a string', 'OFFER_INVALID');
  const ref = typeof v.source_ref === 'string' ? v.source_ref.trim() : '';
  if (ref.length > 200) bad(`${f}.source_ref`, 'must be at most 200 characters', 'OFFER_INVALID');
  const price = money(v.price, `${f}.price`);
  const old = v.old_price === undefined || v.old_price === null ? null : money(v.old_price, `${f}.old_price`);
  if (old !== null && old <= price) bad(`${f}.old_price`, `old_price (${old}) must be greater than price (${price})`, 'OFFER_INVALID');
  let currency = 'RUB';
  if (v.currency !== undefined && v.currency !== null) {
    currency = typeof v.currency === 'string' ? v.currency.trim().toUpperCase() : '';
    if (!/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency)) bad(`${f}.currency`, 'must be an ISO 4217 code such as RUB', 'OFFER_INVALID');
  }
  const stock: Record<string, number> = {};
  let total = 0;
  if (v.stock !== undefined && v.stock !== null) {
    if (!isObject(v.stock)) bad(`${f}.stock`, 'must be an object {warehouse: quantity}', 'OFFER_INVALID');
    for (const [code, q] of Object.entries(v.stock as Record<string, unknown>)) {
      if (!WAREHOUSE.test(code)) bad(`${f}.stock.${code}`, 'warehouse codes are 1–32 of a-z, 0-9, _ and -', 'OFFER_INVALID');
      if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) bad(`${f}.stock.${code}`, 'must be a whole quantity, 0 or more', 'OFFER_INVALID');
      stock[code] = q as number;
      total += q as number;
    }
  }
  if (total > MAX_STOCK) bad(`${f}.stock`, `the total must not exceed ${MAX_STOCK}`, 'OFFER_INVALID');
  return { source: v.source as OfferSource, source_ref: ref, price, old_price: old, currency, stock, stock_total: total };
}

function image(v: unknown, i: number): { url: string; alt?: string } {
  const f = `images[${i}]`;
  const o = typeof v === 'string' ? { url: v } : isObject(v) ? v : bad(f, 'must be {url, alt?} or a URL');
  const url = str(o.url, `${f}.url`, 2000, { required: true })!;
  const ok = url.startsWith('/media/') ? !/\s/.test(url) && !url.split('/').includes('..') : /^https?:\/\/[^\s/]+/i.test(url);
  if (!ok) bad(`${f}.url`, 'must be an http(s) URL or a path under /media/', 'CATALOG_PRODUCT_INVALID');
  const alt = str(o.alt, `${f}.alt`, 500);
  return alt ? { url, alt } : { url };
}

/** Checks one decoded JSON value; everything that needs the database (categories, matrices) comes later. */
export function parseRow(raw: unknown, line: number): ImportRow | RowError {
  const sku = isObject(raw) && (typeof raw.sku === 'string' || typeof raw.sku === 'number') ? String(raw.sku).trim() || undefined : undefined;
  try {
    if (!isObject(raw)) return bad('', 'a line must be one JSON object');
    for (const k of Object.keys(raw)) if (!FIELDS.has(k)) bad(k, `unknown field "${k}"`);
    const row: ImportRow = {
      line,
      sku: str(raw.sku, 'sku', 100, { required: true })!,
      name: str(raw.name, 'name', 500, { required: true, collapse: true })!,
      slug: null,
      description: str(raw.description, 'description', 100_000),
      brand: str(raw.brand, 'brand', 200, { collapse: true }),
      status: null,
      categories: [],
      primary: null,
      attributes: {},
      images: [],
      tags: [],
      variant_group: str(raw.variant_group, 'variant_group', 200),
      offers: null,
    };
    const slug = str(raw.slug, 'slug', 200);
    if (slug !== null && !SLUG.test(slug)) bad('slug', 'must be lowercase latin letters and digits separated by single dashes', 'CATALOG_PRODUCT_INVALID');
    row.slug = slug;
    if (raw.status !== undefined && raw.status !== null) {
      if (typeof raw.status !== 'string' || !STATUSES.has(raw.status)) bad('status', 'must be draft, moderation, published or archived', 'CATALOG_PRODUCT_INVALID');
      row.status = raw.status as ProductStatus;
    }
    const cats = raw.categories ?? raw.category_ids;
    const catField = raw.categories !== undefined ? 'categories' : 'category_ids';
    if (cats !== undefined && cats !== null) {
      const list = Array.isArray(cats) ? cats : [cats];
      if (list.length > 50) bad(catField, 'must list at most 50 categories');
      row.categories = list.map((c, i) => categoryRef(c, `${catField}[${i}]`));
    }
    const primary = raw.primary_category ?? raw.primary_category_id;
    if (primary !== undefined && primary !== null) {
      row.primary = categoryRef(primary, raw.primary_category !== undefined ? 'primary_category' : 'primary_category_id');
    }
    if (!row.categories.length && row.primary === null) bad('categories', 'must list at least one category (id or path)');
    if (raw.attributes !== undefined && raw.attributes !== null) {
      if (!isObject(raw.attributes)) bad('attributes', 'must be an object {code: value}');
      row.attributes = raw.attributes as Record<string, unknown>;
    }
    if (raw.images !== undefined && raw.images !== null) {
      if (!Array.isArray(raw.images) || raw.images.length > 50) bad('images', 'must be an array of at most 50 images');
      row.images = (raw.images as unknown[]).map(image);
    }
    if (raw.tags !== undefined && raw.tags !== null) {
      if (!Array.isArray(raw.tags) || raw.tags.length > 50) bad('tags', 'must be an array of at most 50 tag names');
      row.tags = (raw.tags as unknown[]).map((t, i) => str(t, `tags[${i}]`, 100, { required: true, collapse: true })!);
    }
    if (raw.offers !== undefined && raw.offers !== null) {
      if (!Array.isArray(raw.offers) || raw.offers.length > 100) bad('offers', 'must be an array of at most 100 offers', 'OFFER_INVALID');
      const offers = (raw.offers as unknown[]).map(offer);
      const seen = new Set<string>();
      offers.forEach((o, i) => {
        const key = `${o.source}\u0000${o.source_ref}`;
        if (seen.has(key)) bad(`offers[${i}].source_ref`, `a second ${o.source} offer with source_ref "${o.source_ref}"`, 'OFFER_INVALID');
        seen.add(key);
      });
      row.offers = offers;
    }
    return row;
  } catch (e) {
    if (!(e instanceof LineProblem)) throw e;
    return { line, ...(sku ? { sku } : {}), code: e.code, ...(e.field ? { field: e.field } : {}), message: e.message };
  }
}

/** Decodes one line; malformed JSON is the line's problem, not the import's. */
export function parseLine(text: string, line: number): ImportRow | RowError {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { line, code: 'IMPORT_LINE_INVALID', message: `malformed JSON: ${(e as Error).message}` };
  }
  return parseRow(raw, line);
}

export const isRowError = (r: ImportRow | RowError): r is RowError => 'code' in r;
