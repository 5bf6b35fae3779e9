// Typed attribute values checked against an effective matrix. Compiled once per matrix so the
// bulk importer can validate a million products without re-deriving rules per row.
import type { AttributeValue } from '../../platform/db/schema.js';
import type { EffectiveMatrix, MatrixEntry } from './matrix-types.js';

export interface AttributeProblem {
  code: 'CATALOG_ATTRIBUTE_INVALID' | 'CATALOG_ATTRIBUTE_REQUIRED' | 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX';
  field: string;
  message: string;
}

export interface ValidationOutcome {
  values: Record<string, AttributeValue>;
  problems: AttributeProblem[];
}

// 1C and spreadsheets send booleans as words or digits
const TRUE = new Set(['true', 'да', 'yes', '1']);
const FALSE = new Set(['false', 'нет', 'no', '0']);

type Check = (raw: unknown, field: string, problems: AttributeProblem[]) => AttributeValue | undefined;

const invalid = (problems: AttributeProblem[], field: string, message: string) => {
  problems.push({ code: 'CATALOG_ATTRIBUTE_INVALID', field, message });
  return undefined;
};

function numberCheck(e: MatrixEntry): (n: unknown, field: string, p: AttributeProblem[]) => number | undefined {
  const { min_value: min, max_value: max, unit } = e.attribute;
  return (raw, field, p) => {
    let n = raw;
    // "256 ГБ" from a 1C producer: a number followed by the attribute's own unit is accepted
    if (typeof n === 'string') {
      const m = /^\s*(-?\d+(?:[.,]\d+)?)\s*(\S.*)?$/.exec(n);
      if (m && (!m[2] || (unit && m[2].trim().toLowerCase() === unit.toLowerCase()))) n = Number(m[1]!.replace(',', '.'));
    }
    if (typeof n !== 'number' || !Number.isFinite(n)) return invalid(p, field, `must be a number${unit ? ` (in ${unit})` : ''}`) as undefined;
    if (min !== null && n < min) return invalid(p, field, `must be at least ${min}`) as undefined;
    if (max !== null && n > max) return invalid(p, field, `must be at most ${max}`) as undefined;
    return n;
  };
}

function compileCheck(e: MatrixEntry): Check {
  const a = e.attribute;
  switch (a.type) {
    case 'text': {
      const re = a.pattern ? new RegExp(a.pattern, 'u') : null;
      return (raw, field, p) => {
        if (typeof raw !== 'string') return invalid(p, field, 'must be a string');
        const s = raw.trim();
        if (!s) return invalid(p, field, 'must not be empty');
        if (s.length > 2000) return invalid(p, field, 'must be at most 2000 characters');
        if (re && !re.test(s)) return invalid(p, field, `must match the pattern ${a.pattern}`);
        return s;
      };
    }
    case 'number':
      return numberCheck(e);
    case 'boolean':
      return (raw, field, p) => {
        if (typeof raw === 'boolean') return raw;
        const s = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : '';
        if (TRUE.has(s)) return true;
        if (FALSE.has(s)) return false;
        return invalid(p, field, 'must be true or false');
      };
    case 'enum':
    case 'multi_enum': {
      // options are matched by code, or by their Russian or English label (1C sends labels)
      const byKey = new Map<string, string>();
      for (const o of a.options) {
        byKey.set(o.code, o.code);
        byKey.set(o.value.toLowerCase(), o.code);
        if (o.value_en) byKey.set(o.value_en.toLowerCase(), o.code);
      }
      const one = (raw: unknown, field: string, p: AttributeProblem[]) => {
        if (typeof raw !== 'string' && typeof raw !== 'number') return invalid(p, field, 'must be an option code');
        const code = byKey.get(String(raw)) ?? byKey.get(String(raw).toLowerCase());
        if (!code) {
          const sample = a.options.slice(0, 8).map((o) => o.code).join(', ');
          return invalid(p, field, `unknown option "${raw}"; allowed: ${sample}${a.options.length > 8 ? ', …' : ''}`);
        }
        return code;
      };
      if (a.type === 'enum') return one;
      return (raw, field, p) => {
        const list = Array.isArray(raw) ? raw : [raw];
        if (!list.length) return invalid(p, field, 'must list at least one option');
        const out: string[] = [];
        for (let i = 0; i < list.length; i++) {
          const c = one(list[i], `${field}[${i}]`, p);
          if (c === undefined) return undefined;
          if (!out.includes(c)) out.push(c);
        }
        return out;
      };
    }
    case 'range': {
      const num = numberCheck(e);
      return (raw, field, p) => {
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          return invalid(p, field, 'must be an object {min, max}');
        }
        const r = raw as Record<string, unknown>;
        const min = num(r.min, `${field}.min`, p);
        const max = num(r.max, `${field}.max`, p);
        if (min === undefined || max === undefined) return undefined;
        if (min > max) return invalid(p, field, 'min must not exceed max');
        return { min, max };
      };
    }
  }
}

export type MatrixValidator = (attributes: Record<string, unknown> | undefined | null, fieldPrefix?: string) => ValidationOutcome;

export function compileMatrixValidator(matrix: EffectiveMatrix): MatrixValidator {
  const checks = new Map<string, Check>();
  const required: string[] = [];
  for (const e of matrix.entries) {
    checks.set(e.attribute.code, compileCheck(e));
    if (e.required) required.push(e.attribute.code);
  }
  return (attributes, prefix = 'attributes') => {
    const values: Record<string, AttributeValue> = {};
    const problems: AttributeProblem[] = [];
    const input = attributes ?? {};
    for (const key of Object.keys(input)) {
      const raw = input[key];
      const field = `${prefix}.${key}`;
      const check = checks.get(key);
      if (!check) {
        problems.push({
          code: 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX',
          field,
          message: `attribute "${key}" is not in the matrix of the product's categories`,
        });
        continue;
      }
      if (raw === null || raw === undefined) continue; // null clears a value
      const v = check(raw, field, problems);
      if (v !== undefined) values[key] = v;
    }
    for (const code of required) {
      if (!(code in values) && !problems.some((p) => p.field === `${prefix}.${code}`)) {
        problems.push({ code: 'CATALOG_ATTRIBUTE_REQUIRED', field: `${prefix}.${code}`, message: 'is required in this category' });
      }
    }
    return { values, problems };
  };
}
