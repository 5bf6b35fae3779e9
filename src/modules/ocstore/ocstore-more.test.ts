// The importer's harder promises on ocStore 3.0 + server PostgreSQL: rows that break only at write
// time are skipped alone, images are copied (a traversal path refused) and served, tags and
// quantity prices arrive, a dry run writes nothing at all, and a product deleted in ocStore is
// archived by the next run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type mysql from 'mysql2/promise';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { importOcstore, type OcstoreReport } from './index.js';
import { suiteSkip } from './import-suite.js';
import { adminConnection, dropMysqlDatabase, loadShop, mysqlUrl } from './test-fixtures.js';

const skip = await suiteSkip('postgres');

/** A copy of demo product 30 as `id` (named, with a main image), linked to category 20. */
async function addProduct(c: mysql.Connection, id: number, name: string, image = '') {
  await c.query(
    `SET sql_mode = '';
     DROP TEMPORARY TABLE IF EXISTS tp; CREATE TEMPORARY TABLE tp AS SELECT * FROM oc_product WHERE product_id = 30;
     UPDATE tp SET product_id = ?, model = ?, sku = '', image = ?; INSERT INTO oc_product SELECT * FROM tp;
     INSERT INTO oc_product_description (product_id, language_id, name, description, tag, meta_title, meta_description, meta_keyword)
       VALUES (?, 1, ?, '', '', '', '', '');
     INSERT INTO oc_product_to_category (product_id, category_id) VALUES (?, 20);`,
    [id, `T-${id}`, image, id, name, id],
  );
}

async function deleteProduct(c: mysql.Connection, id: number) {
  for (const table of ['oc_product', 'oc_product_description', 'oc_product_to_category', 'oc_product_image', 'oc_product_option_value']) {
    await c.query(`DELETE FROM ${table} WHERE product_id = ?`, [id]);
  }
}

describe('ocStore 3.0 import: write-time failures, images, tags, quantity prices, dry run, deletions', { skip }, () => {
  let t: TestApp;
  let shop: string;
  let c: mysql.Connection;
  let images: string;
  let report: OcstoreReport;
  const dir = `catalog/vitrina-test-${randomBytes(4).toString('hex')}`;
  const run = (extra: object = {}) => importOcstore(t.deps, { mysql: mysqlUrl(shop), pageSize: 7, ...extra });
  const mediaDir = () => path.join(t.deps.config.varDir, 'media', 'ocstore');
  const q = async <R>(text: string, params: unknown[] = []) =>
    (await t.deps.db.withSession((s) => s.query<R>(text, params)));
  const productOf = async (ext: string) =>
    (await q<{ id: number; status: string; name: string; images: { url: string }[] }>(
      `select p.id, p.status, p.name, p.images from external_refs r join products p on p.id = r.internal_id
        where r.system = 'ocstore' and r.entity = 'product' and r.external_id = $1`,
      [ext],
    ))[0];

  before(async () => {
    [shop, t] = await Promise.all([loadShop('3.0'), createTestApp('postgres')]);
    c = await adminConnection(shop);
    images = await mkdtemp(path.join(os.tmpdir(), 'ocstore-images-'));
    await mkdir(path.join(images, dir), { recursive: true });
    await writeFile(path.join(images, dir, 'main.jpg'), Buffer.from('main-image-bytes'));
    await writeFile(path.join(images, dir, 'second.png'), Buffer.from('second-image-bytes'));
    // five products among the demo ones; 2002 and 2004 pass every check of the mapping but break
    // in the database: their option stock sums past the integer range of product_option_values
    for (const id of [2001, 2002, 2003, 2004, 2005]) await addProduct(c, id, `Тестовый товар ${id}`, id === 2001 ? `${dir}/main.jpg` : '');
    await c.query(
      `INSERT INTO oc_product_image (product_id, image, sort_order) VALUES (2001, '${dir}/second.png', 1), (2001, '../../etc/passwd', 2), (2001, '${dir}/../../../etc/hosts', 3);
       INSERT INTO oc_product_option_value (product_option_value_id, product_option_id, product_id, option_id, option_value_id, quantity, subtract, price, price_prefix, points, points_prefix, weight, weight_prefix) VALUES
        (9001, 9001, 2002, 1, 31, 2000000000, 1, '0', '+', 0, '+', 0, '+'), (9002, 9001, 2002, 1, 31, 2000000000, 1, '0', '+', 0, '+', 0, '+'),
        (9003, 9002, 2004, 1, 31, 2000000000, 1, '0', '+', 0, '+', 0, '+'), (9004, 9002, 2004, 1, 31, 2000000000, 1, '0', '+', 0, '+', 0, '+');
       UPDATE oc_product_description SET tag = 'Мониторы, Apple,  , apple,Большой &amp; яркий' WHERE product_id = 42;
       UPDATE oc_article_description SET tag = 'Новости, Обзоры' WHERE article_id = (SELECT MIN(article_id) FROM oc_article);
       INSERT INTO oc_product_discount (product_id, customer_group_id, quantity, priority, price, date_start, date_end) VALUES
        (2001, 2, 5, 1, '7.5000', '2020-01-01', '0000-00-00');
       DROP TEMPORARY TABLE IF EXISTS tor; CREATE TEMPORARY TABLE tor AS SELECT * FROM oc_order WHERE order_id = 1;
       UPDATE tor SET order_id = 10; INSERT INTO oc_order SELECT * FROM tor; UPDATE tor SET order_id = 11; INSERT INTO oc_order SELECT * FROM tor;
       INSERT INTO oc_order_product (order_id, product_id, name, model, quantity, price, total, tax, reward) VALUES
        (10, 42, 'Слишком много', 'X', 2000000000, 99999999.0000, 0, 0, 0), (11, 42, 'Нормально', 'X', 1, 10.0000, 10.0000, 0, 0);`,
    );
    report = await run({ images });
  });
  after(async () => {
    await c?.end();
    await Promise.all([t?.close(), shop ? dropMysqlDatabase(shop) : null, images ? rm(images, { recursive: true, force: true }) : null]);
    if (t) await rm(path.join(mediaDir(), dir), { recursive: true, force: true });
  });

  it('skips only the rows that break at write time, with the reason, and every good row lands', async () => {
    const skipped = report.skipped.map((s) => `${s.entity} ${s.id}: ${s.reason}`).join('\n');
    assert.match(skipped, /products 2002: write failed: .*out of range/);
    assert.match(skipped, /products 2004: write failed: .*out of range/);
    assert.match(skipped, /orders 10: write failed: .*out of range/);
    assert.equal(report.entities.products!.created, 22, 'the 19 demo products and 2001, 2003, 2005');
    const demo = [28, 29, 30, 31, 32, 33, 34, 35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49];
    for (const ext of [...demo, 2001, 2003, 2005]) {
      const p = await productOf(String(ext));
      assert.ok(p, `product ${ext} landed`);
    }
    for (const ext of [2002, 2004]) assert.equal(await productOf(String(ext)), undefined, `product ${ext} skipped`);
    const offers = await q<{ n: number }>(`select count(*)::int n from offers o join external_refs r on r.internal_id = o.product_id and r.system = 'ocstore' and r.entity = 'product'`);
    assert.equal(offers[0]!.n, 22, 'every landed product has its offer');
    const orders = await q<{ external_ref: string }>(`select external_ref from orders where source = 'ocstore' order by external_ref`);
    assert.deepEqual(orders.map((o) => o.external_ref), ['1', '11', '3']);
    assert.equal(report.entities.orders!.created, 3);
    const items = await q<{ n: number }>(`select count(*)::int n from order_items i join orders o on o.id = i.order_id where o.external_ref = '11'`);
    assert.equal(items[0]!.n, 1);
  });

  it('copies the images from --images, refuses a path that leaves the directory, and serves them over HTTP', async () => {
    const p = (await productOf('2001'))!;
    assert.deepEqual(p.images.map((i) => i.url), [`/media/ocstore/${dir}/main.jpg`, `/media/ocstore/${dir}/second.png`]);
    const warnings = report.warnings.map((s) => `${s.entity} ${s.id}: ${s.reason}`).join('\n');
    assert.match(warnings, /products 2001: image "\.\.\/\.\.\/etc\/passwd" refused/);
    assert.match(warnings, /products 2001: image ".*\/\.\.\/\.\.\/\.\.\/etc\/hosts" refused/);
    assert.equal(existsSync(path.join(mediaDir(), '..', '..', 'etc', 'passwd')), false, 'nothing written outside the media dir');
    assert.equal(await readFile(path.join(mediaDir(), dir, 'main.jpg'), 'utf8'), 'main-image-bytes');
    for (const [url, body] of [[p.images[0]!.url, 'main-image-bytes'], [p.images[1]!.url, 'second-image-bytes']] as const) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.equal(r.body, body);
    }
    const escape = await t.app.inject({ method: 'GET', url: '/media/ocstore/..%2F..%2F..%2Fetc%2Fpasswd' });
    assert.notEqual(escape.statusCode, 200);
  });

  it('brings product and blog tags as tags/taggings, and quantity-tier discounts as offer quantity prices', async () => {
    const tags = await q<{ slug: string; name: string }>(
      `select t.slug, t.name from taggings g join tags t on t.id = g.tag_id join external_refs r on r.internal_id = g.entity_id
        where g.entity_type = 'product' and r.system = 'ocstore' and r.entity = 'product' and r.external_id = '42' order by t.slug`,
    );
    assert.deepEqual(tags.map((x) => x.name), ['Apple', 'Большой & яркий', 'Мониторы'], 'split on commas, blanks and case duplicates dropped, entities decoded');
    const postTags = await q<{ name: string }>(
      `select t.name from taggings g join tags t on t.id = g.tag_id where g.entity_type = 'post' order by t.name`,
    );
    assert.deepEqual(postTags.map((x) => x.name), ['Новости', 'Обзоры']);
    const tiers = await q<{ min_quantity: number; price: string; customer_group: string; starts_at: Date | null; ends_at: Date | null }>(
      `select qp.min_quantity, qp.price, qp.customer_group, qp.starts_at, qp.ends_at from offer_quantity_prices qp
         join offers o on o.id = qp.offer_id join external_refs r on r.internal_id = o.product_id and r.system = 'ocstore' and r.entity = 'product'
        where r.external_id = $1 order by qp.min_quantity`,
      ['42'],
    );
    assert.deepEqual(tiers.map((x) => [x.min_quantity, Number(x.price), x.customer_group, x.starts_at, x.ends_at]), [
      [10, 8800, '', null, null], [20, 7700, '', null, null], [30, 6600, '', null, null],
    ]);
    const other = await q<{ customer_group: string; starts_at: Date }>(
      `select qp.customer_group, qp.starts_at from offer_quantity_prices qp join offers o on o.id = qp.offer_id
         join external_refs r on r.internal_id = o.product_id and r.system = 'ocstore' and r.entity = 'product' where r.external_id = '2001'`,
    );
    assert.equal(other[0]!.customer_group, 'ocstore:2', 'a discount of another customer group is kept, marked with its group');
    assert.ok(other[0]!.starts_at instanceof Date);
    assert.equal(report.entities.quantity_prices!.created, 4);
  });

  /** Row count and a digest of every row of every table of ours. */
  const snapshot = async () => {
    const tables = await q<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const [r] = await q<{ n: number; h: string }>(`select count(*)::int n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) h from ${quoted} x`);
      out[name] = `${r!.n} ${r!.h}`;
    }
    return out;
  };

  it('dry-runs a run that would create, update and archive, and writes nothing at all', async () => {
    await c.query(`UPDATE oc_product_description SET name = 'Переименован' WHERE product_id = 2001`);
    await deleteProduct(c, 2003);
    await addProduct(c, 2006, 'Новый товар 2006');
    const before = await snapshot();
    const files = await readdir(mediaDir(), { recursive: true });
    const dry = await run({ dryRun: true, images });
    assert.equal(dry.dry_run, true);
    assert.equal(dry.entities.products!.created, 1, 'would create 2006');
    assert.ok(dry.entities.products!.updated >= 1, 'would rename 2001');
    assert.equal(dry.entities.products!.archived, 1, 'would archive 2003');
    const after = await snapshot();
    assert.deepEqual(after, before, 'every table has the same rows');
    assert.deepEqual((await readdir(mediaDir(), { recursive: true })).sort(), files.sort(), 'no file copied');
  });

  it('archives a product deleted in ocStore on the next run, and brings it back when it reappears', async () => {
    const again = await run();
    assert.equal(again.entities.products!.archived, 1);
    assert.equal(again.entities.products!.created, 1);
    assert.match(again.warnings.map((w) => `${w.entity} ${w.id}: ${w.reason}`).join('\n'), /products 2003: deleted in ocStore since the last run: archived/);
    const gone = (await productOf('2003'))!;
    assert.equal(gone.status, 'archived', 'kept (orders and reviews may point to it), hidden from the shop');
    assert.equal((await productOf('2001'))!.name, 'Переименован');
    assert.equal((await productOf('2006'))!.status, 'published');
    const still = await run();
    assert.equal(still.entities.products!.archived ?? 0, 0, 'an archived product is not archived again');
    await addProduct(c, 2003, 'Тестовый товар 2003');
    const back = await run();
    assert.equal((await productOf('2003'))!.status, 'published');
    assert.equal(back.entities.products!.created, 0, 'the same product, not a new one');
  });
});
