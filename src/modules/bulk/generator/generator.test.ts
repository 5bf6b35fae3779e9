import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateCatalog } from './index.js';
import { effectiveMatrix, indexMatrix } from './structure.js';

const small = { categories: 60, products: 400, seed: 42 };

describe('catalog generator', () => {
  it('produces the same catalog for the same seed, product by product', () => {
    const a = generateCatalog(small);
    const b = generateCatalog(small);
    assert.deepEqual(a.categories, b.categories);
    assert.deepEqual(a.attributes, b.attributes);
    assert.deepEqual(a.matrix, b.matrix);
    assert.deepEqual(a.brands, b.brands);
    for (let i = 0; i < 50; i++) assert.deepEqual({ ...b.product(i), attributes: { ...b.product(i).attributes } }, { ...a.product(i), attributes: { ...a.product(i).attributes } });
    // random access and streaming agree
    assert.deepEqual([...a.products(10, 12)].map((p) => p.sku), [a.product(10).sku, a.product(11).sku]);
  });

  it('produces a different catalog for a different seed', () => {
    const a = generateCatalog(small);
    const b = generateCatalog({ ...small, seed: 7 });
    assert.notDeepEqual(
      Array.from({ length: 20 }, (_, i) => a.product(i).name),
      Array.from({ length: 20 }, (_, i) => b.product(i).name),
    );
    assert.notDeepEqual(a.matrix, b.matrix);
  });

  it('builds a Russian category tree at least four levels deep with unique slugs and paths', () => {
    for (const n of [60, 1200]) {
      const c = generateCatalog({ categories: n, products: 0, seed: 42 });
      assert.equal(c.categories.length, n);
      assert.ok(Math.max(...c.categories.map((x) => x.depth)) >= 3, 'depth 0..3 = four levels');
      assert.equal(new Set(c.categories.map((x) => x.slug)).size, n);
      assert.equal(new Set(c.categories.map((x) => x.path)).size, n);
      for (const x of c.categories) {
        assert.match(x.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.match(x.name, /[А-Яа-яЁё]/);
        assert.equal(x.ancestor_ids[x.ancestor_ids.length - 1], x.id);
      }
    }
    const big = generateCatalog({ categories: 9000, products: 0, seed: 42 });
    assert.equal(big.categories.filter((x) => x.depth === 0).length, 12);
    assert.ok(big.categories.some((x) => x.name === 'Смартфоны'));
    assert.ok(big.attributes.length >= 300 && big.attributes.length <= 600, `${big.attributes.length} attributes`);
    assert.deepEqual(new Set(big.attributes.map((a) => a.type)), new Set(['text', 'number', 'boolean', 'enum', 'multi_enum', 'range']));
  });

  it('shares attributes across unrelated branches, and hides or overrides some deeper down', () => {
    const c = generateCatalog({ categories: 1200, products: 0, seed: 42 });
    const color = c.attributes.find((a) => a.code === 'color')!;
    const roots = new Set(c.matrix.filter((e) => e.attribute_id === color.id).map((e) => c.categories[e.category_id - 1]!.root));
    assert.ok(roots.size >= 5, 'color serves many departments');
    assert.ok(c.matrix.some((e) => e.hidden));
    assert.ok(c.matrix.some((e) => !e.hidden && e.filterable !== null && c.categories[e.category_id - 1]!.depth >= 2));
    assert.ok(c.attributes.some((a) => a.variant_axis));
  });

  it('gives every product 10–30 values its primary category allows, a Russian name, offers in kopecks', () => {
    const c = generateCatalog({ categories: 300, products: 2000, seed: 42 });
    const index = indexMatrix(c.matrix);
    const statuses = new Map<string, number>();
    const groups = new Map<string, Set<number>>();
    for (const p of c.products()) {
      const allowed = new Set([...effectiveMatrix(c.categories[p.primary_category_id - 1]!, index, c.attributes).keys()].map((id) => c.attributes[id - 1]!.code));
      const codes = Object.keys(p.attributes);
      assert.ok(codes.length >= 10 && codes.length <= 30, `${p.sku} has ${codes.length} values`);
      for (const code of codes) assert.ok(allowed.has(code), `${p.sku}: ${code} is not in its matrix`);
      assert.match(p.name, /^[А-ЯЁ]/);
      assert.match(p.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(p.offers.length >= 1 && p.offers.length <= 4);
      const refs = new Set(p.offers.map((o) => `${o.source}|${o.source_ref}`));
      assert.equal(refs.size, p.offers.length, 'one offer per source');
      for (const o of p.offers) {
        assert.ok(Number.isSafeInteger(o.price) && o.price > 0 && o.price % 100 === 0);
        if (o.old_price !== null) assert.ok(o.old_price > o.price);
        assert.equal(o.stock_total, Object.values(o.stock).reduce((s, q) => s + q, 0));
      }
      for (const img of p.images) assert.match(img.url, /^\/media\//);
      statuses.set(p.status, (statuses.get(p.status) ?? 0) + 1);
      if (p.variant_group) {
        if (!groups.has(p.variant_group)) groups.set(p.variant_group, new Set());
        groups.get(p.variant_group)!.add(p.primary_category_id);
      }
      const leaf = c.categories[p.primary_category_id - 1]!;
      if (leaf.brand) assert.equal(p.brand, leaf.brand, 'a brand category holds that brand');
    }
    assert.ok(statuses.get('published')! > 1700, 'mostly published');
    assert.ok(groups.size > 20, 'some variant groups');
    for (const cats of groups.values()) assert.equal(cats.size, 1, 'variants share their category');
    assert.equal(new Set(Array.from({ length: 2000 }, (_, i) => c.product(i).slug)).size, 2000);
  });

  it('names products from category, brand, model and key attributes', () => {
    const c = generateCatalog({ categories: 9000, products: 3000, seed: 42 });
    const phones = [...c.products()].filter((p) => p.name.startsWith('Смартфон '));
    assert.ok(phones.length > 3);
    assert.ok(phones.some((p) => /\d+\/\d+ (ГБ|ТБ)/.test(p.name)), phones.map((p) => p.name).join('; '));
  });
});
