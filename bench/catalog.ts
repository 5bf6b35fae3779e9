// `npm run bench:catalog -- --products 1000000 [--categories 9000] [--seed 42] [--fresh]`
//
// Loads a generated catalog into the (empty) PostgreSQL database at DATABASE_URL and measures:
// - copy_baseline_rows_per_s: a raw COPY of the same product rows (same columns, same data) into a
//   bare, unindexed, logged table, streamed from a file rendered beforehand — PostgreSQL's ingest
//   rate for these rows on this machine, measured in the same run; the table is dropped after;
// - import_seconds / import_products_per_s: seedCatalog end to end (skeleton, products with their
//   categories, attribute values, offers and tags, indexes, best offers, ANALYZE);
// - over real HTTP against the app (buildApp, its own process, 127.0.0.1:0): the product card by
//   slug and a category listing with two attribute filters sorted by price (24 items);
// - peak_rss_mb: the app process's peak RSS (seed_peak_rss_mb: this process, which ran the load).
// Writes bench/results/catalog.json and prints a summary.
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { createAttributesService } from '../src/modules/attributes/index.js';
import { createCategoriesService } from '../src/modules/categories/index.js';
import { catalogStats, PRODUCT_COLUMNS, productCopyChunks, seedCatalog } from '../src/modules/bulk/index.js';
import { benchDatabase, cliArgs, percentile, postgresSettings, prng, round } from './lib.js';

const root = path.resolve(import.meta.dirname, '..');

function args() {
  const { num: arg, has } = cliArgs();
  const num = (name: string, fallback: number) => arg(name, fallback);
  return {
    products: num('products', 100_000),
    categories: num('categories', 9000),
    seed: num('seed', 42),
    requests: num('requests', 2000),
    concurrency: num('concurrency', 4),
    fresh: has('fresh'),
    keep: has('keep'),
    // measure the card and listing against the catalog already at DATABASE_URL (no import)
    readsOnly: has('reads-only'),
  };
}



async function timedRequests(urls: string[], concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const t = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
      }
    }),
  );
  return times;
}

async function main() {
  const opts = args();
  const given = process.env.DATABASE_URL;
  if (!given) {
    console.error('bench:catalog needs DATABASE_URL=postgres://… (an empty database, or add --fresh to create vitrina_bench on that server)');
    process.exit(2);
  }
  const url = await benchDatabase(given, opts.fresh, 'vitrina_bench', 'bench:catalog');
  const log = createLogger('warn');
  const db = openPostgres(url, 12);
  await migrate(db);
  const before = await catalogStats(db);
  if (!opts.readsOnly && (before.categories > 0 || before.products > 0)) {
    console.error(
      `The catalog at ${new URL(url).pathname.slice(1)} is not empty (${before.categories} categories, ${before.products} products).\n` +
        'The benchmark loads into an empty catalog: point DATABASE_URL at an empty database, or pass --fresh to ' +
        '(re)create a dedicated database vitrina_bench on that server.',
    );
    await db.close();
    process.exit(2);
  }
  const deps: PlatformDeps = {
    config: loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production' }),
    db,
    cache: memoryCache(20_000, 300),
    log,
    bus: new EventBus(db, log),
    metrics: createMetrics(),
  };
  const gen = { categories: opts.categories, products: opts.products, seed: opts.seed };
  console.error(`bench:catalog ${opts.products} products, ${opts.categories} categories, seed ${opts.seed} → ${new URL(url).pathname.slice(1)}`);

  let baselineSeconds = NaN;
  let baselineRate = NaN;
  let importSeconds = NaN;
  let seeded: Awaited<ReturnType<typeof seedCatalog>> | { seconds: Record<string, number>; rejected: number } = { seconds: {}, rejected: 0 };
  if (!opts.readsOnly) {
    // 1. raw COPY baseline: render the rows to a file first (not timed), then time the COPY alone
    const file = path.join(tmpdir(), `vitrina-baseline-${process.pid}.tsv`);
    let t = performance.now();
    const out = createWriteStream(file, { highWaterMark: 8 << 20 });
    for (const chunk of productCopyChunks(gen)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
    const renderSeconds = (performance.now() - t) / 1000;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('drop table if exists bench_copy_baseline');
    await client.query('create table bench_copy_baseline (like products including defaults)');
    t = performance.now();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`copy bench_copy_baseline (${PRODUCT_COLUMNS}) from stdin`)));
    baselineSeconds = (performance.now() - t) / 1000;
    await client.query('drop table bench_copy_baseline');
    await client.end();
    rmSync(file, { force: true });
    baselineRate = opts.products / baselineSeconds;
    console.error(`baseline: COPY ${opts.products} rows in ${round(baselineSeconds)} s (${Math.round(baselineRate)} rows/s; rendering took ${round(renderSeconds)} s)`);

    // 2. the import
    let lastPhase = '';
    t = performance.now();
    seeded = await seedCatalog(deps, gen, (p) => {
      if (p.phase !== lastPhase) console.error(`  ${((performance.now() - t) / 1000).toFixed(1)} s: ${p.phase}`);
      lastPhase = p.phase;
    });
    importSeconds = (performance.now() - t) / 1000;
    console.error(`import: ${round(importSeconds)} s (${Math.round(opts.products / importSeconds)} products/s) ${JSON.stringify(seeded.seconds)}`);
  }
  const stats = await catalogStats(db);
  const { rows: av } = await sql<{ n: number }>`select coalesce(sum((select count(*) from jsonb_object_keys(attributes))), 0)::bigint as n from products`.execute(db.kysely);
  const attributeValues = Number(av[0]!.n);

  // 3. HTTP: the app in its own process
  const child = fork(path.join(root, 'bench/catalog-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(msg: string, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off('message', on);
          resolve(m as T);
        }
      };
      child.on('message', on);
      if (msg) child.send(msg);
    });
  const { port } = await ask<{ port: number }>('', 'port');
  const base = `http://127.0.0.1:${port}`;
  const rnd = prng(opts.seed);

  // cards: random published products
  const maxId = Number((await db.kysely.selectFrom('products').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  const wantIds = Array.from({ length: Math.ceil((opts.requests * 2 + 300) * 1.25) }, () => 1 + Math.floor(rnd() * maxId));
  const slugs = (await db.kysely.selectFrom('products').select('slug').where('id', 'in', wantIds).where('status', '=', 'published').execute()).map((r) => r.slug);
  const shuffled = slugs.sort(() => rnd() - 0.5);
  const cardUrls = shuffled.map((s) => `${base}/api/products/${s}`);
  await timedRequests(cardUrls.slice(0, 300), 1); // warm-up
  const cardSeq = await timedRequests(cardUrls.slice(300, 300 + opts.requests), 1);
  const cardConc = await timedRequests(cardUrls.slice(300 + opts.requests, 300 + 2 * opts.requests), opts.concurrency);

  // listings: big categories (levels 1–3), two filterable enum attributes that occur there
  const { rows: big } = await sql<{ id: number; n: number }>`
    select c.id, count(*)::int as n
      from products p cross join lateral unnest(p.category_tree_ids) as c(id)
     where p.status = 'published'
     group by c.id having count(*) >= 2000 order by count(*) desc limit 200`.execute(db.kysely);
  const depthOf = new Map((await db.kysely.selectFrom('categories').select(['id', 'depth']).execute()).map((r) => [r.id, r.depth]));
  const candidates = big.filter((c) => (depthOf.get(c.id) ?? 0) >= 1 && (depthOf.get(c.id) ?? 0) <= 3).slice(0, 40);
  const attributes = createAttributesService(deps, { categories: createCategoriesService(deps) });
  const listingUrls: string[] = [];
  for (const cat of candidates) {
    const matrix = await attributes.effectiveMatrix(cat.id);
    const enums = new Set(matrix.entries.filter((e) => e.filterable && e.attribute.type === 'enum').map((e) => e.attribute.code));
    const sample = await db.kysely
      .selectFrom('products')
      .select('attributes')
      .where(sql<boolean>`category_tree_ids @> array[${cat.id}::int]`)
      .where('status', '=', 'published')
      .limit(400)
      .execute();
    const counts = new Map<string, number>();
    for (const r of sample) {
      for (const [code, v] of Object.entries(r.attributes)) if (enums.has(code) && typeof v === 'string') counts.set(`${code}=${v}`, (counts.get(`${code}=${v}`) ?? 0) + 1);
    }
    const pairs = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k.split('=') as [string, string]);
    const first = pairs[0];
    const second = pairs.find(([code, v]) => first && code !== first[0] && sample.some((r) => r.attributes[first[0]] === first[1] && r.attributes[code] === v));
    if (!first || !second) continue;
    listingUrls.push(`${base}/api/categories/${cat.id}/products?filter[${first[0]}]=${encodeURIComponent(first[1])}&filter[${second[0]}]=${encodeURIComponent(second[1])}&sort=price_asc&limit=24`);
    if (listingUrls.length >= 20) break;
  }
  const listingRuns = Math.max(1000, opts.requests / 2);
  const listingAll = Array.from({ length: listingRuns + 200 }, (_, i) => listingUrls[i % listingUrls.length]!);
  let listingSeq: number[] = [];
  let listingConc: number[] = [];
  if (listingUrls.length) {
    await timedRequests(listingAll.slice(0, 200), 1);
    listingSeq = await timedRequests(listingAll.slice(200), 1);
    listingConc = await timedRequests(listingAll.slice(200), opts.concurrency);
  }
  const appRss = await ask<{ maxRssKb: number }>('rss', 'maxRssKb');
  child.send('stop');
  await new Promise((r) => child.once('exit', r));

  const result = {
    products: stats.products,
    categories: stats.categories,
    attributes: stats.attributes,
    offers: stats.offers,
    attribute_values: attributeValues,
    seed: opts.seed,
    import_seconds: round(importSeconds),
    import_products_per_s: Math.round(opts.products / importSeconds),
    import_phases_seconds: seeded.seconds,
    import_rejected: seeded.rejected,
    copy_baseline_rows_per_s: Math.round(baselineRate),
    copy_baseline_seconds: round(baselineSeconds),
    import_vs_baseline: round(opts.products / importSeconds / baselineRate, 3),
    card_p50_ms: round(percentile(cardSeq, 50)),
    card_p95_ms: round(percentile(cardSeq, 95)),
    card_requests: cardSeq.length,
    card_concurrent: { concurrency: opts.concurrency, requests: cardConc.length, p50_ms: round(percentile(cardConc, 50)), p95_ms: round(percentile(cardConc, 95)) },
    listing_p50_ms: round(percentile(listingSeq, 50)),
    listing_p95_ms: round(percentile(listingSeq, 95)),
    listing_requests: listingSeq.length,
    listing_categories: listingUrls.length,
    listing_concurrent: { concurrency: opts.concurrency, requests: listingConc.length, p50_ms: round(percentile(listingConc, 50)), p95_ms: round(percentile(listingConc, 95)) },
    listing_example: listingUrls[0]?.replace(base, ''),
    peak_rss_mb: Math.round(appRss.maxRssKb / 1024),
    seed_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    machine: { cpus: (await import('node:os')).cpus().length, load_average: (await import('node:os')).loadavg().map((x) => round(x)), node: process.version, postgres: await postgresSettings(async (text) => (await sql.raw<{ name: string; setting: string; unit: string | null }>(text).execute(db.kysely)).rows) },
    measured_at: new Date().toISOString(),
    targets: {} as Record<string, { target: string; value: number; pass: boolean }>,
  };
  const target = (name: string, label: string, value: number, pass: boolean) => (result.targets[name] = { target: label, value, pass });
  target('import_seconds', '≤ 90 s', result.import_seconds, result.import_seconds <= 90);
  target('import_vs_baseline', '≥ 0.3 × COPY baseline', result.import_vs_baseline, result.import_vs_baseline >= 0.3);
  target('card_p95_ms', '≤ 5 ms', result.card_p95_ms, result.card_p95_ms <= 5);
  target('listing_p95_ms', '≤ 30 ms', result.listing_p95_ms, result.listing_p95_ms <= 30);
  target('peak_rss_mb', '≤ 600 MB', result.peak_rss_mb, result.peak_rss_mb <= 600);

  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, opts.readsOnly ? 'bench/results/catalog-reads.json' : 'bench/results/catalog.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`\n${'metric'.padEnd(28)}${'value'.padStart(14)}  target`);
  const line = (k: string, v: unknown, t = '') => console.log(`${k.padEnd(28)}${String(v).padStart(14)}  ${t}`);
  line('products', result.products);
  line('categories', result.categories);
  line('offers', result.offers);
  line('attribute_values', result.attribute_values);
  line('copy_baseline_rows_per_s', result.copy_baseline_rows_per_s);
  for (const [k, v] of Object.entries(result.targets)) line(k, v.value, `${v.target}  ${v.pass ? 'PASS' : 'FAIL'}`);
  line('import_products_per_s', result.import_products_per_s);
  line('card_p50_ms', result.card_p50_ms);
  line('listing_p50_ms', result.listing_p50_ms);
  line('seed_peak_rss_mb', result.seed_peak_rss_mb);
  console.log(`\nwritten to bench/results/${opts.readsOnly ? 'catalog-reads' : 'catalog'}.json`);
  await db.close();
}

await main();
