import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeDefinition, EffectiveMatrix, MatrixEntry } from './matrix-types.js';
import { compileMatrixValidator } from './validate.js';

let nextId = 1;
function attr(code: string, over: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return {
    id: nextId++,
    code,
    name: code,
    name_en: null,
    type: 'text',
    unit: null,
    min_value: null,
    max_value: null,
    pattern: null,
    required: false,
    filterable: false,
    searchable: false,
    variant_axis: false,
    group_id: null,
    position: 0,
    options: [],
    ...over,
  };
}
const entry = (attribute: AttributeDefinition, required = false): MatrixEntry => ({
  attribute,
  required,
  filterable: false,
  position: 0,
  source_category_id: 1,
});

const matrix: EffectiveMatrix = {
  category_id: 1,
  entries: [
    entry(attr('memory', { type: 'number', unit: 'ГБ', min_value: 1, max_value: 2048 }), true),
    entry(attr('model', { type: 'text', pattern: '^[A-Z][A-Za-z0-9-]+$' })),
    entry(attr('nfc', { type: 'boolean' })),
    entry(
      attr('color', {
        type: 'enum',
        options: [
          { code: 'black', value: 'Чёрный', value_en: 'Black' },
          { code: 'white', value: 'Белый', value_en: null },
        ],
      }),
    ),
    entry(
      attr('bands', {
        type: 'multi_enum',
        options: [
          { code: 'lte', value: 'LTE', value_en: null },
          { code: '5g', value: '5G', value_en: null },
        ],
      }),
    ),
    entry(attr('temperature', { type: 'range', unit: '°C', min_value: -60, max_value: 100 })),
  ],
};
const validate = compileMatrixValidator(matrix);
const check = (attributes: Record<string, unknown>) => validate({ memory: 128, ...attributes });
const problem = (attributes: Record<string, unknown>) => {
  const { problems } = check(attributes);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0]!;
};

describe('matrix validator', () => {
  it('accepts a number, or a string of a number followed by the attribute unit ("256 ГБ")', () => {
    assert.deepEqual(validate({ memory: 64 }).values, { memory: 64 });
    assert.deepEqual(validate({ memory: '256 ГБ' }).values, { memory: 256 });
    assert.deepEqual(validate({ memory: '1,5 гб' }).values, { memory: 1.5 });
    assert.deepEqual(validate({ memory: '512' }).values, { memory: 512 });
  });

  it('rejects a number with another unit or no number at all, naming the field', () => {
    assert.deepEqual(
      { code: problem({ memory: '256 МБ' }).code, field: problem({ memory: '256 МБ' }).field },
      { code: 'CATALOG_ATTRIBUTE_INVALID', field: 'attributes.memory' },
    );
    assert.match(problem({ memory: 'много' }).message, /number \(in ГБ\)/);
  });

  it('enforces min_value and max_value', () => {
    assert.match(problem({ memory: 0 }).message, /at least 1/);
    assert.match(problem({ memory: 4096 }).message, /at most 2048/);
    assert.equal(validate({ memory: 2048 }).problems.length, 0);
  });

  it('checks text against the pattern and trims it', () => {
    assert.deepEqual(check({ model: '  X200-Pro ' }).values.model, 'X200-Pro');
    const p = problem({ model: 'x200' });
    assert.equal(p.field, 'attributes.model');
    assert.match(p.message, /pattern/);
    assert.match(problem({ model: 42 }).message, /string/);
    assert.match(problem({ model: '   ' }).message, /empty/);
  });

  it('reads booleans from true/false and the Russian "да"/"нет"', () => {
    assert.equal(check({ nfc: true }).values.nfc, true);
    assert.equal(check({ nfc: 'да' }).values.nfc, true);
    assert.equal(check({ nfc: 'нет' }).values.nfc, false);
    assert.equal(check({ nfc: 'Да' }).values.nfc, true);
    assert.equal(check({ nfc: 0 }).values.nfc, false);
    assert.equal(problem({ nfc: 'может быть' }).field, 'attributes.nfc');
  });

  it('matches an enum by option code, Russian label or English label and stores the code', () => {
    assert.equal(check({ color: 'black' }).values.color, 'black');
    assert.equal(check({ color: 'Чёрный' }).values.color, 'black');
    assert.equal(check({ color: 'чёрный' }).values.color, 'black');
    assert.equal(check({ color: 'BLACK' }).values.color, 'black');
    assert.equal(check({ color: 'Белый' }).values.color, 'white');
    const p = problem({ color: 'Красный' });
    assert.equal(p.field, 'attributes.color');
    assert.match(p.message, /unknown option "Красный"; allowed: black, white/);
  });

  it('takes a multi_enum as a list (or one value), dedupes it and names the bad element', () => {
    assert.deepEqual(check({ bands: ['LTE', '5g', 'lte'] }).values.bands, ['lte', '5g']);
    assert.deepEqual(check({ bands: '5G' }).values.bands, ['5g']);
    assert.equal(problem({ bands: ['lte', '3g'] }).field, 'attributes.bands[1]');
    assert.match(problem({ bands: [] }).message, /at least one/);
  });

  it('checks a range as {min, max} numbers in the unit, within the bounds, min not above max', () => {
    assert.deepEqual(check({ temperature: { min: -20, max: '45 °C' } }).values.temperature, { min: -20, max: 45 });
    const p = problem({ temperature: { min: 50, max: 10 } });
    assert.equal(p.field, 'attributes.temperature');
    assert.match(p.message, /min must not exceed max/);
    assert.equal(problem({ temperature: { min: -100, max: 10 } }).field, 'attributes.temperature.min');
    assert.match(problem({ temperature: [1, 2] }).message, /\{min, max\}/);
  });

  it('reports a missing required attribute', () => {
    const { problems } = validate({ nfc: true });
    assert.deepEqual(problems, [
      { code: 'CATALOG_ATTRIBUTE_REQUIRED', field: 'attributes.memory', message: 'is required in this category' },
    ]);
  });

  it('does not report a required attribute twice when its value is invalid', () => {
    const { problems } = validate({ memory: 'x' });
    assert.deepEqual(problems.map((p) => p.code), ['CATALOG_ATTRIBUTE_INVALID']);
  });

  it('rejects an attribute that is not in the matrix', () => {
    const p = problem({ weight: 100 });
    assert.equal(p.code, 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX');
    assert.equal(p.field, 'attributes.weight');
  });

  it('treats null as "no value" and uses the given field prefix', () => {
    assert.deepEqual(validate({ memory: 8, nfc: null }).values, { memory: 8 });
    assert.equal(validate({ memory: 'x' }, 'items[3].attributes').problems[0]!.field, 'items[3].attributes.memory');
  });
});
