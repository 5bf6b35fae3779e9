// The exchange driven over HTTP as 1C drives it: type=catalog with our own small fixtures, then type=sale.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { databaseKinds } from '../../../test/db.js';
import { sql } from 'kysely';
import { parseCatalogDocument } from './parse-catalog.js';
import { mapStatus, parseCmlDate } from './sale.js';
import { parseXml, text } from './xml.js';
import { createExchangeApp, makeZip, OneC, textOf, basic, type ExchangeApp } from './test-helpers.js';
import { createTestApp } from '../../../test/app.js';

const fx = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

// one app (and database) per kind for both suites below: the catalog suite creates no orders
const apps = new Map<string, Promise<ExchangeApp>>();
const appFor = (kind: string) => {
  if (!apps.has(kind)) apps.set(kind, createExchangeApp(kind as 'pglite', { ONEC_EXCHANGE_PRICE_TYPE: 'Розничная' }));
  return apps.get(kind)!;
};

for (const { kind, skip } of await databaseKinds()) {
  describe(`CommerceML catalog exchange on ${kind}`, { skip }, () => {
    let t: ExchangeApp;
    before(async () => {
      t = await appFor(kind);
    });

    const productBySku = async (sku: string) => t.services.products.get(sku);

    it('refuses wrong credentials and calls without a session', async () => {
      const c = new OneC(t.app, 'catalog');
      const { r, lines } = await c.checkauth('onec', 'wrong');
      assert.equal(r.statusCode, 401);
      assert.equal(lines[0], 'failure');
      const noAuth = await t.app.inject({ method: 'GET', url: '/1c_exchange?type=catalog&mode=checkauth' });
      assert.equal(noAuth.statusCode, 401);
      const init = await c.call('init');
      assert.equal(init.statusCode, 401);
      assert.match(textOf(init), /^failure\nnot authorized/);
    });

    it('answers checkauth with the cookie and init with zip and file_limit', async () => {
      const c = new OneC(t.app, 'catalog');
      const { r, lines } = await c.checkauth();
      assert.equal(r.statusCode, 200);
      assert.equal(lines[0], 'success');
      assert.equal(lines[1], 'vitrina_1c');
      assert.match(lines[2]!, /^[A-Za-z0-9_-]{20,}$/);
      assert.equal(lines[3], `sessid=${lines[2]}`);
      assert.match(String(r.headers['set-cookie']), /^vitrina_1c=/);
      assert.equal(await c.init(), 'zip=no\nfile_limit=8388608\n');
      // sessid in the query works as well as the cookie
      const bySessid = await t.app.inject({ method: 'GET', url: `/1c_exchange?type=catalog&mode=init&sessid=${lines[2]}` });
      assert.match(textOf(bySessid), /^zip=no/);
      assert.match(textOf(await c.call('nonsense')), /^failure\nunknown mode/);
    });

    it('refuses filenames with .. or an absolute path', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      for (const bad of ['../evil.xml', 'import_files/../../evil.xml', '/etc/passwd', 'C:\\evil.xml', '..\\evil.xml', 'shell.php']) {
        const r = await c.call('file', { filename: bad }, Buffer.from('x'));
        assert.equal(r.statusCode, 400, bad);
        assert.match(textOf(r), /^failure\n/, bad);
        const imp = await c.call('import', { filename: bad });
        assert.match(textOf(imp), /^failure\n/, bad);
      }
      assert.equal(existsSync(path.join(t.varDir, 'evil.xml')), false);
      assert.equal(existsSync(path.join(t.varDir, '1c_exchange', 'evil.xml')), false);
    });

    it('imports groups, properties and goods from a chunked upload, then offers in windows-1251', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      assert.deepEqual(await c.upload('import_files/9d/boots.jpg', JPEG), ['success\n']);
      const imp = await c.send('import.xml', fx('import.xml'), 700);
      assert.match(imp.last, /^success\nimport\.xml: categories: created 3/, imp.last);
      assert.match(imp.last, /products: created 3/);

      const tree = await t.services.categories.tree();
      const boots = tree.find((n) => n.name === 'Сапоги & ботфорты');
      assert.ok(boots, 'the entity &amp; is decoded');
      assert.equal(tree.find((n) => n.id === boots.parent_id)?.name, 'Обувь');
      assert.ok(tree.find((n) => n.name === '1С: без группы'), 'a product without a group lands in the fallback category');

      const p = await productBySku('Б-130001');
      assert.equal(p.name, 'Ботфорты "Осень" коричневые');
      assert.equal(p.status, 'published');
      assert.equal(p.primary_category_id, boots.id);
      assert.equal(p.brand?.name, 'Фабрика Север');
      assert.deepEqual(p.images, [{ url: '/media/commerceml/import_files/9d/boots.jpg' }]);
      assert.ok(existsSync(path.join(t.varDir, 'media', 'commerceml', 'import_files', '9d', 'boots.jpg')));
      const color = await t.services.attributes.getByCode('cml_tsvet');
      assert.equal(color.type, 'enum');
      assert.deepEqual(color.options.map((o) => o.value), ['Коричневый', 'Чёрный']);
      assert.deepEqual(p.attributes, { cml_tsvet: color.options[0]!.code, cml_ves_kg: 1.4, cml_material: 'Кожа' });

      const off = await c.send('offers.xml', fx('offers-1251.xml'));
      assert.match(off.last, /^success\noffers\.xml: offers: created 2, skipped 1/, off.last);
      const bootsOffers = await t.services.offers.listForProduct(p.id);
      assert.equal(bootsOffers.length, 1);
      assert.equal(bootsOffers[0]!.price, 171990, 'the configured retail price type, not the first one');
      assert.equal(bootsOffers[0]!.currency, 'RUB');
      assert.equal(bootsOffers[0]!.stock_total, 23);
      assert.deepEqual(Object.values(bootsOffers[0]!.stock).sort(), [20, 3]);
      assert.ok(Object.keys(bootsOffers[0]!.stock).some((k) => k.startsWith('moskva-')));
      const bag = await productBySku('S-1');
      const bagOffers = await t.services.offers.listForProduct(bag.id);
      assert.equal(bagOffers[0]!.source_ref, 'char-xl');
      assert.equal(bagOffers[0]!.stock_total, 0, 'negative 1C rests become 0');
      assert.equal((await productBySku('Б-130001')).best_price, 171990);

      // a repeated import in a new exchange updates instead of duplicating
      const again = new OneC(t.app, 'catalog');
      await again.checkauth();
      await again.init();
      const re = await again.send('import.xml', fx('import.xml'));
      assert.match(re.last, /^success\n.*products: updated 3/, re.last);
      assert.match(re.last, /image import_files\/9d\/boots\.jpg of prod-boots was not uploaded/);
      assert.deepEqual((await productBySku('Б-130001')).images, [{ url: '/media/commerceml/import_files/9d/boots.jpg' }], 'images kept when 1C did not re-send them');
      assert.equal((await t.services.products.list({ limit: 100, offset: 0 } as never)).total, 3);
    });

    it('applies a changes-only file and archives goods missing from a full catalog', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const ch = await c.send('import.xml', fx('import-changes.xml'));
      assert.match(ch.last, /^success/, ch.last);
      assert.equal((await productBySku('S-1')).name, 'Сумка чёрная кожаная');
      assert.equal((await productBySku('S-1')).status, 'published');
      const full = await c.send('import2.xml', fx('import-full-without-bag.xml'));
      assert.match(full.last, /^success\n.*archived 2/, full.last);
      assert.equal((await productBySku('S-1')).status, 'archived', 'absent from a full catalog');
      assert.equal((await productBySku('prod-nogroup')).status, 'archived', 'Статус="Удален"');
      assert.equal((await productBySku('Б-130001')).status, 'published');
    });

    it('answers failure for malformed XML and leaves the catalog unchanged', async () => {
      const before = await productBySku('Б-130001');
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const r = await c.send('import.xml', fx('malformed.xml'));
      assert.match(r.last, /^failure\nimport\.xml: malformed XML at line \d+/, r.last);
      const afterP = await productBySku('Б-130001');
      assert.equal(afterP.name, before.name);
      assert.equal(afterP.updated_at, before.updated_at);
      await assert.rejects(productBySku('prod-new'));
    });

    it('never resolves XML external entities', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const r = await c.send('import.xml', fx('xxe.xml'));
      assert.match(r.last, /^failure\nimport\.xml: DOCTYPE and entity declarations are not accepted/, r.last);
      await assert.rejects(productBySku('prod-xxe'));
    });

    it('resumes an interrupted chunked upload: the broken chunk appends nothing and the re-sent one lands once', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const bytes = fx('import-changes.xml');
      const a = bytes.subarray(0, 200);
      const b = bytes.subarray(200, 400);
      const rest = bytes.subarray(400);
      assert.equal(textOf(await c.call('file', { filename: 'import.xml' }, a)), 'success\n');
      // the connection breaks in the middle of the second chunk
      const broken = new Readable({ read() {} });
      broken.push(b.subarray(0, 50));
      setImmediate(() => broken.destroy(new Error('connection reset')));
      const r = await t.app.inject({
        method: 'POST', url: '/1c_exchange?type=catalog&mode=file&filename=import.xml',
        headers: { cookie: c.cookie, 'content-type': 'application/octet-stream', 'content-length': String(b.length) }, payload: broken,
      }).catch((e: Error) => e);
      if (!(r instanceof Error)) assert.notEqual(r.statusCode, 200);
      // 1C re-sends the chunk that failed, then the rest
      assert.equal(textOf(await c.call('file', { filename: 'import.xml' }, b)), 'success\n');
      assert.equal(textOf(await c.call('file', { filename: 'import.xml' }, rest)), 'success\n');
      const stored = readFileSync(path.join(t.varDir, '1c_exchange', c.cookie.split('=')[1]!, 'import.xml'));
      assert.deepEqual(stored, bytes);
      assert.match((await c.import('import.xml')).last, /^success/);
    });

    it('deactivate archives the goods no file sent since the checkauth timestamp (package mode)', async () => {
      const c = new OneC(t.app, 'catalog');
      const { lines } = await c.checkauth();
      const ts = lines[4]!.replace('timestamp=', '');
      await c.init();
      assert.match(textOf(await c.call('deactivate')), /^success\nno timestamp/);
      const again = await c.send('import___1.xml', fx('import.xml'));
      assert.match(again.last, /^success/);
      assert.equal(textOf(await c.call('deactivate', { timestamp: ts })), `success\narchived 0 products not sent since ${new Date(Number(ts) * 1000).toISOString()}`);
      const later = new OneC(t.app, 'catalog');
      const l2 = await later.checkauth();
      await new Promise((r) => setTimeout(r, 1100)); // timestamps are whole seconds
      await later.init();
      assert.match((await later.send('import___2.xml', fx('import-changes.xml'))).last, /^success/);
      const ts2 = String(Number(l2.lines[4]!.replace('timestamp=', '')) + 1);
      assert.match(textOf(await later.call('deactivate', { timestamp: ts2 })), /^success\narchived 2 products/);
      assert.equal((await productBySku('Б-130001')).status, 'archived');
      assert.equal((await productBySku('S-1')).status, 'published');
      assert.equal(textOf(await later.call('complete')), 'success\n');
    });

    it('accepts Basic auth with a password in UTF-8', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/1c_exchange?type=catalog&mode=checkauth', headers: { authorization: basic('onec', 's3cret-пароль') } });
      assert.match(textOf(r), /^success\n/);
    });
  });
}

describe('CommerceML exchange configuration', () => {
  it('is absent without ONEC_EXCHANGE_USER/PASSWORD, and follows ONEC_EXCHANGE_PATH and ONEC_EXCHANGE_ZIP', async () => {
    const plain = await createTestApp('pglite');
    try {
      assert.equal((await plain.app.inject({ method: 'GET', url: '/1c_exchange?type=catalog&mode=checkauth' })).statusCode, 404);
    } finally {
      await plain.close();
    }
    const t = await createExchangeApp('pglite', { ONEC_EXCHANGE_PATH: '/bitrix/admin/1c_exchange.php', ONEC_EXCHANGE_ZIP: 'true', ONEC_EXCHANGE_FILE_LIMIT: '1048576' });
    try {
      assert.equal((await t.app.inject({ method: 'GET', url: '/1c_exchange?type=catalog&mode=checkauth' })).statusCode, 404);
      const c = new OneC(t.app, 'catalog', '/bitrix/admin/1c_exchange.php');
      assert.equal((await c.checkauth()).lines[0], 'success');
      assert.equal(await c.init(), 'zip=yes\nfile_limit=1048576\n');
      // zip-slip: an archive entry that climbs out of the session directory fails the import
      const evil = makeZip([{ name: '../../evil.xml', data: Buffer.from('<x/>') }, { name: 'import.xml', data: fx('import-changes.xml') }]);
      assert.deepEqual(await c.upload('bad.zip', evil), ['success\n']);
      const r = await c.import('import.xml');
      assert.match(r.last, /^failure\nimport\.xml: archive (entry )?refused: .*\.\.\/\.\.\/evil\.xml/);
      assert.equal(existsSync(path.join(t.varDir, 'evil.xml')), false);
      assert.equal(existsSync(path.join(t.varDir, '1c_exchange', 'evil.xml')), false);
    } finally {
      await t.close();
    }
  });
});

// ── type=sale ──

describe('1C order statuses', () => {
  it('maps Bitrix letters and common Russian names, and nothing else', () => {
    assert.equal(mapStatus('[N] Принят, ожидается оплата'), 'accepted');
    assert.equal(mapStatus('[F] Доставлен'), 'delivered');
    assert.equal(mapStatus('Отгружен'), 'shipped');
    assert.equal(mapStatus('Собран'), 'assembled');
    assert.equal(mapStatus('Отменен'), 'cancelled');
    assert.equal(mapStatus('Ждёт решения'), null);
  });
  it('reads 1C dates in both notations', () => {
    assert.equal(parseCmlDate('11.02.2021 18:45:21')?.toISOString(), '2021-02-11T18:45:21.000Z');
    assert.equal(parseCmlDate('2021-02-11', '09:11:04')?.toISOString(), '2021-02-11T09:11:04.000Z');
    assert.equal(parseCmlDate('nonsense'), null);
  });
});

for (const { kind, skip } of await databaseKinds()) {
  describe(`CommerceML sale exchange on ${kind}`, { skip }, () => {
    let t: ExchangeApp;
    before(async () => {
      t = await appFor(kind);
    });
    after(async () => t.close());

    async function addOrder(number: string, status = 'created') {
      const db = t.deps.db.kysely;
      const o = await db.insertInto('orders').values({
        number, status, email: 'buyer@example.com', phone: '+79990000000', contact_name: 'Иван <Тест> & Ко',
        delivery: JSON.stringify({ method: 'courier', address: { city: 'Москва', line1: 'Тверская, 1' } }) as never,
        payment_method: 'cash_on_delivery', subtotal: 343980, delivery_cost: 30000, total: 373980,
      }).returning('id').executeTakeFirstOrThrow();
      // the catalog suite imported this product from 1C: the order line carries its 1C Ид back
      const product = await t.services.products.get('Б-130001');
      await db.insertInto('order_items').values({ order_id: o.id, product_id: product.id, sku: 'Б-130001', name: 'Ботфорты "Осень"', quantity: 2, price: 171990, total: 343980 }).execute();
      return Number(o.id);
    }
    const queryDocs = async (c: OneC) => {
      const r = await c.call('query');
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /xml/);
      const { root } = parseXml(r.rawPayload);
      return parseCatalogDocument(root).documents;
    };

    it('answers init with the new-protocol lines only when 1C names a version', async () => {
      const c = new OneC(t.app, 'sale');
      const { lines } = await c.checkauth();
      assert.equal(await c.init(), 'zip=no\nfile_limit=8388608\n');
      assert.equal(await c.init({ version: '2.08' }), `zip=no\nfile_limit=8388608\nsessid=${lines[2]}\nversion=2.05\n`);
    });

    it('exports orders since the committed watermark and moves it only on success', async () => {
      const c = new OneC(t.app, 'sale');
      await c.checkauth();
      await c.init();
      assert.equal((await queryDocs(c)).length, 0, 'an empty КоммерческаяИнформация when there is nothing new');
      await addOrder('T-1001');
      await addOrder('T-1002');
      const docs = await queryDocs(c);
      assert.deepEqual(docs.map((d) => text(d, 'Ид')), ['T-1001', 'T-1002']);
      assert.equal(text(docs[0], 'Сумма'), '3739.80');
      assert.equal(text(docs[0], 'ХозОперация'), 'Заказ товара');
      const xml = (await c.call('query')).body;
      assert.match(xml, /Иван &lt;Тест&gt; &amp; Ко/);
      assert.match(xml, /<Ид>ORDER_DELIVERY<\/Ид>/);
      assert.match(xml, /<Ид>prod-boots<\/Ид>\s*<Артикул>Б-130001<\/Артикул>/);
      // no success yet: the same orders go out again
      assert.equal((await queryDocs(c)).length, 2);
      assert.equal(textOf(await c.call('success')), 'success\n');
      assert.equal((await queryDocs(c)).length, 0);
      await t.deps.db.kysely.updateTable('orders').set({ updated_at: sql`now()` }).where('number', '=', 'T-1002').execute();
      assert.deepEqual((await queryDocs(c)).map((d) => text(d, 'Номер')), ['T-1002']);
      assert.equal(textOf(await c.call('success')), 'success\n');
    });

    it('applies 1C status changes from a windows-1251 file at once (old protocol) and reports what it could not', async () => {
      await addOrder('T-1003');
      const c = new OneC(t.app, 'sale');
      await c.checkauth();
      await c.init();
      const [answer] = await c.upload('orders-1.xml', fx('orders-from-1c-1251.xml'));
      assert.match(answer!, /^success\norders-1\.xml: orders: applied 2, skipped 2/, answer);
      assert.match(answer!, /no such order on the site|has no mapping/);
      const rows = await t.deps.db.kysely.selectFrom('orders').select(['number', 'status']).orderBy('number').execute();
      assert.deepEqual(rows, [{ number: 'T-1001', status: 'shipped' }, { number: 'T-1002', status: 'cancelled' }, { number: 'T-1003', status: 'created' }]);
      const h = await t.deps.db.kysely.selectFrom('order_status_history').innerJoin('orders', 'orders.id', 'order_status_history.order_id')
        .select(['order_status_history.source', 'order_status_history.comment', 'order_status_history.occurred_at'])
        .where('orders.number', '=', 'T-1001').where('order_status_history.status', '=', 'shipped').executeTakeFirstOrThrow();
      assert.equal(h.source, '1c');
      assert.equal(h.comment, '1С № ЦБ-000123');
      assert.equal(new Date(h.occurred_at).toISOString(), '2026-11-21T11:30:00.000Z');
      // mode=import after it (1C configurations that call both) reads the recorded result, no second apply
      assert.match((await c.import('orders-1.xml')).last, /^success\n.*applied 2/);
    });

    it('stores the file and applies it at mode=import in the new protocol', async () => {
      await addOrder('T-2001');
      const c = new OneC(t.app, 'sale');
      await c.checkauth();
      await c.init({ version: '3.1' });
      const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><Документ><Ид>T-2001</Ид><Номер>T-2001</Номер><Дата>2026-11-22</Дата><ХозОперация>Заказ товара</ХозОперация><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>Собран</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ></КоммерческаяИнформация>`);
      assert.deepEqual(await c.upload('orders-2.xml', xml), ['success\n']);
      const status = async () => (await t.deps.db.kysely.selectFrom('orders').select('status').where('number', '=', 'T-2001').executeTakeFirstOrThrow()).status;
      assert.equal(await status(), 'created');
      assert.match((await c.import('orders-2.xml')).last, /^success\n.*applied 1/);
      assert.equal(await status(), 'assembled');
    });

    it('answers failure for a malformed order file', async () => {
      const c = new OneC(t.app, 'sale');
      await c.checkauth();
      await c.init();
      const [answer] = await c.upload('bad.xml', Buffer.from('<КоммерческаяИнформация><Документ></КоммерческаяИнформация>'));
      assert.match(answer!, /^failure\nbad\.xml: malformed XML/);
    });
  });
}
