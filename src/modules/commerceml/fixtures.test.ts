// Every file of ../shared/fixtures/commerceml, sent the way 1C sends it: each must import, or fail
// with a reason that says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { databaseKinds } from '../../../test/db.js';
import { createExchangeApp, makeZip, OneC, type ExchangeApp } from './test-helpers.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/fixtures/commerceml');
const shared = (rel: string) => readFileSync(path.join(SHARED, rel));

describe('shared CommerceML fixtures', () => {
  it('are all covered by this suite', () => {
    const files = readdirSync(SHARED, { recursive: true }).map(String).filter((f) => f.endsWith('.xml')).sort();
    assert.deepEqual(files, [
      'carono-php-commerceml/import.xml', 'carono-php-commerceml/offers.xml', 'carono-php-commerceml/orders.xml',
      'dobromyslov-commerceml-parser/bitrix-query-response-empty.xml', 'dobromyslov-commerceml-parser/bitrix-query-response-full.xml',
      'dobromyslov-commerceml-parser/import0_1.xml', 'dobromyslov-commerceml-parser/offers0_1.xml',
      'gillbeits-commerceml/import___b815e2db-7a65-4265-9241-5f0c4f0565a7.xml',
      'gillbeits-commerceml/prices___d66a6b51-ce9c-4e7a-8c7c-25079721107f.xml',
      'gillbeits-commerceml/rests___1af6e7b8-a026-4690-9752-1c9d64cb914d.xml',
    ]);
  });
});

for (const { kind, skip } of await databaseKinds()) {
  describe(`shared CommerceML fixtures on ${kind}`, { skip }, () => {
    let t: ExchangeApp;
    before(async () => {
      // 1C's real rhythm: every import answers progress first and is polled until it ends
      t = await createExchangeApp(kind, { ONEC_EXCHANGE_IMPORT_WAIT_MS: '0' });
    });
    after(async () => t.close());

    it('carono import.xml + offers.xml (2.07, BOM, commerceml_2 namespace) arrive as one zip archive in chunks', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const zip = makeZip([
        { name: 'import.xml', data: shared('carono-php-commerceml/import.xml') },
        { name: 'offers.xml', data: shared('carono-php-commerceml/offers.xml') },
      ]);
      assert.deepEqual(await c.upload('exchange.zip', zip, 4096), Array(Math.ceil(zip.length / 4096)).fill('success\n'));
      const imp = await c.import('import.xml');
      assert.equal(imp.answers[0]!.split('\n')[0], 'progress');
      assert.match(imp.last, /^success\nimport\.xml: categories: created 22; attributes: created 10, options \d+; products: created 2;/);
      assert.match(imp.last, /unpacked 2 files from the archive/);
      assert.match(imp.last, /image import_files\/9d\/.*\.jpg of .* was not uploaded/, 'the archive carried no images');
      const off = await c.import('offers.xml');
      assert.match(off.last, /^success\noffers\.xml: offers: created 5$/);
      const p = await t.services.products.get('Б-130001');
      assert.equal(p.status, 'published');
      assert.ok(Object.keys(p.attributes).length > 0);
      const offers = await t.services.offers.listForProduct(p.id);
      assert.ok(offers.length >= 2, 'one offer per characteristic (Ид product#characteristic)');
      assert.ok(offers.every((o) => o.source_ref.length === 36 && o.price > 0));
    });

    it('dobromyslov import0_1.xml + offers0_1.xml: a deleted Товар is skipped, offers of goods outside this part are reported', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const imp = await c.send('import0_1.xml', shared('dobromyslov-commerceml-parser/import0_1.xml'), 64 * 1024);
      assert.match(imp.last, /^success\nimport0_1\.xml: categories: created 1; attributes: created 12, options 12; products: created 35$/);
      const off = await c.send('offers0_1.xml', shared('dobromyslov-commerceml-parser/offers0_1.xml'));
      assert.match(off.last, /^success\noffers0_1\.xml: offers: created 35, skipped 9; .*no product with this Ид was imported/);
      assert.match(off.last, /9 offers refer to products that were never imported/);
      // the carono goods came from another Каталог: this full catalog does not archive them
      assert.equal((await t.services.products.get('Б-130001')).status, 'published');
      const p = await t.services.products.get('PM-421-WP');
      assert.equal(p.best_price, 10000);
      assert.equal(p.in_stock, true);
    });

    it('gillbeits package: import___ (97 groups, 1,908 properties) then prices___ and rests___ without goods', async () => {
      const c = new OneC(t.app, 'catalog');
      await c.checkauth();
      await c.init();
      const imp = await c.send('import___b815e2db-7a65-4265-9241-5f0c4f0565a7.xml', shared('gillbeits-commerceml/import___b815e2db-7a65-4265-9241-5f0c4f0565a7.xml'), 256 * 1024);
      assert.ok(imp.answers.length > 1 && imp.answers[0]!.startsWith('progress\n'), 'progress while the job works');
      assert.match(imp.last, /^success\nimport___.*: categories: created 97; attributes: created 1896, options \d+; Каталог has no Товары$/);
      for (const f of ['prices___d66a6b51-ce9c-4e7a-8c7c-25079721107f.xml', 'rests___1af6e7b8-a026-4690-9752-1c9d64cb914d.xml']) {
        const r = await c.send(f, shared(`gillbeits-commerceml/${f}`), 256 * 1024);
        assert.match(r.last, /^success\n.*offers: skipped 978; .*978 offers refer to products that were never imported$/, r.last);
      }
    });

    it('order files go through type=sale: unknown orders and an empty answer are reported, not errors', async () => {
      const c = new OneC(t.app, 'sale');
      await c.checkauth();
      await c.init();
      assert.deepEqual(await c.upload('orders.xml', shared('carono-php-commerceml/orders.xml')),
        ['success\norders.xml: orders: skipped 1; problems: 1 (first: order 20: no such order on the site)']);
      assert.deepEqual(await c.upload('full.xml', shared('dobromyslov-commerceml-parser/bitrix-query-response-full.xml')),
        ['success\nfull.xml: orders: skipped 2; problems: 2 (first: order 132: no such order on the site)']);
      assert.deepEqual(await c.upload('empty.xml', shared('dobromyslov-commerceml-parser/bitrix-query-response-empty.xml')),
        ['success\nempty.xml: no order documents in the file']);
      const cat = new OneC(t.app, 'catalog');
      await cat.checkauth();
      await cat.init();
      assert.equal((await cat.send('orders.xml', shared('carono-php-commerceml/orders.xml'))).last,
        'failure\norders.xml: this file holds orders (Документ); send it with type=sale');
    });
  });
}
