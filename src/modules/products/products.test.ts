import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { count, seedCatalog, type Catalog } from './testing.js';
import type { Card, Product } from './index.js';

for (const { kind, skip } of await databaseKinds()) {
  describe(`products on ${kind}`, { skip }, () => {
    let t: TestApp;
    let c: Catalog['cat'];
    before(async () => {
      t = await createTestApp(kind);
      c = (await seedCatalog(t.deps.db.kysely)).cat;
    });
    after(async () => {
      await t?.close();
    });

    const phone = (sku: string, extra: Record<string, unknown> = {}) => ({
      sku,
      name: `Смартфон Тест ${sku}`,
      category_ids: [c.smartphones],
      brand: 'Apple',
      attributes: { color: 'black', memory: 128, screen: 6.1 },
      ...extra,
    });
    const create = async (body: Record<string, unknown>): Promise<Product> => {
      const r = await t.admin('POST', '/api/admin/products', body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    const offer = async (productId: number, body: Record<string, unknown>) => {
      const r = await t.admin('POST', `/api/admin/products/${productId}/offers`, body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    const status = (ref: string | number, s: string) => t.admin('POST', `/api/admin/products/${ref}/status`, { status: s });
    const db = () => t.deps.db.kysely;

    it('creates a product with attributes, categories, tags, images and a brand by name', async () => {
      const p = await create({
        ...phone('IP-15-128'),
        name: 'Смартфон Apple iPhone 15, 128 ГБ',
        category_ids: [c.smartphones, c.accessories],
        attributes: { color: 'Чёрный', memory: '128 ГБ', screen: 6.1, nfc: true, features: ['5G', 'wifi6'], material: 'стекло' },
        tags: ['Новинка', 'хит продаж', 'novinka'],
        images: [{ url: 'https://cdn.example.ru/ip15.jpg', alt: 'iPhone 15' }, { url: '/media/ip15-back.jpg' }],
      });
      assert.equal(p.slug, 'smartfon-apple-iphone-15-128-gb-ip-15-128');
      assert.equal(p.status, 'draft');
      assert.equal(p.primary_category_id, c.smartphones);
      assert.deepEqual(p.category_ids, [c.smartphones, c.accessories]);
      assert.deepEqual(p.attributes, { color: 'black', memory: 128, screen: 6.1, nfc: true, features: ['5g', 'wifi6'], material: 'стекло' });
      assert.deepEqual(p.brand && { slug: p.brand.slug, name: p.brand.name }, { slug: 'apple', name: 'Apple' });
      assert.deepEqual(p.tags.map((x) => x.slug).sort(), ['khit-prodazh', 'novinka']);
      assert.equal(p.images.length, 2);
      const row = await db().selectFrom('products').select('category_tree_ids').where('id', '=', p.id).executeTakeFirstOrThrow();
      assert.deepEqual([...row.category_tree_ids].sort((a, b) => a - b), [c.electronics, c.phones, c.smartphones, c.accessories].sort((a, b) => a - b));
      const ev = await db().selectFrom('outbox').select(['topic', 'key', 'payload']).where('key', '=', 'IP-15-128').execute();
      assert.deepEqual(ev.map((e: { topic: string; payload: unknown }) => [e.topic, (e.payload as { change: string }).change]), [['catalog.product_changed', 'created']]);

      const again = await create({ ...phone('IP-15-256'), brand: 'apple', tags: ['Новинка'] });
      assert.equal(again.brand?.id, p.brand?.id, 'the brand is found by name, not created twice');
      const got = await t.admin('GET', '/api/admin/products/IP-15-128');
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().id, p.id);
      assert.equal((await t.admin('GET', `/api/admin/products/${p.id}`)).json().sku, 'IP-15-128');
    });

    it('answers 422 with code, field and all problems for an invalid attribute value, writing nothing', async () => {
      const before = await count(db(), 'products');
      const r = await t.admin('POST', '/api/admin/products', phone('BAD-1', { attributes: { color: 'purple', memory: 'много', screen: 6 } }));
      assert.equal(r.statusCode, 422);
      const body = r.json();
      assert.equal(body.code, 'CATALOG_ATTRIBUTE_INVALID');
      assert.equal(body.field, 'attributes.color');
      assert.ok(body.message);
      assert.deepEqual(body.details.map((d: { field: string }) => d.field), ['attributes.color', 'attributes.memory']);
      const r2 = await t.admin('POST', '/api/admin/products', phone('BAD-2', { attributes: { color: 'black', memory: 99999, screen: 6 } }));
      assert.equal(r2.statusCode, 422);
      assert.equal(r2.json().field, 'attributes.memory');
      const r3 = await t.admin('POST', '/api/admin/products', phone('BAD-3', { attributes: { screen: 6, material: 'кожа' } }));
      assert.equal(r3.json().code, 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX');
      assert.equal(await count(db(), 'products'), before);
    });

    it('answers 422 for a missing required attribute', async () => {
      const r = await t.admin('POST', '/api/admin/products', phone('REQ-1', { attributes: { color: 'black' } }));
      assert.equal(r.statusCode, 422);
      assert.equal(r.json().code, 'CATALOG_ATTRIBUTE_REQUIRED');
      assert.equal(r.json().field, 'attributes.screen');
    });

    it('answers 404 for an unknown category', async () => {
      const r = await t.admin('POST', '/api/admin/products', phone('CAT-1', { category_ids: [c.smartphones, 987654] }));
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().code, 'CATALOG_CATEGORY_NOT_FOUND');
      assert.equal(r.json().field, 'category_ids');
    });

    it('refuses a duplicate SKU with 409 and leaves nothing behind', async () => {
      await create(phone('DUP-1'));
      const counts = async () => Promise.all(['products', 'brands', 'tags', 'taggings', 'outbox', 'product_categories'].map((x) => count(db(), x as 'products')));
      const before = await counts();
      const r = await t.admin('POST', '/api/admin/products', phone('DUP-1', { brand: 'Совсем Новый Бренд', tags: ['уникальный тег'], name: 'Другое имя' }));
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'CATALOG_PRODUCT_SKU_TAKEN');
      assert.equal(r.json().field, 'sku');
      assert.deepEqual(await counts(), before);
      const slug = await t.admin('POST', '/api/admin/products', phone('DUP-2', { slug: (await t.admin('GET', '/api/admin/products/DUP-1')).json().slug }));
      assert.equal(slug.statusCode, 409);
      assert.equal(slug.json().code, 'CATALOG_PRODUCT_SLUG_TAKEN');
    });

    it('validates images and slugs', async () => {
      const r = await t.admin('POST', '/api/admin/products', phone('IMG-1', { images: [{ url: '/media/a.jpg' }, { url: 'ftp://x/y.jpg' }] }));
      assert.equal(r.statusCode, 422);
      assert.deepEqual([r.json().code, r.json().field], ['CATALOG_PRODUCT_INVALID', 'images[1].url']);
      const s = await t.admin('POST', '/api/admin/products', phone('IMG-2', { slug: 'Не слаг' }));
      assert.deepEqual([s.statusCode, s.json().field], [422, 'slug']);
    });

    it('moves through the allowed status transitions and refuses the others', async () => {
      const p = await create(phone('ST-1'));
      const step = async (to: string, code: number) => {
        const r = await status(p.id, to);
        assert.equal(r.statusCode, code, `→ ${to}: ${r.body}`);
        if (code === 409) assert.equal(r.json().code, 'CATALOG_PRODUCT_STATUS_TRANSITION');
      };
      await step('archived', 409);
      await step('moderation', 200);
      await step('draft', 200); // rejected
      await step('moderation', 200);
      await step('published', 200);
      await step('moderation', 409);
      await step('draft', 409);
      await step('archived', 200);
      await step('published', 409);
      await step('draft', 200);
      await step('published', 200); // admin publishes a draft directly
      const events = await db().selectFrom('outbox').select('payload').where('key', '=', 'ST-1').orderBy('id').execute();
      assert.equal(events.filter((e: { payload: unknown }) => (e.payload as { change: string }).change === 'status').length, 7);
    });

    it('refuses two variants of a group with the same axis values', async () => {
      await create(phone('VAR-128-BLK', { variant_group: 'var-1' }));
      const v2 = await create(phone('VAR-256-BLK', { variant_group: 'var-1', attributes: { color: 'black', memory: 256, screen: 6.1 } }));
      await create(phone('VAR-128-WHT', { variant_group: 'var-1', attributes: { color: 'white', memory: 128, screen: 6.1 } }));
      const before = await count(db(), 'products');
      const r = await t.admin('POST', '/api/admin/products', phone('VAR-128-BLK-2', { variant_group: 'var-1' }));
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'CATALOG_VARIANT_CONFLICT');
      assert.equal(r.json().field, 'variant_group');
      assert.equal(await count(db(), 'products'), before);
      const p = await t.admin('PATCH', `/api/admin/products/${v2.id}`, { attributes: { memory: 128 } });
      assert.equal(p.statusCode, 409, p.body);
      assert.equal((await t.admin('GET', `/api/admin/products/${v2.id}`)).json().attributes.memory, 256);
      // the same values in another group are fine
      await create(phone('VAR-OTHER', { variant_group: 'var-2' }));
    });

    it('patches by merging attributes (null removes) and replacing tags', async () => {
      const p = await create(phone('PATCH-1', { tags: ['a-tag'], attributes: { color: 'black', memory: 64, screen: 6, nfc: true } }));
      const r = await t.admin('PATCH', `/api/admin/products/${p.id}`, { attributes: { memory: 512, nfc: null }, tags: ['b-tag'], name: 'Новое имя' });
      assert.equal(r.statusCode, 200, r.body);
      const q = r.json() as Product;
      assert.deepEqual(q.attributes, { color: 'black', memory: 512, screen: 6 });
      assert.deepEqual(q.tags.map((x) => x.slug), ['b-tag']);
      assert.equal(q.slug, p.slug, 'a rename keeps the URL');
      const bad = await t.admin('PATCH', `/api/admin/products/${p.id}`, { category_ids: [c.accessories] });
      assert.equal(bad.statusCode, 422, 'smartphone attributes are not in the accessories matrix');
      assert.equal(bad.json().code, 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX');
      const moved = await t.admin('PATCH', `/api/admin/products/${p.id}`, { category_ids: [c.accessories], attributes: { memory: null, screen: null } });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().primary_category_id, c.accessories);
      const cleared = await t.admin('PATCH', `/api/admin/products/${p.id}`, { brand_id: null, description: null, variant_group: null });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.deepEqual([cleared.json().brand, cleared.json().description], [null, null]);
      const described = await t.admin('PATCH', `/api/admin/products/PATCH-1`, { description: 'Описание', brand_id: p.brand!.id });
      assert.deepEqual([described.json().description, described.json().brand.id], ['Описание', p.brand!.id]);
    });

    it('shows the card of a published product only, with grouped attributes, breadcrumbs, variants and offers best-first', async () => {
      const a = await create(phone('CARD-128', { variant_group: 'card', attributes: { color: 'blue', memory: 128, screen: 6.1, nfc: false }, tags: ['Хит'], images: [{ url: '/media/c.jpg' }] }));
      const b = await create(phone('CARD-256', { variant_group: 'card', attributes: { color: 'blue', memory: 256, screen: 6.1 } }));
      const cheapOut = await offer(a.id, { source: 'supplier', source_ref: 'S1', price: 50_000, stock: {} });
      const own = await offer(a.id, { source: 'own', price: 70_000, old_price: 80_000, stock: { msk: 3 } });
      const seller = await offer(a.id, { source: 'seller', source_ref: 'seller-42', price: 60_000, stock: { spb: 1 } });

      assert.equal((await t.app.inject({ url: `/api/products/${a.slug}` })).statusCode, 404, 'draft is not shown');
      assert.equal((await status(a.id, 'published')).statusCode, 200);
      assert.equal((await status(b.id, 'published')).statusCode, 200);
      const r = await t.app.inject({ url: `/api/products/${a.slug}` });
      assert.equal(r.statusCode, 200, r.body);
      const card = r.json() as Card;
      assert.deepEqual(card.breadcrumbs.map((x) => x.name), ['Электроника', 'Телефоны', 'Смартфоны']);
      assert.deepEqual(
        card.attribute_groups.map((g) => [g.name, g.attributes.map((x) => `${x.name}: ${x.display}`)]),
        [
          ['Основные', ['Цвет: Синий', 'NFC: нет', 'Диагональ экрана: 6,1 ″']],
          ['Память', ['Встроенная память: 128 ГБ']],
        ],
      );
      assert.deepEqual(card.offers.map((o) => [o.id, o.best]), [[seller.id, true], [own.id, false], [cheapOut.id, false]]);
      assert.equal(card.offers[0]!.source_ref, 'seller-42');
      assert.equal(card.offers[2]!.source_ref, undefined, 'supplier codes stay internal');
      assert.equal(card.price, 60_000);
      assert.equal(card.in_stock, true);
      assert.deepEqual(card.variants.axes.map((x) => x.code), ['color', 'memory']);
      assert.deepEqual(
        card.variants.items.map((v) => [v.slug, v.current, v.axes.memory?.display]),
        [[a.slug, true, '128 ГБ'], [b.slug, false, '256 ГБ']],
      );
      assert.deepEqual(card.tags, [{ slug: 'khit', name: 'Хит' }]);
      assert.equal(card.brand?.name, 'Apple');
      await status(a.id, 'archived');
      assert.equal((await t.app.inject({ url: `/api/products/${a.slug}` })).statusCode, 404);
    });

    it('answers cards asked for at the same time from one batch, each with its own product and offers', async () => {
      const made = [];
      for (let i = 0; i < 5; i++) {
        const p = await create(phone(`BATCH-${i}`, { attributes: { color: 'black', memory: 64 * (i + 1), screen: 6.1 } }));
        await offer(p.id, { source: 'own', price: 10_000 * (i + 1), stock: { msk: i + 1 } });
        assert.equal((await status(p.id, 'published')).statusCode, 200);
        made.push(p);
      }
      const draft = await create(phone('BATCH-DRAFT'));
      // one turn of the event loop: the storefront reads these cards with one statement
      const answers = await Promise.all([
        ...made.map((p) => t.app.inject({ url: `/api/products/${p.slug}` })),
        t.app.inject({ url: `/api/products/${made[2]!.slug}` }),
        t.app.inject({ url: `/api/products/${draft.slug}` }),
        t.app.inject({ url: '/api/products/no-such-product' }),
      ]);
      const cards = answers.slice(0, 6).map((r) => {
        assert.equal(r.statusCode, 200, r.body);
        return r.json() as Card;
      });
      assert.deepEqual(
        cards.map((c) => [c.sku, c.price, c.offers.map((o) => o.stock_total)]),
        [...made.map((p, i) => [p.sku, 10_000 * (i + 1), [i + 1]]), [made[2]!.sku, 30_000, [3]]],
      );
      assert.deepEqual(answers.slice(6).map((r) => r.statusCode), [404, 404], 'a draft and an unknown slug in the batch still 404');
    });

    it('lists a category subtree with two attribute filters sorted by price', async () => {
      const mk = async (sku: string, attrs: Record<string, unknown>, price: number | null, cat = c.smartphones) => {
        const p = await create({ ...phone(sku), category_ids: [cat], attributes: attrs });
        if (price !== null) await offer(p.id, { source: 'own', price, stock: { msk: 1 } });
        await status(p.id, 'published');
        return p;
      };
      const l1 = await mk('LST-1', { color: 'white', memory: 256, screen: 6, nfc: true }, 30_000);
      const l2 = await mk('LST-2', { color: 'white', memory: 128, screen: 6, nfc: true }, 10_000);
      await mk('LST-3', { color: 'white', memory: 64, screen: 6, nfc: true }, 5_000); // memory out of range
      await mk('LST-4', { color: 'black', memory: 256, screen: 6, nfc: true }, 1_000); // other colour
      const l5 = await mk('LST-5', { color: 'white', memory: 512, screen: 6 }, 20_000);
      const l6 = await mk('LST-6', { color: 'white', memory: 200, screen: 6 }, null); // no offers: last
      const draft = await create(phone('LST-7', { attributes: { color: 'white', memory: 256, screen: 6 } }));
      const url = (cat: number, q: string) => `/api/categories/${cat}/products?${q}`;
      const r = await t.app.inject({ url: url(c.electronics, 'filter[color]=white&filter[memory]=100..600&sort=price_asc') });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.deepEqual(body.items.map((x: { id: number }) => x.id), [l2.id, l5.id, l1.id, l6.id]);
      assert.equal(body.total, 4);
      assert.equal(body.total_capped, false);
      assert.equal(body.limit, 24);
      assert.equal(body.items[0].best_price, 10_000);
      assert.ok(!body.items.some((x: { id: number }) => x.id === draft.id));
      const desc = await t.app.inject({ url: url(c.phones, 'filter[color]=Белый&filter[memory]=100..600&sort=price_desc&limit=2') });
      assert.deepEqual(desc.json().items.map((x: { id: number }) => x.id), [l1.id, l5.id]);
      const nfc = await t.app.inject({ url: url(c.smartphones, 'filter[nfc]=true&filter[memory]=..300&sort=price_asc') });
      assert.deepEqual(nfc.json().items.map((x: { sku?: string; id: number }) => x.id).slice(0, 3).length, 3);
      assert.equal((await t.app.inject({ url: url(c.accessories, 'filter[color]=white') })).json().total, 0);
      const unknownOpt = await t.app.inject({ url: url(c.electronics, 'filter[color]=purple') });
      assert.deepEqual([unknownOpt.statusCode, unknownOpt.json().field], [422, 'filter[color]']);
      assert.equal((await t.app.inject({ url: url(987654, '') })).statusCode, 404);
    });

    it('lists products for the admin with filters and sorting', async () => {
      const list = async (q: string) => {
        const r = await t.admin('GET', `/api/admin/products?${q}`);
        assert.equal(r.statusCode, 200, r.body);
        return r.json();
      };
      const lst = await list('q=LST-&sort=price&order=desc&limit=3');
      assert.deepEqual(lst.items.map((x: { sku: string }) => x.sku), ['LST-1', 'LST-5', 'LST-2']);
      assert.equal(lst.total, 7);
      assert.equal((await list('sku=LST-1')).items[0].sku, 'LST-1');
      // a secondary category counts too: the subtree filter reads category_tree_ids
      const acc = (await list(`category_id=${c.accessories}&sort=id`)).items.map((x: { sku: string }) => x.sku);
      assert.deepEqual(acc, ['IP-15-128', 'PATCH-1']);
      assert.equal((await list('status=draft&q=LST')).total, 1);
      assert.ok((await list('brand=apple')).total > 5);
      assert.equal((await t.app.inject({ url: '/api/admin/products' })).statusCode, 401);
    });

    it('manages brands and lists tags', async () => {
      const b = await t.admin('POST', '/api/admin/brands', { name: 'Самсунг' });
      assert.equal(b.statusCode, 201);
      assert.equal(b.json().slug, 'samsung');
      assert.equal((await t.admin('POST', '/api/admin/brands', { name: 'Самсунг' })).json().code, 'CATALOG_BRAND_TAKEN');
      assert.equal((await t.admin('PATCH', '/api/admin/brands/samsung', { name: 'Samsung' })).json().name, 'Samsung');
      assert.equal((await t.admin('DELETE', '/api/admin/brands/apple')).json().code, 'CATALOG_BRAND_IN_USE');
      assert.equal((await t.admin('DELETE', `/api/admin/brands/${b.json().id}`)).statusCode, 204);
      assert.equal((await t.admin('GET', '/api/admin/brands/samsung')).statusCode, 404);
      const tags = (await t.admin('GET', '/api/admin/tags?q=nov')).json();
      assert.deepEqual(tags.items.map((x: { slug: string; products: number }) => [x.slug, x.products]), [['novinka', 2]]);
    });

    it('deletes a product with its offers and taggings', async () => {
      const p = await create(phone('DEL-1', { tags: ['удалить'] }));
      await offer(p.id, { source: 'own', price: 100 });
      assert.equal((await t.admin('DELETE', `/api/admin/products/${p.sku}`)).statusCode, 204);
      assert.equal((await t.admin('GET', `/api/admin/products/${p.id}`)).statusCode, 404);
      const left = await sql<{ n: number }>`select (select count(*) from offers where product_id = ${p.id})
        + (select count(*) from taggings where entity_type = 'product' and entity_id = ${p.id}) as n`.execute(db());
      assert.equal(Number(left.rows[0]!.n), 0);
    });
  });
}
