// Pure rules of search: request parsing, query tokens and the tsquery text built from them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { tsqueryText, prefixTsquery } from './engines/postgres/sql.js';
import { facetsOf, filterParams, parseRange, toFilter } from './request.js';
import { indexText, queryTokens } from './text.js';
import { HOSTILE_QUERIES } from './contract.test-suite.js';
import type { AttributeDefinition } from '../attributes/index.js';

const invalid = (field: string) => (e: unknown) => e instanceof AppError && e.code === 'SEARCH_QUERY_INVALID' && e.field === field;
const color: AttributeDefinition = {
  id: 1, code: 'color', name: 'Цвет', name_en: 'Color', type: 'enum', unit: null, min_value: null, max_value: null, pattern: null,
  required: false, filterable: true, searchable: false, variant_axis: true, group_id: null, position: 0,
  options: [{ code: 'blue', value: 'Синий', value_en: 'Blue' }, { code: 'black', value: 'Черный', value_en: 'Black' }],
};

describe('search request rules', () => {
  it('parses ranges with open ends and rejects malformed ones', () => {
    assert.deepEqual(parseRange('10..20', 'f'), { min: 10, max: 20 });
    assert.deepEqual(parseRange('..20', 'f'), { max: 20 });
    assert.deepEqual(parseRange('1,5..', 'f'), { min: 1.5 });
    assert.deepEqual(parseRange('7', 'f'), { min: 7, max: 7 });
    for (const bad of ['..', 'a..b', '5..1', '1..2..3', '']) assert.throws(() => parseRange(bad, 'f'), invalid('f'), bad);
  });

  it('reads filter[code] entries and rejects malformed codes', () => {
    assert.deepEqual([...filterParams({ 'filter[color]': 'blue,black', q: 'x', page: 1 })], [['color', 'blue,black']]);
    assert.deepEqual([...filterParams({ 'filter[color]': ['blue', 'black'] })], [['color', 'blue,black']]);
    assert.throws(() => filterParams({ 'filter[Bad-Code]': '1' }), invalid('filter[Bad-Code]'));
    assert.throws(() => filterParams({ 'filter[color]': ' ' }), invalid('filter[color]'));
  });

  it('types a filter by its attribute: option labels become codes, unknown options are rejected', () => {
    assert.deepEqual(toFilter('color', 'синий,black', color), { kind: 'terms', code: 'color', values: ['blue', 'black'] });
    assert.throws(() => toFilter('color', 'пурпурный', color), invalid('filter[color]'));
    assert.throws(() => toFilter('weight', '1..2', null), invalid('filter[weight]'));
    assert.deepEqual(toFilter('in_stock', 'да', null), { kind: 'boolean', code: 'in_stock', value: true });
  });

  it('lists brand, price and stock facets first, then filterable attributes', () => {
    const facets = facetsOf({ category_id: 1, entries: [{ attribute: color, required: false, filterable: true, position: 0, source_category_id: 1 }] });
    assert.deepEqual(facets.map((f) => f.code), ['brand', 'price', 'in_stock', 'color']);
    // an enum holds one value per product: the engine may skip looking for lists
    assert.deepEqual(facets[3], { kind: 'terms', code: 'color', multi: false });
    const tags = facetsOf({ category_id: 1, entries: [{ attribute: { ...color, code: 'tags', type: 'multi_enum' }, required: false, filterable: true, position: 0, source_category_id: 1 }] });
    assert.deepEqual(tags[3], { kind: 'terms', code: 'tags', multi: true });
    assert.throws(() => facetsOf(null, ['color']), invalid('facets'));
  });
});

describe('query tokens', () => {
  it('cuts documents and queries into the same letter/digit tokens', () => {
    assert.deepEqual(queryTokens('Смартфон 8/256 ГБ WH-1000XM5 ёлка'), ['смартфон', '8', '256', 'гб', 'wh', '1000xm5', 'елка']);
    assert.equal(indexText('VT-0000123'), 'vt 0000123');
    assert.deepEqual(queryTokens('𝔰𝔞𝔪𝔰𝔲𝔫𝔤'), ['samsung']);
  });

  it('caps a long query and keeps every hostile string out of tsquery syntax', () => {
    assert.ok(queryTokens('слово '.repeat(5000)).length === 1);
    for (const q of HOSTILE_QUERIES) {
      const tokens = queryTokens(q);
      assert.ok(tokens.length <= 12);
      const text = tsqueryText(tokens.map((t) => [[t]])) + prefixTsquery(tokens);
      // only quoted tokens, operators and parentheses we wrote ourselves
      assert.match(text.replace(/'[\p{L}\p{N}]+'(:\*)?/gu, ''), /^[\s()&|]*$/u, JSON.stringify(q.slice(0, 20)));
    }
  });
});
