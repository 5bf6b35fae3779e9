// Big files go set-based: a windows-1251 import.xml of more goods than the one-by-one path takes,
// with broken Товары among good ones, then offers with three price types, driven over HTTP as 1C does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { createToken } from '../../platform/http/auth.js';
import { goodId, goodName, goodSku, importXml, offersXml, PRICE_TYPES, retailPrice, toBytes, type Defect } from './generate.js';
import { GOODS_ONE_BY_ONE } from './import-goods.js';
import { createExchangeApp, OneC, type ExchangeApp } from './test-helpers.js';

// two batches of goods and of offers
const GOODS = Math.max(GOODS_ONE_BY_ONE + 50, 1100);
const CHUNK = 256 * 1024;

for (const { kind, skip } of await databaseKinds()) {
  describe(`CommerceML set-based import on ${kind}`, { skip }, () => {
    let t: ExchangeApp;
    let token: string;
    before(async () => {
      t = await createExchangeApp(kind, { ONEC_EXCHANGE_PRICE_TYPE: 'Розничная' });
      token = await createToken(t.testDb.db, 'cml-admin', 'admin');
    });
    after(async () => t.close());

    const db = () => t.deps.db.kysely;
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db())).rows[0]!.n);
    const session = async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      return c;
    };
    const adminOffers = async (sku: string) => {
      const r = await t.app.inject({ method: 'GET', url: `/api/admin/products/${encodeURIComponent(sku)}/offers`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.statusCode, 200, r.body);
      return r.json().items as { price: number; stock: Record<string, number>; prices?: { type_id: string; type: string; price: number; currency: string }[] }[];
    };

    it('streams a windows-1251 import.xml in batches: broken Товары are reported, the rest land', async () => {
      const defects = new Map<number, Defect>([[5, 'no-name'], [17, 'no-id'], [33, 'bad-brand']]);
      const bytes = toBytes(importXml({ goods: GOODS, full: true, defects }, 'windows-1251'), 'windows-1251');
      const c = await session();
      const r = await c.send('import.xml', bytes, CHUNK);
      assert.match(r.last, new RegExp(`^success\\nimport\\.xml: categories: created 8; attributes: created 3, options 5; products: created ${GOODS - 3}, skipped 3; problems: 3`), r.last);
      const job = await db().selectFrom('cml_jobs').select('report').where('filename', '=', 'import.xml').orderBy('started_at', 'desc').executeTakeFirstOrThrow();
      const problems = (job.report as { problems: { id: string; reason: string }[] }).problems;
      assert.ok(problems.some((p) => p.id === goodId(5) && /no Наименование/.test(p.reason)), JSON.stringify(problems));
      assert.ok(problems.some((p) => /^line \d+$/.test(p.id) && /without Ид/.test(p.reason)), JSON.stringify(problems));
      assert.ok(problems.some((p) => p.id === goodSku(33) && /CATALOG_PRODUCT_INVALID \(brand\)/.test(p.reason)), JSON.stringify(problems));

      const p = await t.services.products.get(goodSku(100));
      assert.equal(p.name, goodName(100), 'windows-1251 decoded across stream chunks');
      assert.equal(p.status, 'published');
      assert.equal(p.brand?.name, 'Фабрика Север');
      const color = await t.services.attributes.getByCode('cml_tsvet');
      assert.equal(p.attributes.cml_tsvet, color.options[0]!.code);
      assert.equal(p.attributes.cml_ves_kg, 0.5);
      assert.equal(p.attributes.cml_material, 'Материал 2');
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from external_refs where system = 'commerceml' and entity = 'product' and external_id like 'good-%'`), GOODS - 3);
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from external_refs where system = 'commerceml' and entity = 'catalog_product' and external_id like 'cat-gen/%'`), GOODS - 3);
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from cml_import_stage`), 0, 'staging rows are cleared');
    });

    it('keeps every price type of an offer, sells at the retail one, and reports a broken Предложение', async () => {
      const c = await session();
      const bytes = toBytes(offersXml({ goods: GOODS, defects: new Map([[40, 'negative-price']]) }));
      const r = await c.send('offers.xml', bytes, CHUNK);
      // Предложения of the three goods that were refused, plus the negative price
      assert.match(r.last, new RegExp(`^success\\noffers\\.xml: offers: created ${GOODS - 4}, skipped 4;`), r.last);
      assert.match(r.last, /3 offers refer to products that were never imported/);
      const job = await db().selectFrom('cml_jobs').select('report').where('filename', '=', 'offers.xml').orderBy('started_at', 'desc').executeTakeFirstOrThrow();
      assert.ok((job.report as { problems: { id: string; reason: string }[] }).problems.some((p) => p.id === goodId(40) && /negative/.test(p.reason)));

      const [o] = await adminOffers(goodSku(100));
      assert.equal(o!.price, retailPrice(100), 'offers.price is the retail type');
      assert.deepEqual(o!.prices, [
        { type_id: 'pt-b2b', type: 'B2B Дилер', price: Math.round(retailPrice(100) * 0.7), currency: 'RUB' },
        { type_id: 'pt-wholesale', type: 'Оптовая', price: Math.round(retailPrice(100) * 0.8), currency: 'RUB' },
        { type_id: 'pt-retail', type: 'Розничная', price: retailPrice(100), currency: 'RUB' },
      ]);
      assert.deepEqual(Object.values(o!.stock).sort(), [0, 1]);
      assert.equal((await t.services.products.get(goodSku(100))).best_price, retailPrice(100));
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from offer_prices`), (GOODS - 4) * PRICE_TYPES.length);
    });

    it('a small offers file updates prices per type and announces each changed offer', async () => {
      const before = await count(sql<{ n: number }>`select count(*) as n from outbox where topic = 'catalog.offer_changed'`);
      const c = await session();
      const xml = toBytes(offersXml({ goods: 3 })).toString()
        .replace(/<ЦенаЗаЕдиницу>100\.00<\/ЦенаЗаЕдиницу>/, '<ЦенаЗаЕдиницу>99.00</ЦенаЗаЕдиницу>')
        .replace(/<ИдТипаЦены>pt-b2b<\/ИдТипаЦены><ЦенаЗаЕдиницу>70\.00/, '<ИдТипаЦены>pt-b2b</ИдТипаЦены><ЦенаЗаЕдиницу>65.00');
      const r = await c.send('offers.xml', Buffer.from(xml));
      assert.match(r.last, /^success\noffers\.xml: offers: updated 3$/, r.last);
      const [o] = await adminOffers(goodSku(0));
      assert.equal(o!.price, 9900);
      assert.equal(o!.prices!.find((p) => p.type_id === 'pt-b2b')!.price, 6500);
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from outbox where topic = 'catalog.offer_changed'`), before + 1, 'only the offer whose retail price changed');
    });

    it('a second full catalog updates the goods it lists and archives the ones it no longer does', async () => {
      const c = await session();
      const bytes = toBytes(importXml({ goods: GOODS, full: true, omit: (i) => i < 10 }));
      const r = await c.send('import.xml', bytes, CHUNK);
      // 17 and 33 were refused the first time: now they are created; 0–9 (but 5, never created) archived
      assert.match(r.last, new RegExp(`^success\\nimport\\.xml: categories: updated 8; attributes: updated 3; products: created 2, updated ${GOODS - 12}, archived 9$`), r.last);
      assert.equal((await t.services.products.get(goodSku(3))).status, 'archived');
      assert.equal((await t.services.products.get(goodSku(33))).status, 'published');
      assert.equal((await t.services.products.get(goodSku(100))).best_price, retailPrice(100), 'offers untouched by a goods file');
    });

    it('a Товар repeated in the file stays one product: the repeat is reported, the archived goods come back', async () => {
      const lines = toBytes(importXml({ goods: GOODS })).toString().split('\n');
      const at = (i: number) => lines.findIndex((l) => l.startsWith(`<Товар><Ид>${goodId(i)}</Ид>`));
      lines.splice(at(700) + 1, 0, lines[at(700)]!); // in the same batch
      lines.splice(lines.findIndex((l) => l.startsWith('</Товары>')), 0, lines[at(50)]!); // in a later batch
      const c = await session();
      const r = await c.send('import.xml', Buffer.from(lines.join('\n')), CHUNK);
      assert.match(r.last, new RegExp(`^success\\nimport\\.xml: categories: updated 8; attributes: updated 3; products: created 1, updated ${GOODS - 1}, skipped 2; problems: 2 \\(first: product ${goodId(700)}: the same Товар twice`), r.last);
      assert.match(r.last, /problems: 2/);
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from products where sku like 'АРТ-%'`), GOODS);
      assert.equal(await count(sql<{ n: number }>`select count(*) as n from products where sku like 'good-%'`), 0, 'no second product under the Ид');
      assert.equal((await t.services.products.get(goodSku(3))).status, 'published', 'sent again: back on sale');
    });
  });
}
