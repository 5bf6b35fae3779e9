// `npm run bench:search -- [--products 20000] [--categories 1200] [--seed 42] [--requests 2000] [--concurrency 8] [--warmup 10] [--warmup-max 300]
//    [--index-warmup-max 300] [--fresh]
//    [--engines postgres|opensearch|both|none] [--reuse-index]`   (none: only generate the catalog when it is empty;
//    --reuse-index: query the index an earlier run built instead of rebuilding it — no index_* numbers)
//
// Uses the PostgreSQL at DATABASE_URL (with --fresh: a dedicated database vitrina_bench_search on that
// server). When its catalog is empty, generates one with the foundation generator. Then, per engine —
// postgres always, opensearch when OPENSEARCH_URL is set — measures through the search service
// (request typing, engine, card hydration; no HTTP):
// - index_docs_per_s: a full rebuild of the index (opensearch: after an untimed rebuild into a scratch
//   index that lasts until the node's docs/s levels off and a local node's JIT compilers are quiet, at
//   least `--warmup`, at most `--index-warmup-max` seconds or the whole catalog — bench/index-warmup.ts; a
//   node just started compiles through its first rebuild; `index_warmup` in the result has that curve,
//   and index_cpu.engine_jit_seconds what the compilers still took during the measured one);
//   index_merge_seconds: how long the engine then merged the new index in the background
//   (opensearch) — queries are measured after that, on a settled index;
//   index_cpu: the CPU seconds the rebuild cost this process, PostgreSQL and the engine's server (the
//   OpenSearch node's own count), and the share of the machine left idle — on 2 cores, docs/s is set by
//   their sum, and it says which part to cut;
// - query_facets_p50_ms / _p95_ms: a text query + 3 facets (brand, price, one attribute) inside a
//   category, with `concurrency` clients;
// - query_cpu_us: per query kind, the CPU one request cost this process, PostgreSQL and the engine's
//   server (µs; see measured());
//   (every query kind is measured on a warm app and engine: first queries of the same kinds, untimed,
//   in the next 30 categories by size — compiled code, pools, shared caches — for at least `--warmup`
//   seconds and until throughput stops rising and a local OpenSearch node's JIT compilers go quiet
//   (bench/steady.ts; a node just started compiles for minutes), at most `--warmup-max`; `warmup` in
//   the result has the curve. So the numbers are a running shop's, not those of a process that has just
//   started; none of the measured categories, their matrices, words or pages are in that warm-up)
// - catalog_wide_facets_p95_ms: a text query + facets (brand, price, in_stock) over the whole catalog;
// - suggest_p95_ms: autocomplete of 2–6 typed characters;
// - incremental_visible_p95_ms: a product renamed in the catalog (row + outbox event, as the products
//   module writes them) until a search for the new word finds it — relay poll, indexer batch, engine
//   write and refresh included (the relay polls every 100 ms);
// - ndcg10: the judged queries of src/modules/search/relevance/queries.json, relevant sets recomputed
//   by the same rules over the benchmarked catalog (it may be larger than the judged demo catalog);
// - host_speed: per phase (rebuild, each query kind), the CPU ms of a fixed workload sampled once a
//   second on a thread of its own (host-speed.ts; min/median/max): the host's own speed meanwhile,
//   which moves every number above (its ~1.5 % of a core is taken off the app's CPU).
// Writes bench/results/search.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { publish } from '../src/platform/events/outbox.js';
import { idleShare, jitCpuSeconds, localOpenSearchPid, machineTicks, openSearchCpuReader, serverCpuSeconds, stealSeconds } from './cpu-usage.js';
import { createAttributesService } from '../src/modules/attributes/index.js';
import { createCategoriesService } from '../src/modules/categories/index.js';
import { catalogStats, seedCatalog } from '../src/modules/bulk/index.js';
import { createDocumentSource, createPostgresEngine, createSearchService, type DocumentSource, type SearchDocument, type SearchEngine, type SearchService } from '../src/modules/search/index.js';
import { catalogFacts, matches } from '../src/modules/search/relevance/build-judgments.js';
import { evaluate, loadJudgedQueries, type JudgedQuery } from '../src/modules/search/relevance/evaluate.js';
import { warmUntilSteady, type WarmupOptions } from './steady.js';
import { hostProbe, sampleHostSpeed, type HostSpeedSampler, type HostSpeedSummary } from './host-speed.js';
import { warmIndexing, type IndexWarmupReport } from './index-warmup.js';
import { benchDatabase, cliArgs, percentile, prng, round as roundTo } from './lib.js';

const round = (x: number, d = 1) => roundTo(x, d);

const root = path.resolve(import.meta.dirname, '..');

type EngineChoice = 'postgres' | 'opensearch' | 'both' | 'none';
function engineArg(argv = process.argv.slice(2)): EngineChoice {
  const i = argv.indexOf('--engines');
  if (i < 0) return 'both';
  const v = argv[i + 1];
  if (v === 'postgres' || v === 'opensearch' || v === 'both' || v === 'none') return v;
  throw new Error('--engines takes postgres, opensearch, both or none');
}

function args() {
  const { num: arg, has } = cliArgs();
  const num = (name: string, fallback: number) => arg(name, fallback);
  return {
    products: num('products', 20_000),
    categories: num('categories', 1200),
    seed: num('seed', 42),
    requests: num('requests', 2000),
    warmup: { minSeconds: num('warmup', 10), maxSeconds: num('warmup-max', 300) } as WarmupOptions,
    // 0: no indexing warm-up (the first rebuild of a node just started, JIT and all)
    indexWarmupMax: num('index-warmup-max', 300),
    concurrency: num('concurrency', 8),
    fresh: has('fresh'),
    reuseIndex: has('reuse-index'),
    engines: engineArg(),
  };
}



async function timed<T>(jobs: T[], concurrency: number, run: (job: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t = performance.now();
        await run(job);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

interface Workload {
  inCategory: { q: string; category: string; facets: string }[];
  catalogWide: { q: string }[];
  suggest: string[];
  /** the same kinds of queries in other categories (the warm-up's) */
  warm?: Workload;
}

/** Texts and categories from the catalog itself: the biggest leaf categories and their product nouns. */
async function workload(deps: PlatformDeps, n: number, seed: number): Promise<Workload> {
  const db = deps.db.kysely;
  const { rows: cats } = await sql<{ id: number; name: string }>`
    select c.id, c.name from categories c
      join (select primary_category_id as id, count(*) as n from products group by 1) p on p.id = c.id
     where not exists (select 1 from categories k where k.parent_id = c.id)
     order by p.n desc, c.id limit 60`.execute(db);
  // (one grouped scan: products has no index on primary_category_id, and a count per leaf category
  // was one full scan each at 1M rows)
  const attributes = createAttributesService(deps, { categories: createCategoriesService(deps) });
  const rnd = prng(seed);
  // the warm-up's own queries: other categories' products, drawn with their own generator (the measured
  // sample stays what it was without a warm-up)
  const rndWarm = prng(seed + 1);
  const inCategory: Workload['inCategory'] = [];
  const words: string[] = [];
  const warmInCategory: Workload['inCategory'] = [];
  const warmWords: string[] = [];
  const query = (name: string, r: () => number) => {
    const w = name.split(' ');
    // a buyer's query: the product noun, or noun + brand, or brand + a model word
    return { q: [w[0], w.length > 2 && r() < 0.5 ? w[1] : null, w.length > 3 && r() < 0.3 ? w[2] : null].filter(Boolean).join(' ').toLowerCase(), words: w.slice(0, 3) };
  };
  for (const [ci, c] of cats.entries()) {
    // the 30 biggest leaf categories are measured; the next 30 are the warm-up's
    const measured = ci < 30;
    const m = await attributes.effectiveMatrix(c.id);
    const facet = m.entries.find((e) => e.filterable && (e.attribute.type === 'enum' || e.attribute.type === 'multi_enum'));
    const facets = ['brand', 'price', ...(facet ? [facet.attribute.code] : [])].join(',');
    // through product_categories' (category_id, product_id) index: products has no index on
    // primary_category_id, and walking its primary key for the first 20 took ~440 ms per category at 1M
    const { rows } = await sql<{ name: string }>`
      select p.name from product_categories pc join products p on p.id = pc.product_id
       where pc.category_id = ${c.id} and pc.is_primary and p.status = 'published' order by pc.product_id limit 20`.execute(db);
    rows.forEach((r) => {
      const { q, words: w } = query(r.name, measured ? rnd : rndWarm);
      (measured ? words : warmWords).push(...w);
      (measured ? inCategory : warmInCategory).push({ q, category: String(c.id), facets });
    });
  }
  const sample = (items: Workload['inCategory'], ws: string[], r: () => number) => {
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const mk = <T>(f: () => T) => Array.from({ length: n }, f);
    return {
      inCategory: mk(() => pick(items)),
      catalogWide: mk(() => ({ q: pick(items).q })),
      suggest: mk(() => {
        const w = pick(ws).toLowerCase();
        return w.slice(0, Math.max(2, Math.min(w.length, 2 + Math.floor(r() * 5))));
      }),
    };
  };
  return { ...sample(inCategory, words, rnd), warm: sample(warmInCategory.length ? warmInCategory : inCategory, warmWords.length ? warmWords : words, rndWarm) };
}

/**
 * Renames `samples` products (then renames them back) through the outbox and times each change until
 * the engine finds it. Pending outbox rows of the bench database (the seed's bulk import) are marked
 * delivered first, or the relay would start a full rebuild.
 */
async function incrementalVisible(deps: PlatformDeps, service: SearchService, samples: number): Promise<number[]> {
  const db = deps.db.kysely;
  await sql`update outbox set published_at = now() where published_at is null`.execute(db);
  const { rows } = await sql<{ id: number; sku: string; name: string }>`
    select id, sku, name from products where status = 'published' order by id limit ${samples}`.execute(db);
  const times: number[] = [];
  const rename = async (p: { id: number; sku: string }, name: string) =>
    db.transaction().execute(async (tx) => {
      await sql`update products set name = ${name}, updated_at = now() where id = ${p.id}`.execute(tx);
      await publish(tx, 'catalog.product_changed', String(p.id), { product_id: Number(p.id), sku: p.sku, change: 'updated' });
    });
  const visible = async (q: string, want: (ids: number[]) => boolean) => {
    const t = performance.now();
    for (;;) {
      const r = await service.search({ q, page: 1, per_page: 5, query: {} });
      if (want(r.items.map((i) => i.id))) return performance.now() - t;
      if (performance.now() - t > 30_000) throw new Error(`incremental change "${q}" not visible within 30 s`);
      await new Promise((res) => setTimeout(res, 10));
    }
  };
  deps.bus.start(100);
  try {
    for (const [i, p] of rows.entries()) {
      // a word no product has: letters only, so every engine tokenizes it the same way
      const word = `визмарк${[...String(i + 1).padStart(3, '0')].map((d) => 'абвгдежзик'[Number(d)]).join('')}`;
      await rename(p, `${p.name} ${word}`);
      times.push(await visible(word, (ids) => ids.includes(Number(p.id))));
      await rename(p, p.name);
      times.push(await visible(word, (ids) => !ids.includes(Number(p.id))));
    }
  } finally {
    await deps.bus.stop();
  }
  return times;
}

async function judgedFor(catalog: { categories: number; products: number; seed: number }): Promise<JudgedQuery[]> {
  const judged = loadJudgedQueries();
  const same = JSON.stringify(judged.catalog) === JSON.stringify(catalog);
  if (same) return judged.queries;
  // a different (larger) catalog: the same rules, applied to every product of it
  const sets = judged.queries.map(() => [] as string[]);
  for (const f of catalogFacts(catalog)) {
    judged.queries.forEach((j, i) => {
      if (matches(j.match, f)) sets[i]!.push(f.sku);
    });
  }
  return judged.queries.map((j, i) => ({ ...j, relevant: sets[i]! })).filter((j) => j.relevant.length > 0);
}

type EngineCpu = () => Promise<number | null>;

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 1));

const describeSpeed = (phases: Record<string, HostSpeedSummary | null>) =>
  Object.entries(phases)
    .filter(([, v]) => v?.samples)
    .map(([k, v]) => `${k} ${v!.cpu_ms_min}/${v!.cpu_ms_median}/${v!.cpu_ms_max}`)
    .join(', ');

/** One measured phase: the latencies, and the CPU each request cost this process, PostgreSQL (every
 *  process of that name here — the postgres engine's work too) and the engine's server, in µs. On a
 *  host whose speed drifts, and with 8 clients on 2 cores where latency is mostly queueing, these
 *  say more than the latencies about a change. */
async function measured<T>(jobs: T[], concurrency: number, engineCpu: EngineCpu, host: HostSpeedSampler, run: (job: T) => Promise<unknown>) {
  await host.window();
  const before = { app: process.cpuUsage(), pg: serverCpuSeconds('postgres'), engine: await engineCpu() };
  const times = await timed(jobs, concurrency, run);
  const speed = await host.window();
  const app = process.cpuUsage(before.app);
  const pg = serverCpuSeconds('postgres');
  const engineNow = await engineCpu();
  const per = (a: number | null, b: number | null) => (a === null || b === null || !jobs.length ? null : Math.round(((a - b) * 1e6) / jobs.length));
  // the sampler's thread is this process's too: its CPU is not the requests'
  const appSeconds = Math.max(0, (app.user + app.system) / 1e6 - speed.own_cpu_ms / 1000);
  return { times, speed, cpu: { app_us: per(appSeconds, 0), postgres_us: per(pg, before.pg), engine_us: per(engineNow, before.engine) } };
}

/** What an engine's server lets the bench see and do beyond the search port (opensearch: a node). */
interface EngineProbes {
  /** the server's CPU seconds so far */
  engineCpu?: EngineCpu;
  /** a local JVM's JIT compiler threads' CPU seconds so far (cpu-usage.ts jitCpuSeconds) */
  jitCpu?: () => number | null;
  /** an untimed rebuild into a scratch index before the measured one (index-warmup.ts) */
  indexWarmup?: () => Promise<IndexWarmupReport>;
}

async function benchEngine(deps: PlatformDeps, engine: SearchEngine, work: Workload, judged: JudgedQuery[], concurrency: number, published: number, reuseIndex: boolean, warmupLimits: WarmupOptions, probes: EngineProbes = {}) {
  const engineCpu = probes.engineCpu ?? (async () => null);
  const categories = createCategoriesService(deps);
  const attributes = createAttributesService(deps, { categories });
  const service: SearchService = createSearchService(deps, { categories, attributes, engine });
  // the host's speed, sampled on a thread of its own through every phase (windows per phase); the
  // thread is unref'd, so a failing run does not hang on it
  const host = sampleHostSpeed();
  await host.window(); // answered once its thread is up, before anything is timed
  let t = performance.now();
  let last = 0;
  let r: { indexed: number } | null = null;
  let indexWarmup: IndexWarmupReport | null = null;
  if (!reuseIndex && probes.indexWarmup) {
    console.error(`[${engine.name}] indexing warm-up into a scratch index…`);
    indexWarmup = await probes.indexWarmup();
    console.error(`[${engine.name}] indexing warm-up: ${indexWarmup.docs} docs in ${indexWarmup.seconds} s${indexWarmup.steady ? '' : ' (not steady)'}, docs/s per 5 s: ${indexWarmup.windows_per_s.join(' ')}` +
      (indexWarmup.background_cores ? `; JIT cores: ${indexWarmup.background_cores.join(' ')}` : ''));
    t = performance.now();
  }
  // where the rebuild's CPU went: this process (reading the catalog, building documents), PostgreSQL
  // (every process of that name on this machine) and the engine's server — the machine has 2 cores
  const jitBefore = probes.jitCpu?.() ?? null;
  await host.window(); // the rebuild's window starts here
  const cpuBefore = { app: process.cpuUsage(), pg: serverCpuSeconds('postgres'), engine: await engineCpu(), ticks: machineTicks() };
  if (!reuseIndex) {
    console.error(`[${engine.name}] indexing ${published} published products…`);
    r = await service.reindex({
      // the CLI's default (vitrina search reindex --batch-size)
      batchSize: 1000,
      onProgress: (done, total) => {
        if (performance.now() - last > 5000) {
          last = performance.now();
          console.error(`  ${done}/${total}`);
        }
      },
    });
  }
  const indexSeconds = (performance.now() - t) / 1000;
  const indexHost = reuseIndex ? null : await host.window();
  const appCpu = process.cpuUsage(cpuBefore.app);
  const indexCpu = r
    ? {
        app_seconds: round((appCpu.user + appCpu.system - (indexHost?.own_cpu_ms ?? 0) * 1000) / 1e6, 1),
        postgres_seconds: minus(serverCpuSeconds('postgres'), cpuBefore.pg),
        engine_seconds: minus(await engineCpu(), cpuBefore.engine),
        // of which the node's JIT compilers (a node still warming up compiles during the rebuild)
        engine_jit_seconds: minus(probes.jitCpu?.() ?? null, jitBefore),
        machine_idle_share: idleShare(cpuBefore.ticks, machineTicks()),
      }
    : null;
  if (indexCpu) console.error(`[${engine.name}] rebuild CPU seconds: ${JSON.stringify(indexCpu)}`);
  if (r) console.error(`[${engine.name}] indexed ${r.indexed} in ${round(indexSeconds)} s`);
  else console.error(`[${engine.name}] --reuse-index: querying the index an earlier run built`);
  // queries are measured on a settled index: an engine that merges after a rebuild (opensearch) finishes first
  const settle = engine as SearchEngine & { merged?: () => Promise<void> };
  t = performance.now();
  if (r && settle.merged) await settle.merged();
  const settleSeconds = r && settle.merged ? round((performance.now() - t) / 1000, 1) : null;
  if (settleSeconds !== null) console.error(`[${engine.name}] index merged in ${settleSeconds} s more`);

  // warm-up: rounds of the three query kinds from the warm sample, at the measured concurrency, for at
  // least `--warmup` seconds and until throughput levels off (steady.ts: a node just started spends
  // minutes compiling), at most `--warmup-max` seconds
  // the three query kinds, as the warm-up and the measured phases send them
  const inCategoryQuery = (w: Workload['inCategory'][number]) => service.search({ ...w, page: 1, per_page: 24, query: {} });
  const catalogWideQuery = (w: { q: string }) => service.search({ q: w.q, facets: 'brand,price,in_stock', page: 1, per_page: 24, query: {} });
  const suggestQuery = (q: string) => service.suggest(q, 10);
  const warm = work.warm ?? work;
  let pass = 0;
  const warmup = await warmUntilSteady(async () => {
    const slice = <T>(xs: T[]) => xs.slice((pass * 100) % xs.length, ((pass * 100) % xs.length) + 100);
    pass++;
    const [inCategory, catalogWide, suggest] = [slice(warm.inCategory), slice(warm.catalogWide), slice(warm.suggest)];
    await timed(inCategory, concurrency, inCategoryQuery);
    await timed(catalogWide, concurrency, catalogWideQuery);
    await timed(suggest, concurrency, suggestQuery);
    return inCategory.length + catalogWide.length + suggest.length;
  }, warmupLimits);
  console.error(`[${engine.name}] warm-up ${warmup.seconds} s${warmup.steady ? '' : ' (not steady: --warmup-max reached)'}, requests/s per 5 s: ${warmup.windows_per_s.join(' ')}` +
    (warmup.background_cores ? `; JIT cores: ${warmup.background_cores.join(' ')}` : ''));
  t = performance.now();
  const inCatRun = await measured(work.inCategory, concurrency, engineCpu, host, inCategoryQuery);
  const wideRun = await measured(work.catalogWide, concurrency, engineCpu, host, catalogWideQuery);
  const suggRun = await measured(work.suggest, concurrency, engineCpu, host, suggestQuery);
  const [inCat, wide, sugg] = [inCatRun.times, wideRun.times, suggRun.times];
  const queryCpu = { in_category: inCatRun.cpu, catalog_wide: wideRun.cpu, suggest: suggRun.cpu };
  console.error(`[${engine.name}] CPU µs per request: ${JSON.stringify(queryCpu)}`);
  const hostSpeed = { rebuild: indexHost ?? null, in_category: inCatRun.speed, catalog_wide: wideRun.speed, suggest: suggRun.speed };
  console.error(`[${engine.name}] host speed (probe CPU ms per sample, min/median/max): ${describeSpeed(hostSpeed)}`);
  console.error(`[${engine.name}] queries done in ${round((performance.now() - t) / 1000)} s`);
  // a failure here must not lose the numbers above
  const visible = await incrementalVisible(deps, service, 10).catch((e: Error) => {
    console.error(`[${engine.name}] incremental visibility failed: ${e.message}`);
    return [] as number[];
  });
  const relevance = await evaluate(judged, async (q) => (await service.search({ q, page: 1, per_page: 10, query: {} })).items.map((i) => i.sku));
  await service.close();
  await host.stop();
  return {
    indexed: r?.indexed ?? null,
    index_seconds: r ? round(indexSeconds, 2) : null,
    index_docs_per_s: r ? Math.round(r.indexed / indexSeconds) : null,
    index_merge_seconds: settleSeconds,
    index_cpu: indexCpu,
    index_warmup: indexWarmup,
    query_facets_p50_ms: round(percentile(inCat, 50)),
    query_facets_p95_ms: round(percentile(inCat, 95)),
    catalog_wide_facets_p50_ms: round(percentile(wide, 50)),
    catalog_wide_facets_p95_ms: round(percentile(wide, 95)),
    suggest_p50_ms: round(percentile(sugg, 50)),
    suggest_p95_ms: round(percentile(sugg, 95)),
    query_cpu_us: queryCpu,
    host_speed: hostSpeed,
    incremental_visible_p50_ms: round(percentile(visible, 50)),
    incremental_visible_p95_ms: round(percentile(visible, 95)),
    concurrency,
    requests: work.inCategory.length,
    warmup_seconds: warmup.seconds,
    warmup,
    ndcg10: relevance.ndcg10,
    judged_queries: relevance.queries,
    all_relevant_in_top10: relevance.all_in_top10,
    ndcg10_by_kind: relevance.by_kind,
    worst_queries: relevance.worst,
  };
}

/** The catalog's published products as batches of documents, from the first. */
async function* documentBatches(source: DocumentSource, batchSize: number): AsyncGenerator<SearchDocument[]> {
  for await (const b of source.batches({ batchSize })) yield b.docs;
}

/**
 * Writes out PostgreSQL's dirty buffers before an engine is measured. The phase before (generating the
 * catalog, the postgres engine's ~7 min rebuild at 1M) leaves gigabytes of them, and the checkpointer
 * would write them during the next rebuild (its spread checkpoint lasts minutes), charging the next
 * engine for the previous phase's writes. Needs superuser or pg_checkpoint; without, the bench goes on.
 */
async function checkpoint(db: ReturnType<typeof openPostgres>): Promise<void> {
  await sql`checkpoint`.execute(db.kysely).catch((e: Error) => console.error(`note: no CHECKPOINT before the engine (${e.message})`));
}

async function main() {
  const opts = args();
  const given = process.env.DATABASE_URL;
  if (!given) {
    console.error('bench:search needs DATABASE_URL=postgres://… (add --fresh to create vitrina_bench_search on that server)');
    process.exit(2);
  }
  const url = await benchDatabase(given, opts.fresh, 'vitrina_bench_search', 'bench:search');
  // the host's own speed moves by up to ~45 % from one minute to the next (docs/infra.md): a fixed
  // single-threaded workload timed at both ends (host-speed.ts), and the CPU time the hypervisor gave
  // other guests, say how it stood; host_speed per engine samples it during each phase
  const probeStart = hostProbe();
  const stealStart = stealSeconds();
  const log = createLogger('warn');
  const db = openPostgres(url, Math.max(12, opts.concurrency + 4));
  await migrate(db);
  const deps: PlatformDeps = {
    config: loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production', SEARCH_ENGINE: 'postgres' }),
    db,
    cache: memoryCache(20_000, 300),
    log,
    bus: new EventBus(db, log),
    metrics: createMetrics(),
  };
  const catalog = { categories: opts.categories, products: opts.products, seed: opts.seed };
  const before = await catalogStats(db);
  if (before.products === 0) {
    console.error(`generating ${opts.products} products, ${opts.categories} categories, seed ${opts.seed}…`);
    const t = performance.now();
    await seedCatalog(deps, catalog);
    console.error(`seeded in ${round((performance.now() - t) / 1000)} s`);
  } else if (before.products !== opts.products) {
    console.error(`note: the catalog holds ${before.products} products, not ${opts.products}; benchmarking what is there`);
  }
  if (before.products > 0 && before.categories !== opts.categories) {
    // the relevant sets are recomputed by generating the catalog's facts again: with another category
    // count they would be another catalog's (a 9,000-category database judged as 1,200 gave NDCG 0.056)
    console.error(`note: the catalog has ${before.categories} categories, not --categories ${opts.categories}; judging it as generated with ${before.categories}`);
  }
  if (opts.engines === 'none') {
    console.error('--engines none: catalog ready, nothing benchmarked');
    await db.close();
    return;
  }
  const published = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db.kysely)).rows[0]!.n);
  const work = await workload(deps, opts.requests, opts.seed);
  console.error('judging the relevance set against this catalog…');
  const judged = await judgedFor(before.products === 0 ? catalog : { ...catalog, products: before.products, categories: before.categories });

  const engines: Record<string, unknown> = {};
  if (opts.engines !== 'opensearch') {
    await checkpoint(db);
    // the engine gets the pool the app gives it (SEARCH_POOL_SIZE), not the bench's own
    const searchDb = openPostgres(url, deps.config.database.kind === 'postgres' ? deps.config.database.searchPoolSize : 3);
    try {
      engines.postgres = await benchEngine(deps, createPostgresEngine(searchDb), work, judged, opts.concurrency, published, opts.reuseIndex, opts.warmup);
    } finally {
      await searchDb.close();
    }
  }
  if (opts.engines !== 'postgres' && process.env.OPENSEARCH_URL) {
    await checkpoint(db);
    const { createOpenSearchEngine } = await import('../src/modules/search/engines/opensearch/index.js');
    try {
      // indices of their own per bench database (the default `vitrina_` prefix belongs to a running shop)
      const prefix = `bench_${(new URL(url).pathname.slice(1) || 'db').toLowerCase().replace(/[^a-z0-9_]/g, '_')}_`;
      const os = createOpenSearchEngine({ url: process.env.OPENSEARCH_URL, prefix });
      // a local node's JIT compiler threads tell the warm-up when the node is done compiling
      const pid = await localOpenSearchPid(process.env.OPENSEARCH_URL);
      const jitCpu = pid === null ? undefined : () => jitCpuSeconds(pid);
      const warmup: WarmupOptions = { ...opts.warmup, ...(jitCpu ? { background: jitCpu } : {}) };
      const indexWarmup = opts.indexWarmupMax <= 0 ? undefined : () =>
        warmIndexing(
          createOpenSearchEngine({ url: process.env.OPENSEARCH_URL!, prefix: `${prefix}warm_` }),
          documentBatches(createDocumentSource(db.kysely), 1000),
          published,
          { ...warmup, maxSeconds: opts.indexWarmupMax },
        );
      engines.opensearch = await benchEngine(deps, os, work, judged, opts.concurrency, published, opts.reuseIndex, warmup, {
        engineCpu: await openSearchCpuReader(process.env.OPENSEARCH_URL!),
        jitCpu,
        indexWarmup,
      });
    } catch (e) {
      console.error(`opensearch failed: ${(e as Error).message}`);
      engines.opensearch = { error: (e as Error).message };
    }
  }
  // a run of one engine keeps the other engine's last numbers (same catalog only)
  const out = path.join(root, 'bench/results/search.json');
  if (opts.engines !== 'both' && existsSync(out)) {
    const prev = JSON.parse(readFileSync(out, 'utf8')) as { catalog?: { products?: number; categories?: number }; engines?: Record<string, unknown> };
    if (prev.catalog?.products === Math.max(before.products, opts.products) && prev.catalog?.categories === opts.categories) {
      for (const [k, v] of Object.entries(prev.engines ?? {})) if (!(k in engines)) engines[k] = v;
    }
  }
  const load = (await import('node:os')).loadavg().map((x) => round(x, 2));
  const stealEnd = stealSeconds();
  const probeEnd = hostProbe();
  const result = {
    date: new Date().toISOString(),
    load_average_at_end: load,
    machine: {
      // the clock's reading of the probe (as in earlier results), and all of it: cpu_ms is the host's
      // speed, wait_ms how busy the machine was (at the end, a node may still be merging)
      cpu_probe_ms_start: probeStart.wall_ms,
      cpu_probe_ms_end: probeEnd.wall_ms,
      probe_start: probeStart,
      probe_end: probeEnd,
      steal_s: stealStart === null || stealEnd === null ? null : round(stealEnd - stealStart, 2),
    },
    catalog: { ...catalog, products: Math.max(before.products, opts.products), published },
    targets: { query_facets_p95_ms: { postgres: 50, opensearch: 30 }, catalog_wide_facets_p95_ms: 150, suggest_p95_ms: 15, opensearch_index_docs_per_s: 10_000 },
    engines,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  await db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
