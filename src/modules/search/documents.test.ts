// toDocument: the pure row → SearchDocument mapping a rebuild runs a million times.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDocument, type AttrInfo, type CategoryInfo, type ProductRow } from './documents.js';

const cats = new Map<number, CategoryInfo>([
  [1, { name: 'Электроника', slug: 'electronics', ancestor_ids: [1] }],
  [2, { name: 'Смартфоны', slug: 'phones', ancestor_ids: [1, 2] }],
]);
const attr = (over: Partial<AttrInfo>): AttrInfo => ({ type: 'enum', searchable: false, filterable: true, unit: null, labels: new Map(), ...over });
const attrs = new Map<string, AttrInfo>([
  ['color', attr({ labels: new Map([['blue', 'синий']]) })],
  ['storage', attr({ type: 'number', unit: 'ГБ' })],
  ['series', attr({ type: 'text', searchable: true })],
  ['note', attr({ type: 'text', searchable: false })],
]);
const row = (attributes: ProductRow['attributes']): ProductRow => ({
  id: 7, sku: 'VT-7', slug: 'vt-7', name: 'Смартфон', description: null, brand: null, brand_slug: null, brand_id: null,
  category_tree_ids: [2, 1], primary_category_id: 2, attributes, best_price: 1000, best_currency: 'RUB', in_stock: true,
  created_at: '2026-01-02T03:04:05Z', offers: 2, reviews: 1,
});

describe('search documents', () => {
  it('maps a row: trail, sorted category ids, searchable words, popularity', () => {
    const d = toDocument(row({ color: 'blue', storage: 256, series: 'Galaxy', note: 'внутреннее' }), cats, attrs);
    assert.equal(d.category_path, 'Электроника / Смартфоны');
    assert.deepEqual(d.category_trail?.map((c) => c.id), [1, 2]);
    assert.deepEqual(d.category_ids, [1, 2]);
    assert.equal(d.attribute_text, 'синий 256 ГБ Galaxy', 'option labels, numbers with units, searchable text only');
    assert.equal(d.popularity, 12);
    assert.equal(d.created_at, '2026-01-02T03:04:05.000Z');
  });

  it('drops null attribute values, and keeps the row\'s own object when it has none', () => {
    const clean = { color: 'blue', storage: 128 };
    assert.equal(toDocument(row(clean), cats, attrs).attributes, clean);
    const withNull = { color: 'blue', storage: null, series: 'Galaxy' } as unknown as ProductRow['attributes'];
    const d = toDocument(row(withNull), cats, attrs);
    assert.deepEqual(d.attributes, { color: 'blue', series: 'Galaxy' });
    assert.equal(d.attribute_text, 'синий Galaxy');
  });
});
