// Consistency rules of an attribute definition. Pure: the service runs them on the merged result of
// a create or a patch, so every path (HTTP, seed, bulk) gets the same 422 naming the field.
import type { AttributeType } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { CODE_PATTERN, OPTION_CODE_PATTERN } from './schemas.js';

export interface DefinitionDraft {
  code: string;
  type: AttributeType;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  pattern: string | null;
  variant_axis: boolean;
  options: { code: string; value: string; value_en?: string | null; position?: number }[];
}

const CODE_RE = new RegExp(CODE_PATTERN);
const OPTION_CODE_RE = new RegExp(OPTION_CODE_PATTERN);
const ENUMS: AttributeType[] = ['enum', 'multi_enum'];
const NUMERIC: AttributeType[] = ['number', 'range'];
// A variant axis splits a product group into sellable variants: it needs a small discrete set of values.
const AXIS_TYPES: AttributeType[] = ['enum', 'number', 'boolean'];

const invalid = (field: string, message: string) => new AppError('CATALOG_ATTRIBUTE_DEFINITION_INVALID', message, field);

export function checkCode(code: string, field = 'code'): void {
  if (!CODE_RE.test(code) || code.length > 64) {
    throw invalid(field, `code "${code}" must match ${CODE_PATTERN} (latin lower case, digits, underscores; at most 64)`);
  }
}

export function checkDefinition(d: DefinitionDraft): void {
  checkCode(d.code);
  const isEnum = ENUMS.includes(d.type);
  if (!isEnum && d.options.length) throw invalid('options', `a ${d.type} attribute has no options; only enum and multi_enum do`);
  if (isEnum && !d.options.length) throw invalid('options', `an ${d.type} attribute needs at least one option`);
  if (d.unit !== null && !NUMERIC.includes(d.type)) throw invalid('unit', `a unit applies to number and range attributes, not ${d.type}`);
  if (!NUMERIC.includes(d.type)) {
    if (d.min_value !== null) throw invalid('min_value', `min_value applies to number and range attributes, not ${d.type}`);
    if (d.max_value !== null) throw invalid('max_value', `max_value applies to number and range attributes, not ${d.type}`);
  }
  if (d.min_value !== null && d.max_value !== null && d.min_value > d.max_value) {
    throw invalid('min_value', `min_value ${d.min_value} exceeds max_value ${d.max_value}`);
  }
  if (d.pattern !== null) {
    if (d.type !== 'text') throw invalid('pattern', `a pattern applies to text attributes, not ${d.type}`);
    try {
      new RegExp(d.pattern, 'u'); // the validator compiles it the same way
    } catch (e) {
      throw invalid('pattern', `not a valid regular expression: ${(e as Error).message}`);
    }
  }
  if (d.variant_axis && !AXIS_TYPES.includes(d.type)) {
    throw invalid('variant_axis', `a variant axis must be an enum, number or boolean attribute, not ${d.type}`);
  }
  checkOptions(d.options);
}

export interface OptionCheckStyle {
  /** error for two options claiming one key: 422 inside a definition, 409 when adding to a saved list */
  conflict: 'CATALOG_ATTRIBUTE_DEFINITION_INVALID' | 'CATALOG_ATTRIBUTE_OPTION_TAKEN';
  field: (index: number, key: 'code' | 'value' | 'value_en') => string;
}

const IN_DEFINITION: OptionCheckStyle = {
  conflict: 'CATALOG_ATTRIBUTE_DEFINITION_INVALID',
  field: (i, key) => `options[${i}].${key}`,
};

/**
 * Codes must be unique, and so must every key the validator matches values by (the code and the
 * lower-cased Russian and English labels): otherwise "Чёрный" could mean two options.
 */
export function checkOptions(options: DefinitionDraft['options'], style: OptionCheckStyle = IN_DEFINITION): void {
  const owner = new Map<string, number>();
  const claim = (key: string, i: number, which: 'code' | 'value' | 'value_en') => {
    const prev = owner.get(key);
    if (prev !== undefined && prev !== i) {
      throw new AppError(style.conflict, `"${key}" already identifies option "${options[prev]!.code}"`, style.field(i, which));
    }
    owner.set(key, i);
  };
  options.forEach((o, i) => {
    if (!OPTION_CODE_RE.test(o.code) || o.code.length > 64) {
      throw invalid(style.field(i, 'code'), `option code "${o.code}" must match ${OPTION_CODE_PATTERN}`);
    }
    if (!o.value.trim()) throw invalid(style.field(i, 'value'), 'an option needs a label');
    claim(o.code, i, 'code');
  });
  options.forEach((o, i) => {
    claim(o.value.toLowerCase(), i, 'value');
    if (o.value_en) claim(o.value_en.toLowerCase(), i, 'value_en');
  });
}
