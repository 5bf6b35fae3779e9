// Storefront attribute filters: `filter[<code>]=<value>` → conditions the GIN index
// (jsonb_path_ops) can serve. Equality is JSON containment (`attributes @> {"code": value}`);
// numbers as `min..max` become a jsonpath predicate (`attributes @? '$."code" ? (@ >= min …)'`).
import type { AttributeValue } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { EffectiveMatrix, MatrixEntry } from '../attributes/matrix-types.js';
import type { AttributeCondition } from './repository.js';

const FILTER_KEY = /^filter\[([a-z][a-z0-9_]{0,62})\]$/;
const TRUE = new Set(['true', '1', 'yes', 'да']);
const FALSE = new Set(['false', '0', 'no', 'нет']);

/** The `filter[code]` entries of a parsed query string. */
export function filterParams(query: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, raw] of Object.entries(query)) {
    const m = FILTER_KEY.exec(key);
    if (!m) continue;
    const value = Array.isArray(raw) ? raw.join(',') : String(raw ?? '');
    if (value.trim()) out.set(m[1]!, value.trim());
  }
  return out;
}

function parseNumber(s: string, field: string): number {
  const n = Number(s.trim().replace(',', '.'));
  if (!s.trim() || !Number.isFinite(n)) throw new AppError('CATALOG_ATTRIBUTE_INVALID', `"${s}" is not a number`, field);
  return n;
}

function parseRange(value: string, field: string): { min: number | null; max: number | null } | null {
  const i = value.indexOf('..');
  if (i < 0) return null;
  const [left, right] = [value.slice(0, i).trim(), value.slice(i + 2).trim()];
  const min = left ? parseNumber(left, field) : null;
  const max = right ? parseNumber(right, field) : null;
  if (min === null && max === null) throw new AppError('CATALOG_ATTRIBUTE_INVALID', 'a range needs min or max', field);
  return { min, max };
}

const jsonNum = (n: number) => JSON.stringify(n);

function numberCondition(code: string, value: string, field: string, isRange: boolean): AttributeCondition {
  const key = `$."${code}"`;
  const r = parseRange(value, field);
  if (!r) {
    const n = parseNumber(value, field);
    return isRange ? [{ path: `${key} ? (@.min <= ${jsonNum(n)} && @.max >= ${jsonNum(n)})` }] : [{ contains: { [code]: n } }];
  }
  const preds: string[] = [];
  // a stored range matches when it overlaps the asked one
  if (r.min !== null) preds.push(`${isRange ? '@.max' : '@'} >= ${jsonNum(r.min)}`);
  if (r.max !== null) preds.push(`${isRange ? '@.min' : '@'} <= ${jsonNum(r.max)}`);
  return [{ path: `${key} ? (${preds.join(' && ')})` }];
}

function optionCode(entry: MatrixEntry, raw: string, field: string): string {
  const lower = raw.toLowerCase();
  const o = entry.attribute.options.find(
    (o) => o.code === raw || o.value.toLowerCase() === lower || o.value_en?.toLowerCase() === lower,
  );
  if (!o) throw new AppError('CATALOG_ATTRIBUTE_INVALID', `unknown option "${raw}"`, field);
  return o.code;
}

/** Without a definition (the attribute is only in a subcategory's matrix) the value's shape decides. */
function untypedCondition(code: string, value: string, field: string): AttributeCondition {
  if (value.includes('..')) return numberCondition(code, value, field, false);
  return value.split(',').flatMap((v): AttributeCondition => {
    const s = v.trim();
    const lower = s.toLowerCase();
    if (TRUE.has(lower) && !/^\d+$/.test(s)) return [{ contains: { [code]: true } }];
    if (FALSE.has(lower) && !/^\d+$/.test(s)) return [{ contains: { [code]: false } }];
    const alts: AttributeCondition = [{ contains: { [code]: s } }, { contains: { [code]: [s] } }];
    const n = Number(s);
    if (s && Number.isFinite(n)) alts.push({ contains: { [code]: n } });
    return alts;
  });
}

export function buildConditions(params: Map<string, string>, matrix: EffectiveMatrix | null): AttributeCondition[] {
  const byCode = new Map(matrix?.entries.map((e) => [e.attribute.code, e]) ?? []);
  const out: AttributeCondition[] = [];
  for (const [code, value] of params) {
    const field = `filter[${code}]`;
    const entry = byCode.get(code);
    if (!entry) {
      out.push(untypedCondition(code, value, field));
      continue;
    }
    const values = value.split(',').map((s) => s.trim()).filter(Boolean);
    switch (entry.attribute.type) {
      case 'number':
      case 'range':
        out.push(numberCondition(code, value, field, entry.attribute.type === 'range'));
        break;
      case 'boolean': {
        const alts = values.map((v): { contains: Record<string, AttributeValue> } => {
          const l = v.toLowerCase();
          if (TRUE.has(l)) return { contains: { [code]: true } };
          if (FALSE.has(l)) return { contains: { [code]: false } };
          throw new AppError('CATALOG_ATTRIBUTE_INVALID', 'must be true or false', field);
        });
        out.push(alts);
        break;
      }
      case 'enum':
        out.push(values.map((v) => ({ contains: { [code]: optionCode(entry, v, field) } })));
        break;
      case 'multi_enum':
        out.push(values.map((v) => ({ contains: { [code]: [optionCode(entry, v, field)] } })));
        break;
      default:
        out.push(values.map((v) => ({ contains: { [code]: v } })));
    }
  }
  return out;
}
