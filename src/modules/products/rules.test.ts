import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../platform/errors.js';
import type { EffectiveMatrix } from '../attributes/matrix-types.js';
import { axisKey, renderAttributes } from './card.js';
import { buildConditions, filterParams } from './filters.js';
import { productSlug, slugify } from './slug.js';
import { assertTransition, canTransition, creatableStatuses } from './status.js';

const attr = (code: string, type: string, extra: Record<string, unknown> = {}) => ({
  attribute: {
    id: code.length, code, name: code.toUpperCase(), name_en: null, type, unit: null, min_value: null, max_value: null,
    pattern: null, required: false, filterable: true, searchable: false, variant_axis: false, group_id: null, position: 0,
    options: [], ...extra,
  },
  required: false, filterable: true, position: 0, source_category_id: 1,
}) as EffectiveMatrix['entries'][number];

const matrix: EffectiveMatrix = {
  category_id: 1,
  entries: [
    attr('color', 'enum', { options: [{ code: 'black', value: 'Чёрный', value_en: 'Black' }], variant_axis: true, group_id: 7 }),
    attr('memory', 'number', { unit: 'ГБ', variant_axis: true }),
    attr('size', 'range', { unit: 'мм' }),
    attr('nfc', 'boolean'),
    attr('tags', 'multi_enum', { options: [{ code: '5g', value: '5G', value_en: null }] }),
  ],
};

describe('product slugs', () => {
  it('transliterates Russian names and appends the SKU', () => {
    assert.equal(slugify('Щётка для обуви «Ёжик» №5'), 'shchetka-dlya-obuvi-ezhik-5');
    assert.equal(productSlug('Смартфон Apple iPhone 15, 128 ГБ', 'APL/IP15_128'), 'smartfon-apple-iphone-15-128-gb-apl-ip15-128');
    assert.equal(productSlug('!!!', '???'), 'product');
    assert.ok(slugify('очень '.repeat(40)).length <= 80);
  });
});

describe('product status machine', () => {
  it('allows the moderation path and lets only an admin publish a draft directly', () => {
    assert.ok(canTransition('draft', 'moderation', 'moderator'));
    assert.ok(canTransition('moderation', 'draft', 'moderator'));
    assert.ok(canTransition('archived', 'draft', 'seller'));
    assert.ok(canTransition('draft', 'published', 'admin'));
    assert.ok(!canTransition('draft', 'published', 'moderator'));
    assert.ok(!canTransition('published', 'draft', 'admin'));
    assert.deepEqual(creatableStatuses('seller'), ['draft', 'moderation']);
    assert.throws(() => assertTransition('archived', 'published', 'admin'), (e: AppError) => e.code === 'CATALOG_PRODUCT_STATUS_TRANSITION' && /allowed: draft/.test(e.message));
  });
});

describe('storefront filters', () => {
  it('turns filter[code] params into GIN-friendly containment or jsonpath conditions', () => {
    const params = filterParams({ 'filter[color]': 'Black', 'filter[memory]': '64..256', 'filter[nfc]': 'да', 'filter[size]': '100', sort: 'name', 'filter[tags]': '5g' });
    assert.deepEqual(buildConditions(params, matrix), [
      [{ contains: { color: 'black' } }],
      [{ path: '$."memory" ? (@ >= 64 && @ <= 256)' }],
      [{ contains: { nfc: true } }],
      [{ path: '$."size" ? (@.min <= 100 && @.max >= 100)' }],
      [{ contains: { tags: ['5g'] } }],
    ]);
    assert.deepEqual(buildConditions(filterParams({ 'filter[memory]': '128', 'filter[weight]': '..1,5' }), matrix), [
      [{ contains: { memory: 128 } }],
      [{ path: '$."weight" ? (@ <= 1.5)' }],
    ]);
    assert.deepEqual(buildConditions(filterParams({ 'filter[other]': 'x,2' }), null), [
      [{ contains: { other: 'x' } }, { contains: { other: ['x'] } }, { contains: { other: '2' } }, { contains: { other: ['2'] } }, { contains: { other: 2 } }],
    ]);
    assert.throws(() => buildConditions(filterParams({ 'filter[memory]': 'abc..' }), matrix), (e: AppError) => e.field === 'filter[memory]');
    assert.throws(() => buildConditions(filterParams({ 'filter[color]': 'red' }), matrix), (e: AppError) => e.code === 'CATALOG_ATTRIBUTE_INVALID');
  });
});

describe('card rendering', () => {
  it('groups values by display group with labels and units, ungrouped last', () => {
    const groups = renderAttributes(matrix, { memory: 128.5, color: 'black', nfc: false, size: { min: 1, max: 2 } }, [
      { id: 7, code: 'main', name: 'Основные', position: 0 },
    ]);
    assert.deepEqual(groups.map((g) => [g.name, g.attributes.map((a) => a.display)]), [
      ['Основные', ['Чёрный']],
      ['Прочее', ['нет', '1–2 мм', '128,5 ГБ']], // equal positions: by attribute id
    ]);
  });

  it('compares variants by their axis values only', () => {
    const axes = matrix.entries.filter((e) => e.attribute.variant_axis);
    assert.equal(axisKey(axes, { color: 'black', memory: 128, nfc: true }), axisKey(axes, { color: 'black', memory: 128 }));
    assert.notEqual(axisKey(axes, { color: 'black', memory: 128 }), axisKey(axes, { color: 'black', memory: 256 }));
  });
});
