import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { catalogStats, importProductsFile, type ImportReport } from './index.js';

for (const { kind, skip } of await databaseKinds()) {
  describe(`NDJSON product import on ${kind}`, { skip }, () => {
    let t: TestApp;
    let leaf: { id: number; path: string };
    let other: { id: number; path: string };
    let valid: Record<string, unknown>;
    let enumCode: string;
    let numberCode: string | undefined;
    const db = () => t.deps.db.kysely;

    const post = (body: string, token: string | null = t.adminToken) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/import/products',
        headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: body,
      });
    const ndjson = (...lines: (object | string)[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
    const row = (sku: string, extra: Record<string, unknown> = {}) => ({
      sku,
      name: `Товар ${sku}`,
      brand: 'Тестовый бренд',
      status: 'published',
      categories: [leaf.path],
      attributes: valid,
      images: [{ url: '/media/test/1.jpg', alt: 'фото' }],
      tags: ['Новинка', 'Хит продаж'],
      offers: [
        { source: 'own', price: 129_900, old_price: 149_900, stock: { msk: 5, spb: 0 } },
        { source: 'supplier', source_ref: 'sup-1', price: 119_900, stock: { msk: 0 } },
      ],
      ...extra,
    });

    before(async () => {
      t = await createTestApp(kind);
      await t.services.bulk.seed({ categories: 40, products: 60, seed: 3 });
      // a product type with products, and a valid set of values for it taken from one of them
      const p = await db()
        .selectFrom('products as p')
        .innerJoin('categories as c', 'c.id', 'p.primary_category_id')
        .select(['c.id', 'c.path', 'p.attributes'])
        .where((eb) => eb.not(eb.exists(eb.selectFrom('product_categories as pc').select('pc.product_id').whereRef('pc.product_id', '=', 'p.id').where('pc.is_primary', '=', false))))
        .orderBy('p.id')
        .executeTakeFirstOrThrow();
      leaf = { id: p.id, path: p.path };
      valid = p.attributes;
      const o = await db().selectFrom('categories').select(['id', 'path']).where('id', '<>', leaf.id).where('depth', '=', 0).executeTakeFirstOrThrow();
      other = o;
      const matrix = await t.services.attributes.effectiveMatrix(leaf.id);
      enumCode = matrix.entries.find((e) => e.attribute.type === 'enum' && e.attribute.code in valid)!.attribute.code;
      numberCode = matrix.entries.find((e) => e.attribute.type === 'number' && e.attribute.max_value !== null && e.attribute.code in valid)?.attribute.code;
    });
    after(async () => {
      await t?.close();
    });

    const file = () =>
      ndjson(
        row('IMP-1'), // 1 good
        '{"sku": "IMP-2", "name": "Битая строка"', // 2 malformed JSON
        row('IMP-3', { categories: ['net/takoy/kategorii'] }), // 3 unknown category
        row('IMP-4', { attributes: { ...valid, [enumCode]: 'нет-такого-значения' } }), // 4 invalid attribute value
        row('IMP-1', { name: 'Дубликат' }), // 5 duplicate SKU
        row('IMP-6', { offers: [{ source: 'own', price: -5, stock: {} }] }), // 6 invalid offer
        '', // 7 blank: skipped, still counted as a line
        row('IMP-8', { categories: [leaf.id, other.id], primary_category: leaf.id, slug: 'moy-tovar-8' }), // 8 good, two categories
        row('IMP-9', { offers: [{ source: 'own', price: 1000, old_price: 900 }] }), // 9 old_price below price
        row('IMP-10', { status: 'draft', tags: [] }), // 10 good
      );

    let report: ImportReport;
    it('reports every bad line with its number and reason and lands every good one', async () => {
      const r = await post(file());
      assert.equal(r.statusCode, 200, r.body);
      report = r.json();
      assert.equal(report.received, 9);
      assert.equal(report.imported, 3);
      assert.equal(report.created, 3);
      assert.equal(report.updated, 0);
      assert.equal(report.failed, 6);
      assert.equal(report.errors_truncated, false);
      const byLine = new Map(report.errors.map((e) => [e.line, e]));
      assert.deepEqual([...byLine.keys()], [2, 3, 4, 5, 6, 9]);
      assert.equal(byLine.get(2)!.code, 'IMPORT_LINE_INVALID');
      assert.match(byLine.get(2)!.message, /malformed JSON/);
      assert.equal(byLine.get(3)!.code, 'CATALOG_CATEGORY_NOT_FOUND');
      assert.equal(byLine.get(3)!.field, 'categories[0]');
      assert.equal(byLine.get(4)!.code, 'CATALOG_ATTRIBUTE_INVALID');
      assert.equal(byLine.get(4)!.field, `attributes.${enumCode}`);
      assert.equal(byLine.get(4)!.sku, 'IMP-4');
      assert.equal(byLine.get(5)!.code, 'IMPORT_SKU_DUPLICATE');
      assert.match(byLine.get(5)!.message, /line 1/);
      assert.equal(byLine.get(6)!.code, 'OFFER_INVALID');
      assert.equal(byLine.get(6)!.field, 'offers[0].price');
      assert.equal(byLine.get(9)!.code, 'OFFER_INVALID');
      assert.equal(byLine.get(9)!.field, 'offers[0].old_price');

      const landed = await db().selectFrom('products').selectAll().where('sku', 'like', 'IMP-%').orderBy('sku').execute();
      assert.deepEqual(landed.map((p) => p.sku), ['IMP-1', 'IMP-10', 'IMP-8']);
      const p1 = landed.find((p) => p.sku === 'IMP-1')!;
      assert.equal(p1.status, 'published');
      assert.equal(p1.name, 'Товар IMP-1');
      assert.deepEqual(p1.attributes, valid);
      assert.ok(p1.category_tree_ids.includes(leaf.id));
      // best offer: both in stock? no — only own has stock, so it wins over the cheaper supplier
      assert.equal(p1.best_price, 129_900);
      assert.equal(p1.best_old_price, 149_900);
      assert.equal(p1.in_stock, true);
      const p8 = landed.find((p) => p.sku === 'IMP-8')!;
      assert.equal(p8.slug, 'moy-tovar-8');
      assert.ok(p8.category_tree_ids.includes(other.id));
      const links = await db().selectFrom('product_categories').select(['category_id', 'is_primary']).where('product_id', '=', p8.id).orderBy('category_id').execute();
      assert.deepEqual(new Set(links.map((l) => l.category_id)), new Set([leaf.id, other.id]));
      assert.equal(links.find((l) => l.is_primary)!.category_id, leaf.id);
      const brand = await db().selectFrom('brands').select(['id', 'slug']).where('name', '=', 'Тестовый бренд').executeTakeFirstOrThrow();
      assert.equal(p1.brand_id, brand.id);
      const tags = await db().selectFrom('taggings').select('tag_id').where('entity_type', '=', 'product').where('entity_id', '=', p1.id).execute();
      assert.equal(tags.length, 2);
      const offers = await db().selectFrom('offers').selectAll().where('product_id', '=', p1.id).execute();
      assert.equal(offers.length, 2);
      assert.equal(offers.find((o) => o.source === 'own')!.stock_total, 5);
    });

    it('re-importing the same file updates the products instead of duplicating them', async () => {
      const before = await catalogStats(t.deps.db);
      const r = await post(file().replace('"Товар IMP-10"', '"Товар IMP-10, обновленный"'));
      const again: ImportReport = r.json();
      assert.equal(again.imported, 3);
      assert.equal(again.created, 0);
      assert.equal(again.updated, 3);
      assert.equal(again.failed, 6);
      assert.deepEqual(await catalogStats(t.deps.db), before);
      const p10 = await db().selectFrom('products').select(['name', 'slug']).where('sku', '=', 'IMP-10').executeTakeFirstOrThrow();
      assert.equal(p10.name, 'Товар IMP-10, обновленный');
      assert.match(p10.slug, /imp-10$/, 'an existing product keeps its slug');
    });

    it('changes an offer in place and keeps the best offer in step', async () => {
      const r = await post(ndjson(row('IMP-1', { offers: [{ source: 'supplier', source_ref: 'sup-1', price: 99_900, stock: { ekb: 3 } }] })));
      assert.equal(r.json().imported, 1);
      const p1 = await db().selectFrom('products').select(['id', 'best_price', 'in_stock']).where('sku', '=', 'IMP-1').executeTakeFirstOrThrow();
      assert.equal(p1.best_price, 99_900, 'the supplier now has stock and the lower price');
      const offers = await db().selectFrom('offers').select('id').where('product_id', '=', p1.id).execute();
      assert.equal(offers.length, 2, 'offers not listed are left alone');
    });

    it('follows the product life cycle for existing products', async () => {
      const r = await post(ndjson(row('IMP-1', { status: 'draft' }), row('IMP-10', { status: 'published' })));
      const rep: ImportReport = r.json();
      assert.equal(rep.imported, 1, JSON.stringify(rep.errors));
      assert.equal(rep.errors[0]!.line, 1);
      assert.equal(rep.errors[0]!.code, 'CATALOG_PRODUCT_STATUS_TRANSITION');
    });

    it('rejects a slug another product holds, a value out of range and a missing category list', async () => {
      const lines = [
        row('IMP-20', { slug: 'moy-tovar-8' }),
        ...(numberCode ? [row('IMP-21', { attributes: { ...valid, [numberCode]: 10 ** 12 } })] : []),
        { sku: 'IMP-22', name: 'Без категорий' },
        row('IMP-23', { attributes: { ...valid, no_such_attribute: 1 } }),
      ];
      const rep: ImportReport = (await post(ndjson(...lines))).json();
      assert.equal(rep.imported, 0);
      const codes = rep.errors.map((e) => e.code);
      assert.ok(codes.includes('CATALOG_PRODUCT_SLUG_TAKEN'));
      if (numberCode) assert.ok(codes.includes('CATALOG_ATTRIBUTE_INVALID'));
      assert.ok(codes.includes('IMPORT_LINE_INVALID'));
      assert.ok(codes.includes('CATALOG_ATTRIBUTE_NOT_IN_MATRIX'));
    });

    it('needs an admin token', async () => {
      assert.equal((await post(ndjson(row('IMP-30')), null)).statusCode, 401);
    });

    it('writes one catalog.bulk_imported event per import, not one per row', async () => {
      const events = await db().selectFrom('outbox').select('payload').where('topic', '=', 'catalog.bulk_imported').where('key', '=', 'products').execute();
      // four imports landed something above (the last two landed 0 rows and publish nothing)
      assert.equal(events.length, 4);
      assert.deepEqual(events[0]!.payload, { products: 3, offers: 6 });
    });

    it('imports a file from the CLI entry point with byte progress, in batches', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-import-'));
      try {
        const f = path.join(dir, 'products.ndjson');
        writeFileSync(f, ndjson(...Array.from({ length: 250 }, (_, i) => row(`CLI-${i}`, { tags: [] })), 'not json'));
        let bytes = 0;
        const rep = await importProductsFile(t.deps, f, (p) => (bytes = p.bytes), { batchSize: 100 });
        assert.equal(rep.imported, 250);
        assert.equal(rep.failed, 1);
        assert.equal(rep.errors[0]!.line, 251);
        assert.ok(bytes > 10_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
