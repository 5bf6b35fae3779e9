// `npm run bench:ocstore -- --products 100000 [--categories N] [--keep] [--pglite]`
//
// Generates an ocStore-3.0-shaped shop of that size in MariaDB (the real installer schema, then
// multi-row INSERTs: products with descriptions, 2 categories, 2 images, 5 attribute values, an SEO
// keyword, two tags, a special on every tenth, two quantity tiers on every fifth), imports it into a
// fresh PostgreSQL database (or in-memory PGlite with --pglite) and writes bench/results/ocstore.json: products, seconds, products_per_s,
// peak RSS. MariaDB: TEST_MYSQL_HOST/PORT/USER/PASSWORD (default root@127.0.0.1:3306);
// PostgreSQL server: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import type { PlatformDeps } from '../src/platform/context.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { createDatabase, dropDatabase, openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import { importOcstore } from '../src/modules/ocstore/index.js';
import { adminConnection, createMysqlDatabase, dropMysqlDatabase, INSTALLER, loadSqlFile, mysqlUrl } from '../src/modules/ocstore/test-fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function args() {
  const a = process.argv.slice(2);
  const num = (name: string, def: number) => {
    const i = a.indexOf(name);
    return i >= 0 ? Number(String(a[i + 1]).replace(/_/g, '')) : def;
  };
  const products = num('--products', 100_000);
  return { products, categories: num('--categories', Math.min(2000, Math.max(20, Math.round(products / 100)))), keep: a.includes('--keep'), pglite: a.includes('--pglite') };
}

/** Deterministic pseudo-random numbers (same size → same shop). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const WORDS = ['Смартфон', 'Ноутбук', 'Монитор', 'Кресло', 'Чайник', 'Фен', 'Пылесос', 'Наушники', 'Часы', 'Планшет', 'Камера', 'Принтер'];
const COLORS = ['чёрный', 'белый', 'серый', 'синий', 'красный', 'зелёный'];

async function generate(db: string, n: number, categories: number) {
  const c = await adminConnection(db);
  // the shop's own mode: NOT NULL columns without defaults take '' / 0, like the installer relies on
  await c.query("SET SESSION sql_mode = ''");
  const rand = rng(42);
  // keep the installer's settings, languages, statuses; replace its demo catalog
  for (const t of ['product', 'product_description', 'product_to_category', 'product_image', 'product_attribute', 'product_special', 'product_discount',
    'product_option', 'product_option_value', 'product_to_store', 'category', 'category_description', 'category_path', 'category_to_store',
    'manufacturer', 'manufacturer_description', 'attribute', 'attribute_description', 'attribute_group', 'attribute_group_description']) {
    await c.query(`TRUNCATE TABLE oc_${t}`);
  }
  await c.query("DELETE FROM oc_seo_url WHERE query LIKE 'product_id=%' OR query LIKE 'category_id=%' OR query LIKE 'manufacturer_id=%'");
  const insert = async (table: string, cols: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 2000) await c.query(`INSERT INTO oc_${table} (${cols.join(',')}) VALUES ?`, [rows.slice(i, i + 2000)]);
  };
  const cats: unknown[][] = [];
  const cdesc: unknown[][] = [];
  const seo: unknown[][] = [];
  const parents: number[] = [];
  for (let i = 1; i <= categories; i++) {
    const parent = i <= Math.max(5, categories / 20) ? 0 : 1 + Math.floor(rand() * (i - 1));
    parents[i] = parent;
    cats.push([i, parent, i % 50, 1, 1, '2020-01-01 00:00:00', '2020-01-01 00:00:00']);
    cdesc.push([i, 1, `Категория ${i}`, '&lt;p&gt;Описание&lt;/p&gt;', '', '', '', '']);
    seo.push([0, 1, `category_id=${i}`, `cat-${i}`]);
  }
  await insert('category', ['category_id', 'parent_id', 'sort_order', 'status', 'noindex', 'date_added', 'date_modified'], cats);
  await insert('category_description', ['category_id', 'language_id', 'name', 'description', 'meta_title', 'meta_description', 'meta_keyword', 'meta_h1'], cdesc);
  await insert('manufacturer', ['manufacturer_id', 'name', 'sort_order', 'noindex'], Array.from({ length: 200 }, (_, i) => [i + 1, `Бренд ${i + 1}`, 0, 1]));
  await insert('attribute_group', ['attribute_group_id', 'sort_order'], [[1, 1], [2, 2], [3, 3], [4, 4]]);
  await insert('attribute_group_description', ['attribute_group_id', 'language_id', 'name'], [[1, 1, 'Общие'], [2, 1, 'Экран'], [3, 1, 'Память'], [4, 1, 'Корпус']]);
  const attrNames = ['Вес', 'Диагональ', 'Объём памяти', 'Цвет', 'Гарантия', 'Wi-Fi', 'Материал', 'Мощность'];
  await insert('attribute', ['attribute_id', 'attribute_group_id', 'sort_order'], attrNames.map((_, i) => [i + 1, 1 + (i % 4), i]));
  await insert('attribute_description', ['attribute_id', 'language_id', 'name'], attrNames.map((nm, i) => [i + 1, 1, nm]));
  const value = (a: number, p: number) =>
    [`${100 + (p % 900)} г`, `${(10 + (p % 20)) / 2}"`, `${2 ** (2 + (p % 5))} ГБ`, COLORS[p % COLORS.length], `${1 + (p % 3)} года`, p % 2 ? 'Да' : 'Нет', 'пластик', `${500 + (p % 1500)} Вт`][a - 1]!;

  const BATCH = 5000;
  for (let start = 1; start <= n; start += BATCH) {
    const end = Math.min(n, start + BATCH - 1);
    const prod: unknown[][] = [], desc: unknown[][] = [], p2c: unknown[][] = [], img: unknown[][] = [], pa: unknown[][] = [], sp: unknown[][] = [], kw: unknown[][] = [], qd: unknown[][] = [];
    for (let id = start; id <= end; id++) {
      const cat = 1 + Math.floor(rand() * categories);
      const price = (100 + Math.floor(rand() * 100_000)).toFixed(4);
      prod.push([id, `MDL-${id}`, `SKU-${id}`, '', '', '', '', '', '', Math.floor(rand() * 100), 7, `catalog/p/${id}.jpg`, 1 + (id % 200), price, 1, '2020-01-01', 1, '2020-01-01 00:00:00', '2021-01-01 00:00:00', 1]);
      const name = `${WORDS[id % WORDS.length]} модель ${id} &quot;${COLORS[id % COLORS.length]}&quot;`;
      // two tags from a small vocabulary (shared tags, like a real shop) and quantity tiers on every fifth
      desc.push([id, 1, name, `&lt;p&gt;${name} — подробное описание товара &amp; характеристики.&lt;/p&gt;`, `${WORDS[id % WORDS.length]}, ${COLORS[(id >> 3) % COLORS.length]}`, name, '', '', name]);
      if (id % 5 === 0) qd.push([id, 1, 10, 1, (Number(price) * 0.95).toFixed(4), '0000-00-00', '0000-00-00'], [id, 1, 50, 1, (Number(price) * 0.9).toFixed(4), '0000-00-00', '0000-00-00']);
      p2c.push([id, cat, 1]);
      if (parents[cat]) p2c.push([id, parents[cat], 0]);
      img.push([id, `catalog/p/${id}-2.jpg`, 1], [id, `catalog/p/${id}-3.jpg`, 2]);
      for (let k = 0; k < 5; k++) {
        const a = 1 + ((id + k) % attrNames.length);
        pa.push([id, a, 1, value(a, id)]);
      }
      if (id % 10 === 0) sp.push([id, 1, 1, (Number(price) * 0.9).toFixed(4), '0000-00-00', '0000-00-00']);
      kw.push([0, 1, `product_id=${id}`, `product-${id}`]);
    }
    await insert('product', ['product_id', 'model', 'sku', 'upc', 'ean', 'jan', 'isbn', 'mpn', 'location', 'quantity', 'stock_status_id', 'image', 'manufacturer_id', 'price', 'tax_class_id', 'date_available', 'status', 'date_added', 'date_modified', 'noindex'], prod);
    await insert('product_description', ['product_id', 'language_id', 'name', 'description', 'tag', 'meta_title', 'meta_description', 'meta_keyword', 'meta_h1'], desc);
    await insert('product_to_category', ['product_id', 'category_id', 'main_category'], p2c);
    await insert('product_image', ['product_id', 'image', 'sort_order'], img);
    await insert('product_attribute', ['product_id', 'attribute_id', 'language_id', 'text'], pa);
    await insert('product_special', ['product_id', 'customer_group_id', 'priority', 'price', 'date_start', 'date_end'], sp);
    await insert('product_discount', ['product_id', 'customer_group_id', 'quantity', 'priority', 'price', 'date_start', 'date_end'], qd);
    await insert('seo_url', ['store_id', 'language_id', 'query', 'keyword'], kw);
    process.stderr.write(`\rgenerating: ${end}/${n} products`);
  }
  await insert('seo_url', ['store_id', 'language_id', 'query', 'keyword'], seo);
  process.stderr.write('\n');
  await c.end();
}

async function main() {
  const opts = args();
  const shop = await createMysqlDatabase('ocbench');
  const pgServer = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const pgName = `vitrina_ocbench_${process.pid}`;
  let db: Database | null = null;
  try {
    let t = performance.now();
    await loadSqlFile(shop, INSTALLER['3.0']);
    await generate(shop, opts.products, opts.categories);
    const generateSeconds = (performance.now() - t) / 1000;
    console.error(`generated ${opts.products} products, ${opts.categories} categories in ${generateSeconds.toFixed(1)} s (MariaDB ${shop})`);

    db = opts.pglite ? await openPglite(undefined) : openPostgres(await createDatabase(pgServer, pgName), 4);
    await migrate(db);
    const log = createLogger('warn');
    const deps: PlatformDeps = {
      config: loadConfig({ ...process.env, NODE_ENV: 'production', VITRINA_VAR_DIR: path.join(root, 'var/bench-ocstore') }),
      db,
      cache: memoryCache(1000, 60),
      log,
      bus: new EventBus(db, log),
      metrics: createMetrics(),
    };
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    let last = 0;
    const cpu = process.cpuUsage();
    t = performance.now();
    const steps: Record<string, number> = {};
    const report = await importOcstore(deps, {
      mysql: mysqlUrl(shop),
      onProgress(entity, done, total) {
        // seconds since the start at which each step last reported (where the time goes)
        steps[entity] = Number(((performance.now() - t) / 1000).toFixed(1));
        if (entity === 'products' && (done - last >= 20_000 || done === total)) {
          last = done;
          const s = (performance.now() - t) / 1000;
          process.stderr.write(`products: ${done}/${total} (${Math.round(done / s)}/s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB)\n`);
        }
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    const result = {
      products: report.entities.products?.created ?? 0,
      seconds: Number(seconds.toFixed(2)),
      products_per_s: Math.round((report.entities.products?.created ?? 0) / seconds),
      peak_rss_mb: Math.round(peak / 2 ** 20),
      target: opts.pglite ? 'pglite (in memory)' : 'postgresql',
      categories: report.entities.categories?.created ?? 0,
      redirects: report.redirects,
      tags: report.entities.product_tags?.created ?? 0,
      quantity_prices: report.entities.quantity_prices?.created ?? 0,
      skipped: report.skipped.length,
      steps_done_at_s: steps,
      generate_seconds: Number(generateSeconds.toFixed(1)),
      // the machine is shared: a high load average means the rate above is a floor, not the capacity
      importer_cpu_seconds: Number(((used.user + used.system) / 1e6).toFixed(1)),
      load_average_1m: Number((await import('node:os')).loadavg()[0]!.toFixed(1)),
      measured_at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/ocstore.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result));
  } finally {
    await db?.close();
    if (!opts.pglite && db) await dropDatabase(pgServer, pgName).catch(() => {});
    if (!opts.keep) await dropMysqlDatabase(shop);
    else console.error(`kept MariaDB database ${shop}`);
  }
}

await main();
process.exit(0);
