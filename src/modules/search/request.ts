// The public search request → engine query: `filter[code]=…` typed by the category's effective matrix
// (or the attribute's own definition when no category is given), facets from the matrix's filterable
// attributes, and every malformed piece answered with SEARCH_QUERY_INVALID naming the field.
import { AppError } from '../../platform/errors.js';
import type { AttributeDefinition, EffectiveMatrix } from '../attributes/index.js';
import type { FacetRequest, Filter, SearchSort } from './engine.js';

export const MAX_QUERY_LENGTH = 200;
/** attribute facets per response beyond brand, price and stock (each is one more aggregate) */
export const MAX_ATTRIBUTE_FACETS = 12;
const FILTER_KEY = /^filter\[([^\]]{1,64})\]$/;
const CODE = /^[a-z][a-z0-9_]{0,62}$/;
const TRUE = new Set(['true', '1', 'yes', 'да']);
const FALSE = new Set(['false', '0', 'no', 'нет']);

export const RESERVED_FACETS: FacetRequest[] = [
  { kind: 'terms', code: 'brand' },
  { kind: 'range', code: 'price' },
  { kind: 'boolean', code: 'in_stock' },
];

const invalid = (message: string, field: string) => new AppError('SEARCH_QUERY_INVALID', message, field);

export function checkQueryText(q: string): string {
  if (q.length > MAX_QUERY_LENGTH) throw invalid(`the query is longer than ${MAX_QUERY_LENGTH} characters`, 'q');
  return q.trim();
}

/** `filter[code]` entries of a parsed query string, values joined by commas. */
export function filterParams(query: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, raw] of Object.entries(query)) {
    const m = FILTER_KEY.exec(key);
    if (!m) continue;
    const code = m[1]!;
    if (!CODE.test(code)) throw invalid(`"${code}" is not an attribute code`, key);
    const value = (Array.isArray(raw) ? raw.join(',') : String(raw ?? '')).trim();
    if (!value) throw invalid('the filter has no value', key);
    if (value.length > 1000) throw invalid('the filter value is too long', key);
    out.set(code, value);
  }
  return out;
}

function parseNumber(s: string, field: string): number {
  const t = s.trim().replace(',', '.');
  const n = Number(t);
  if (!t || !Number.isFinite(n)) throw invalid(`"${s}" is not a number`, field);
  return n;
}

/** `min..max`, `min..`, `..max`, or a single number (min = max). */
export function parseRange(value: string, field: string): { min?: number; max?: number } {
  const i = value.indexOf('..');
  if (i < 0) {
    const n = parseNumber(value, field);
    return { min: n, max: n };
  }
  const [l, r] = [value.slice(0, i).trim(), value.slice(i + 2).trim()];
  if (r.includes('..')) throw invalid(`"${value}" is not a range min..max`, field);
  const out: { min?: number; max?: number } = {};
  if (l) out.min = parseNumber(l, field);
  if (r) out.max = parseNumber(r, field);
  if (out.min === undefined && out.max === undefined) throw invalid('a range needs min or max', field);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) throw invalid('min is greater than max', field);
  return out;
}

function parseBoolean(value: string, field: string): boolean {
  const l = value.trim().toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  throw invalid('must be true or false', field);
}

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function optionCode(a: AttributeDefinition, raw: string, field: string): string {
  const lower = raw.toLowerCase();
  const o = a.options.find((o) => o.code === raw || o.value.toLowerCase() === lower || o.value_en?.toLowerCase() === lower);
  if (!o) throw invalid(`unknown option "${raw}" of ${a.code}`, field);
  return o.code;
}

/** One filter typed by its attribute definition (or a reserved code). */
export function toFilter(code: string, value: string, attr: AttributeDefinition | null): Filter {
  const field = `filter[${code}]`;
  if (code === 'brand') return { kind: 'terms', code, values: list(value).map((s) => s.toLowerCase()) };
  if (code === 'price') {
    const r = parseRange(value, field);
    return { kind: 'range', code, ...r };
  }
  if (code === 'in_stock') return { kind: 'boolean', code, value: parseBoolean(value, field) };
  if (!attr) throw invalid(`unknown filter "${code}"`, field);
  switch (attr.type) {
    case 'enum':
    case 'multi_enum':
      return { kind: 'terms', code, values: list(value).map((v) => optionCode(attr, v, field)) };
    case 'number':
      return { kind: 'range', code, ...parseRange(value, field) };
    case 'range':
      return { kind: 'range', code, ...parseRange(value, field), span: true };
    case 'boolean':
      return { kind: 'boolean', code, value: parseBoolean(value, field) };
    default:
      return { kind: 'terms', code, values: list(value) };
  }
}

export function facetFor(a: AttributeDefinition): FacetRequest | null {
  switch (a.type) {
    case 'enum':
    case 'multi_enum':
      return { kind: 'terms', code: a.code, multi: a.type === 'multi_enum' };
    case 'number':
      return { kind: 'range', code: a.code };
    case 'range':
      return { kind: 'range', code: a.code, span: true };
    case 'boolean':
      return { kind: 'boolean', code: a.code };
    default:
      return null;
  }
}

/** Facets of a category: brand, price, stock, then its filterable attributes in matrix order. */
export function facetsOf(matrix: EffectiveMatrix | null, only?: string[]): FacetRequest[] {
  const attrs = (matrix?.entries ?? [])
    .filter((e) => e.filterable)
    .sort((x, y) => x.position - y.position || x.attribute.position - y.attribute.position || x.attribute.id - y.attribute.id)
    .flatMap((e) => {
      const f = facetFor(e.attribute);
      return f ? [f] : [];
    });
  const all = [...RESERVED_FACETS, ...attrs];
  if (only) {
    for (const code of only) {
      if (!all.some((f) => f.code === code)) throw invalid(`"${code}" is not a facet of this category`, 'facets');
    }
    return all.filter((f) => only.includes(f.code));
  }
  return [...RESERVED_FACETS, ...attrs.slice(0, MAX_ATTRIBUTE_FACETS)];
}

export function parseSort(sort: string | undefined): SearchSort {
  const s = sort ?? 'relevance';
  if (!['relevance', 'price_asc', 'price_desc', 'newest', 'popular'].includes(s)) throw invalid(`unknown sort "${s}"`, 'sort');
  return s as SearchSort;
}
