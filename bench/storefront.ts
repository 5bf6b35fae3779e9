// `npm run bench:storefront -- --products 1000000 [--concurrency 50] [--duration 15] [--orders 2000]
//    [--page-rate 1500] [--checkout-concurrency 50] [--checkout-rate 100] [--checkout-rate-seconds 10] [--workers 1] [--zipf-s 1] [--app-warmup 10] [--fresh | --reuse] [--database NAME]
//    [--only product,category,search,checkout]`
//
// Server PostgreSQL at DATABASE_URL (with --fresh: a dedicated database vitrina_bench_storefront on
// that server, recreated; with --reuse: the same database, kept when it exists). An empty catalog is
// generated first (seedCatalog, then the search index).
// The app runs in its own process (bench/storefront-server.ts; --workers N > 1: a node:cluster of N
// sharing page-cache generations through Redis); this process drives it over real HTTP with keep-alive
// connections (an undici Pool of `concurrency` keep-alive sockets, a closed loop per socket). Anonymous visitors;
// the app is warmed up first (untimed renders of product pages outside the Zipf sample: JIT, database
// buffers); every page kind is measured twice, and the JSON says which access pattern each number comes from:
// - product pages /product/<slug>: popularity Zipf-skewed over the whole catalog (page cache on), as
//   fast as the app answers (`product_page_*`: capacity, and latency at saturation) and then at
//   `--page-rate` requests a second on a fixed schedule (`product_page_at_rate_*`: latency at that load);
//   `product_page_uncached_*`: uniform random products, each request a reload (Cache-Control: no-cache),
//   which the page cache renders afresh — the cold number;
// - category pages /catalog/<path> (random big categories, pages 1–3, default sort), cached and reloads,
// - search pages /search?q=<word from product names>, cached and reloads,
// - checkout: carts prepared over the JSON API first (untimed), then POST /api/checkout with an
//   Idempotency-Key for each: capacity with `checkout-concurrency` buyers in a closed loop (orders/s),
//   then latency with `checkout-rate` orders a second arriving on schedule (p50/p95/p99).
// Writes bench/results/storefront.json and prints a summary.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Pool } from 'undici';
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createDatabase, openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { catalogStats, seedCatalog } from '../src/modules/bulk/index.js';
import { seedDemoContent } from '../src/modules/cms/index.js';
import { SHORT_PAGE_TTL_MS } from '../src/modules/storefront/kit.js';
import { cliArgs, percentile, prng, round as roundTo } from './lib.js';
import { cpuProbeMs, idleShare, machineTicks, postgresCpuBetween, postgresCpuSeconds, processCpuSeconds, stealSeconds } from './cpu-usage.js';

const round = (x: number, d = 1) => roundTo(x, d);

const root = path.resolve(import.meta.dirname, '..');

function args() {
  const { num: arg, has, list } = cliArgs();
  const num = (name: string, fallback: number) => arg(name, fallback, { integer: false });
  const products = num('products', 20_000);
  return {
    products,
    categories: num('categories', Math.min(9000, Math.max(200, Math.round(products / 110)))),
    seed: num('seed', 42),
    concurrency: num('concurrency', 50),
    duration: num('duration', 15),
    warmup: num('warmup', 3),
    // untimed renders before the first measured phase: a freshly started app compiles its hot paths
    // (V8 JIT) and PostgreSQL fills its buffers during the first seconds of load
    appWarmup: num('app-warmup', 10),
    orders: num('orders', 2000),
    // requests a second offered in the open-loop product phase (the issue's 1,500 rps floor)
    pageRate: num('page-rate', 1500),
    // buyers checking out back to back for the capacity number (default: the connections)
    checkoutConcurrency: num('checkout-concurrency', num('concurrency', 50)),
    // orders per second offered for the latency number (the issue's target: 100 orders/s, p95 ≤ 150 ms)
    checkoutRate: num('checkout-rate', 100),
    checkoutRateSeconds: num('checkout-rate-seconds', 10),
    workers: num('workers', 1),
    zipfS: num('zipf-s', 1),
    fresh: has('fresh'),
    // keep vitrina_bench_storefront (create it only when missing): repeated runs skip the 1M generation
    reuse: has('reuse'),
    // some phases only (a development loop): printed, no JSON written
    only: list('only', PHASES),
  };
}



const PHASES = ['product', 'category', 'search', 'checkout'] as const;
type Phase = (typeof PHASES)[number];

// `--database NAME` for a second, smaller copy during development (same rules as the default)
const dbArg = process.argv.indexOf('--database');
const BENCH_DB = dbArg > 0 && /^vitrina_bench_storefront[a-z0-9_]*$/.test(process.argv[dbArg + 1] ?? '') ? process.argv[dbArg + 1]! : 'vitrina_bench_storefront';

/** The bench database's URL, created when it does not exist yet (kept otherwise). */
async function reuseDatabase(given: string, name: string): Promise<string> {
  const u = new URL(given);
  u.pathname = `/${name}`;
  const admin = openPostgres(given, 1);
  const exists = (await sql<{ n: number }>`select count(*)::int as n from pg_database where datname = ${name}`.execute(admin.kysely)).rows[0]!.n > 0;
  await admin.close();
  return exists ? u.toString() : createDatabase(given, name);
}

interface Res { status: number; body: string; cookies: string[]; ms: number; cache: string }

/** One request over the pool's keep-alive connections; `discard` reads the response body to its end
 *  without keeping it (the page loads never look at it: decoding 12–30 KB of HTML per request would be
 *  the client's CPU taken from the server on the same cores). undici, not node:http: the same real
 *  HTTP/1.1 requests on `concurrency` persistent sockets for about half the client CPU per request
 *  (≈ 55 against ≈ 100 µs on this machine), which the app under test gets instead. */
async function request(pool: Pool, method: 'GET' | 'POST', pathname: string, opts: { body?: unknown; headers?: Record<string, string>; discard?: boolean } = {}): Promise<Res> {
  const t = performance.now();
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const res = await pool.request({
    method, path: pathname, ...(payload ? { body: payload } : {}),
    headers: { accept: 'text/html', ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
  });
  let body = '';
  if (opts.discard) await res.body.dump({ limit: Number.POSITIVE_INFINITY });
  else body = await res.body.text();
  const setCookie = res.headers['set-cookie'];
  return {
    status: res.statusCode, body, ms: performance.now() - t, cache: String(res.headers['x-page-cache'] ?? 'none'),
    cookies: opts.discard ? [] : (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0]!),
  };
}

/** `seconds` of requests (after `warmup` untimed seconds); `headers` go with every request
 *  (Cache-Control: no-cache = a reload, which the page cache renders afresh: the uncached numbers).
 *  Closed loop by default: one request at a time per connection, the next as soon as the last answered —
 *  rps is the capacity and latency includes queueing at saturation. With `rate`, an open loop: requests
 *  due on a fixed schedule, `rate` a second, over the pool's connections, each timed from when it was
 *  due (a request waiting for a free connection counts that wait) — the latency at that load.
 *  Counts the page cache's answers. */
async function load(pool: Pool, concurrency: number, seconds: number, warmup: number, next: () => string, headers: Record<string, string> = {}, rate = 0) {
  // the machine's speed right before the phase (this VM has had stretches ~40 % slower than others)
  const probeMs = cpuProbeMs();
  // CPU of the app and of its PostgreSQL backends over the measured seconds (warm-up excluded)
  const cpuFrom = new Promise<CpuReading>((resolve) => setTimeout(() => resolve(cpuNow()), warmup * 1000));
  const times: number[] = [];
  // latencies by the page cache's answer (hit, miss, bypass): which of them makes the tail
  const byCache: Record<string, number[]> = {};
  const cache: Record<string, number> = {};
  let errors = 0;
  const firstError: string[] = [];
  const warmUntil = performance.now() + warmup * 1000;
  const stopAt = warmUntil + seconds * 1000;
  let measuredFrom = 0;
  // this process's own event-loop delay: a stalled client makes the app look slow
  const LAG_RESOLUTION_MS = 5;
  const clientLag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  setTimeout(() => clientLag.enable(), warmup * 1000);
  /** one answer, `ms` after it was sent (closed loop) or due (open loop); `at`: when it counts from */
  const record = (url: string, r: Res, ms: number, at: number) => {
    if (at < warmUntil) return;
    cache[r.cache] = (cache[r.cache] ?? 0) + 1;
    (byCache[r.cache] ??= []).push(ms);
    measuredFrom ||= performance.now();
    if (r.status !== 200) {
      errors++;
      if (firstError.length < 3) firstError.push(`${url} → ${r.status}`);
    }
    times.push(ms);
  };
  if (rate > 0) {
    await onSchedule(rate, (_, due) => due < stopAt, (_, due) => {
      const url = next();
      return request(pool, 'GET', url, { headers, discard: true }).then((r) => record(url, r, performance.now() - due, due));
    });
  } else {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const url = next();
        const r = await request(pool, 'GET', url, { headers, discard: true });
        record(url, r, r.ms, performance.now());
      }
    }));
  }
  clientLag.disable();
  const elapsed = (performance.now() - Math.max(warmUntil, measuredFrom || warmUntil)) / 1000;
  const [from, to] = [await cpuFrom, await cpuNow()];
  const perRequest = (a: number | null, b: number | null) => (a === null || b === null || !times.length ? null : round(((b - a) * 1000) / times.length, 3));
  return {
    times, byCache, errors, firstError, cache, rps: times.length / Math.max(elapsed, 0.001),
    appCpuMs: perRequest(from.app, to.app), pgCpuMs: perRequest(0, postgresCpuBetween(from.pg, to.pg)), clientCpuMs: perRequest(from.client, to.client),
    machineIdle: idleShare(from.machine, to.machine), probeMs,
    // the histogram holds whole timer intervals: the delay is what exceeds the resolution
    clientLagP99Ms: clientLag.count ? round(Math.max(0, clientLag.percentile(99) / 1e6 - LAG_RESOLUTION_MS)) : null,
    clientLagMaxMs: clientLag.count ? round(Math.max(0, clientLag.max / 1e6 - LAG_RESOLUTION_MS)) : null,
  };
}

/** Open loop: `fire(i, due)` for i = 0, 1, … on a fixed schedule, `rate` a second from now, while
 *  `more(i, due)` holds; a call made late (this process was busy) still gets the moment it was due, so
 *  waiting counts as latency (no coordinated omission). Resolves when every call has settled. */
async function onSchedule(rate: number, more: (i: number, due: number) => boolean, fire: (i: number, due: number) => Promise<void>) {
  const every = 1000 / rate;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; ;) {
    for (const now = performance.now(); t0 + i * every <= now; i++) {
      if (!more(i, t0 + i * every)) {
        await Promise.all(inFlight);
        return;
      }
      inFlight.push(fire(i, t0 + i * every));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, t0 + i * every - performance.now())));
  }
}

interface CpuReading { app: number | null; pg: Map<number, number> | null; machine: ReturnType<typeof machineTicks>; client: number }
/** this process's CPU seconds: the load generator shares the cores with the app */
const clientCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
/** Set once the app is up: the CPU seconds of the app's processes and of the database's backends. */
let cpuNow: () => Promise<CpuReading> = async () => ({ app: null, pg: null, machine: machineTicks(), client: clientCpu() });

type Loaded = Awaited<ReturnType<typeof load>>;
const hitRatio = (l: Loaded) => round((l.cache.hit ?? 0) / Math.max(1, l.times.length), 3);
const summary = (name: string, l: Loaded) =>
  console.error(`${name}: p50 ${round(percentile(l.times, 50))} ms, p95 ${round(percentile(l.times, 95))} ms, ${Math.round(l.rps)} req/s, hit ratio ${hitRatio(l)}, CPU/request app ${l.appCpuMs ?? '?'} ms + PostgreSQL ${l.pgCpuMs ?? '?'} ms + bench client ${l.clientCpuMs ?? '?'} ms, machine idle ${l.machineIdle === null ? '?' : `${round(l.machineIdle * 100)} %`}, CPU probe ${l.probeMs} ms, client loop delay p99 ${l.clientLagP99Ms ?? '?'} max ${l.clientLagMaxMs ?? '?'} ms, errors ${l.errors} ${l.firstError.join(' ')}` +
    `\n  by page-cache answer: ${Object.entries(l.byCache).map(([k, t]) => `${k} ${t.length} p50 ${round(percentile(t, 50))} p95 ${round(percentile(t, 95))} ms`).join(', ')}`);
const fields = (prefix: string, l: Loaded) => ({
  [`${prefix}_p50_ms`]: round(percentile(l.times, 50)),
  [`${prefix}_p95_ms`]: round(percentile(l.times, 95)),
  [`${prefix}_rps`]: Math.round(l.rps),
  [`${prefix}_errors`]: l.errors,
  [`${prefix}_cache_hit_ratio`]: hitRatio(l),
  [`${prefix}_app_cpu_ms_per_request`]: l.appCpuMs,
  [`${prefix}_client_cpu_ms_per_request`]: l.clientCpuMs,
  [`${prefix}_pg_cpu_ms_per_request`]: l.pgCpuMs,
  // the share of the machine's cores left idle during the phase (near 0: CPU-bound)
  [`${prefix}_machine_idle`]: l.machineIdle === null ? null : round(l.machineIdle, 3),
  // cpuProbeMs() just before the phase: higher = a slower machine at that moment
  [`${prefix}_cpu_probe_ms`]: l.probeMs,
  // the bench's own event-loop delay during the phase (its stalls would show as the app's latency)
  [`${prefix}_client_loop_delay_p99_ms`]: l.clientLagP99Ms,
  [`${prefix}_by_cache`]: Object.fromEntries(Object.entries(l.byCache).map(([k, t]) => [k, { requests: t.length, p50_ms: round(percentile(t, 50)), p95_ms: round(percentile(t, 95)) }])),
});

/** Zipf(s) ranks 1..n by inverse CDF on a precomputed table (n up to a few million). */
function zipf(n: number, s: number, rnd: () => number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = sum += 1 / k ** s;
  return () => {
    const u = rnd() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

async function main() {
  const opts = args();
  const loadStart = os.loadavg()[0]!;
  const probeStart = cpuProbeMs();
  const stealStart = stealSeconds();
  const given = process.env.DATABASE_URL;
  if (!given) {
    console.error('bench:storefront needs DATABASE_URL=postgres://… (add --fresh to create vitrina_bench_storefront on that server)');
    process.exit(2);
  }
  const url = opts.fresh ? await createDatabase(given, BENCH_DB) : opts.reuse ? await reuseDatabase(given, BENCH_DB) : given;
  const log = createLogger('warn');
  const db = openPostgres(url, 8);
  await migrate(db);
  const deps: PlatformDeps = {
    config: loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production' }),
    db, cache: memoryCache(20_000, 300), log, bus: new EventBus(db, log), metrics: createMetrics(),
  };
  let stats = await catalogStats(db);
  if (stats.products === 0) {
    console.error(`generating ${opts.products} products in ${opts.categories} categories…`);
    const t = performance.now();
    await seedCatalog(deps, { categories: opts.categories, products: opts.products, seed: opts.seed });
    console.error(`  catalog in ${round((performance.now() - t) / 1000)} s (the app builds the search index on start)`);
    stats = await catalogStats(db);
  } else if (stats.products < opts.products) {
    console.error(`note: the catalog has ${stats.products} products (< --products ${opts.products}); measuring it as it is`);
  }
  await seedDemoContent(db.kysely);

  const child = fork(path.join(root, 'bench/storefront-server.ts'), [], {
    // BENCH_SERVER_NODE_ARGS: extra node flags for the app's process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    // --max-semi-space-size=64: the flag `npm start` runs the app with
    execArgv: ['--import', 'tsx', '--max-semi-space-size=64', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: {
      ...process.env, DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'silent', VITRINA_DEMO: 'false', BENCH_WORKERS: String(opts.workers),
      // several workers share page-cache generations (and sessions) through Redis, in a database of their own
      ...(opts.workers > 1 ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening`)));
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  // the app's processes: the forked server and, with --workers N > 1, its cluster workers
  const appPids = await new Promise<number[]>((resolve) => {
    child.once('message', (m) => resolve((m as { pids: number[] }).pids));
    child.send('pids');
  });
  const dbName = new URL(url).pathname.slice(1);
  cpuNow = async () => {
    const each = appPids.map(processCpuSeconds);
    return { app: each.includes(null) ? null : each.reduce<number>((a, b) => a + b!, 0), pg: await postgresCpuSeconds(db.kysely, dbName), machine: machineTicks(), client: clientCpu() };
  };
  // `concurrency` persistent connections, one request at a time on each (no pipelining)
  const pool = new Pool(base, { connections: opts.concurrency, pipelining: 1 });
  const rnd = prng(opts.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;

  // samples: random published products, big categories, words of product names
  const maxId = Number((await sql<{ m: string }>`select max(id) as m from products`.execute(db.kysely)).rows[0]!.m);
  const ids = Array.from({ length: 6000 }, () => 1 + Math.floor(rnd() * maxId));
  const slugs = (await db.kysely.selectFrom('products').select(['id', 'slug', 'name']).where('id', 'in', ids).where('status', '=', 'published').execute());
  const { rows: cats } = await sql<{ path: string }>`
    select c.path from categories c where c.depth between 1 and 3 and exists (
      select 1 from products p where p.category_tree_ids @> array[c.id] and p.status = 'published' offset 48)
    order by c.id limit 300`.execute(db.kysely);
  const words = [...new Set(slugs.flatMap((s) => s.name.split(/\s+/)).filter((w) => w.length >= 4 && /^[А-Яа-яЁё]+$/.test(w)))];
  console.error(`samples: ${slugs.length} products, ${cats.length} categories, ${words.length} search words; ${opts.concurrency} connections, ${opts.duration} s each, ${deps.config.storefront.pageThreads} page thread(s)`);

  // Product pages, as shops see them: popularity Zipf(s) over the whole catalog (rank → product id by a
  // fixed permutation), so a few thousand products take most views and the tail is long.
  const rank = zipf(maxId, opts.zipfS, rnd);
  const stride = 7_919; // prime, coprime with any realistic maxId: a permutation of 1..maxId
  const zipfIds = Array.from({ length: 60_000 }, () => 1 + ((rank() * stride) % maxId));
  // the open-loop phase's own later draws of the same popularity (not the closed loop's sample again,
  // whose pages are all cached by then): the head is still cached, the tail is new, as later in a day
  const laterIds = Array.from({ length: Math.ceil(opts.pageRate * (opts.duration + opts.warmup) * 1.05) }, () => 1 + ((rank() * stride) % maxId));
  const zipfSlugs = new Map<number, string>();
  const distinct = [...new Set(zipfIds)];
  const toLookUp = [...new Set([...zipfIds, ...laterIds])];
  for (let i = 0; i < toLookUp.length; i += 5000) {
    const part = await db.kysely.selectFrom('products').select(['id', 'slug']).where('id', 'in', toLookUp.slice(i, i + 5000)).where('status', '=', 'published').execute();
    for (const r of part) zipfSlugs.set(Number(r.id), r.slug);
  }
  const zipfUrls = zipfIds.flatMap((id) => (zipfSlugs.has(id) ? [`/product/${zipfSlugs.get(id)!}`] : []));
  const laterUrls = laterIds.flatMap((id) => (zipfSlugs.has(id) ? [`/product/${zipfSlugs.get(id)!}`] : []));
  // Warming the app up: uniform random product pages of the whole catalog, reloads (rendered, never
  // served from the cache), none of them a product of the Zipf sample — so the measured phase starts
  // with a compiled app but with no page of its sample in the cache (their hits are its own).
  const warmSlugs = slugs.filter((p) => !zipfSlugs.has(Number(p.id)));
  if (opts.appWarmup > 0) {
    await load(pool, opts.concurrency, 0, opts.appWarmup, () => `/product/${pick(warmSlugs).slug}`, { 'cache-control': 'no-cache' });
    console.error(`app warmed up: ${opts.appWarmup} s of product pages outside the Zipf sample, rendered afresh (untimed)`);
  }
  const run = (phase: Phase) => opts.only.includes(phase);
  const skipped = { times: [], byCache: {}, errors: 0, firstError: [], cache: {}, rps: 0, appCpuMs: null, pgCpuMs: null, clientCpuMs: null, machineIdle: null, probeMs: null, clientLagP99Ms: null, clientLagMaxMs: null } as unknown as Loaded;
  let zi = 0;
  const product = !run('product') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, () => zipfUrls[zi++ % zipfUrls.length]!);
  if (run('product')) summary(`product page (Zipf s=${opts.zipfS}, ${distinct.length} distinct in the sample)`, product);
  // product views of the same popularity (later draws), at a fixed load instead of as fast as the app answers
  let li = 0;
  const productAtRate = !run('product') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, () => laterUrls[li++ % laterUrls.length]!, {}, opts.pageRate);
  if (run('product')) summary(`product page at ${opts.pageRate} req/s offered (open loop)`, productAtRate);
  // the cold number: uniform random products, each a reload (rendered, never served from the cache)
  const productCold = !run('product') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, () => `/product/${pick(slugs).slug}`, { 'cache-control': 'no-cache' });
  if (run('product')) summary('product page uncached (uniform, reload)', productCold);
  const categoryUrl = () => {
    const page = 1 + Math.floor(rnd() * 3);
    return `/catalog/${pick(cats).path}${page > 1 ? `?page=${page}` : ''}`;
  };
  const category = !run('category') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, categoryUrl);
  if (run('category')) summary('category page (uniform over big categories, pages 1–3)', category);
  const categoryCold = !run('category') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, categoryUrl, { 'cache-control': 'no-cache' });
  if (run('category')) summary('category page uncached (reload)', categoryCold);
  const searchUrl = () => `/search?q=${encodeURIComponent(pick(words))}`;
  const search = !run('search') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, searchUrl);
  if (run('search')) summary('search page', search);
  const searchCold = !run('search') ? skipped : await load(pool, opts.concurrency, opts.duration, opts.warmup, searchUrl, { 'cache-control': 'no-cache' });
  if (run('search')) summary('search page uncached (reload)', searchCold);

  // checkout: one cart per order, prepared untimed over the JSON API (offers with plenty of stock)
  const closedOrders = run('checkout') ? opts.orders : 0;
  const openOrders = run('checkout') ? Math.round(opts.checkoutRate * opts.checkoutRateSeconds) : 0;
  const { rows: offers } = await sql<{ id: string }>`
    select o.id from offers o join products p on p.id = o.product_id
    where p.status = 'published' and o.stock_total >= 50 order by random() limit ${Math.max(closedOrders + openOrders, 100)}`.execute(db.kysely);
  let offerAt = 0;
  async function prepareCarts(n: number): Promise<string[]> {
    const carts: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      while (next < n) {
        next++;
        const r = await request(pool, 'POST', '/api/cart/items', { body: { offer_id: Number(offers[offerAt++ % offers.length]!.id), quantity: 1 }, headers: { accept: 'application/json' } });
        if (r.status === 200) carts.push(r.cookies.find((c) => c.startsWith('vt_cart='))!);
      }
    }));
    return carts;
  }
  const body = {
    contact: { name: 'Нагрузочный Тест', email: 'bench@example.ru', phone: '+79990000000' },
    delivery: { method: 'pickup', pickup_point: 'msk' }, payment_method: 'cash_on_delivery',
  };
  let checkoutErrors = 0;
  const checkoutFirstErrors: string[] = [];
  /** One checkout; its latency (from `since`, the moment it was due) when it made an order. */
  async function checkout(cookie: string, since = performance.now()): Promise<number | null> {
    const r = await request(pool, 'POST', '/api/checkout', { body, headers: { accept: 'application/json', cookie, 'idempotency-key': randomUUID() } });
    if (r.status === 201) return performance.now() - since;
    checkoutErrors++;
    if (checkoutFirstErrors.length < 3) checkoutFirstErrors.push(`${r.status} ${r.body.slice(0, 160)}`);
    return null;
  }

  // 1. capacity: `checkout-concurrency` buyers in a closed loop (each checks out again as soon as its
  //    order is made) — the most orders per second the shop takes; their latency is queueing at saturation
  const carts = await prepareCarts(closedOrders);
  const checkoutTimes: number[] = [];
  const checkoutCpu0 = await cpuNow();
  let ci = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.checkoutConcurrency }, async () => {
    while (ci < carts.length) {
      const ms = await checkout(carts[ci++]!);
      if (ms !== null) checkoutTimes.push(ms);
    }
  }));
  const checkoutSeconds = (performance.now() - t0) / 1000;
  const checkoutCpu1 = await cpuNow();
  const perOrder = (a: number | null, b: number | null) => (a === null || b === null || !checkoutTimes.length ? null : round(((b - a) * 1000) / checkoutTimes.length, 3));
  const checkoutAppCpuMs = perOrder(checkoutCpu0.app, checkoutCpu1.app);
  const checkoutPgCpuMs = perOrder(0, postgresCpuBetween(checkoutCpu0.pg, checkoutCpu1.pg));
  if (run('checkout')) console.error(`checkout capacity (${opts.checkoutConcurrency} buyers, closed loop): ${checkoutTimes.length} orders in ${round(checkoutSeconds, 2)} s = ${round(checkoutTimes.length / checkoutSeconds)}/s, p50 ${round(percentile(checkoutTimes, 50))} ms, p95 ${round(percentile(checkoutTimes, 95))} ms, CPU/order app ${checkoutAppCpuMs ?? '?'} ms + PostgreSQL ${checkoutPgCpuMs ?? '?'} ms`);

  // 2. latency at a rate: orders arrive on a fixed schedule (`checkout-rate` per second, open loop, on
  //    the same `concurrency` connections), each timed from the moment it was due — a checkout that
  //    waits for a free connection or behind others counts that wait (no coordinated omission)
  const rateCarts = await prepareCarts(openOrders);
  const rateTimes: number[] = [];
  const rateStart = performance.now();
  await onSchedule(opts.checkoutRate, (i) => i < rateCarts.length, (i, due) =>
    checkout(rateCarts[i]!, due).then((ms) => void (ms !== null && rateTimes.push(ms))));
  const rateSeconds = (performance.now() - rateStart) / 1000;
  if (run('checkout')) console.error(`checkout at ${opts.checkoutRate} orders/s offered (open loop): ${rateTimes.length} orders in ${round(rateSeconds, 2)} s = ${round(rateTimes.length / rateSeconds)}/s, p50 ${round(percentile(rateTimes, 50))} ms, p95 ${round(percentile(rateTimes, 95))} ms, p99 ${round(percentile(rateTimes, 99))} ms; errors ${checkoutErrors} ${checkoutFirstErrors.join(' | ')}`);

  child.send('rss');
  const rssMsg = await new Promise<{ maxRssKb: number; workersRssKb?: number[] }>((resolve) => child.once('message', (m) => resolve(m as { maxRssKb: number })));
  const rss = rssMsg.maxRssKb;
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  await pool.close();

  const probeEnd = cpuProbeMs();
  const stealEnd = stealSeconds();
  const result = {
    date: new Date().toISOString(),
    // a busy machine (other processes) makes every number here meaningless: the load is recorded with them
    machine: { cpus: os.cpus().length, node: process.version, loadavg_1m_start: round(loadStart, 2), loadavg_1m_end: round(os.loadavg()[0]!, 2),
      // the same fixed workload before and after the load (ms, lower is faster) and the CPU time the
      // hypervisor took away during the run: a slow run on a slow machine shows here
      cpu_probe_ms_start: probeStart, cpu_probe_ms_end: probeEnd,
      steal_s: stealStart === null || stealEnd === null ? null : round(stealEnd - stealStart, 2) },
    database: new URL(url).pathname.slice(1),
    products: stats.products,
    categories: stats.categories,
    concurrency: opts.concurrency,
    duration_s: opts.duration,
    app_workers: opts.workers,
    // STOREFRONT_PAGE_THREADS as the app read it (anonymous product-page misses rendered off the main thread)
    app_page_threads: deps.config.storefront.pageThreads,
    app_warmup_s: opts.appWarmup,
    access_pattern: {
      product_page: `Zipf s=${opts.zipfS} over all ${maxId} product ids (rank → id by a fixed permutation); sample of ${zipfIds.length} requests, ${distinct.length} distinct products; anonymous visitors, page cache on`,
      product_page_at_rate: `later draws of the same Zipf popularity (${laterIds.length}, not the sample above again: its pages are cached by then), ${opts.pageRate} requests a second due on a fixed schedule (open loop) over the ${opts.concurrency} connections, each timed from when it was due: the latency at that load (product_page_* above is the closed loop: capacity, and latency at saturation)`,
      product_page_uncached: `uniform random over ${slugs.length} sampled published products of the whole catalog, every request a reload (Cache-Control: no-cache): rendered, never served from the page cache`,
      category_page: `uniform over ${cats.length} categories with ≥ 49 products × pages 1–3 (default sort), anonymous, page cache on`,
      category_page_uncached: 'the same URLs, every request a reload (rendered)',
      search_page: `uniform over ${words.length} words of product names, anonymous, page cache on (search pages are kept ${SHORT_PAGE_TTL_MS / 1000} s)`,
      search_page_uncached: 'the same queries, every request a reload (the search service answers each)',
      checkout: `one-line guest carts prepared untimed; capacity (checkout_orders_per_s): ${opts.checkoutConcurrency} buyers in a closed loop, each checking out again as soon as its order is made; latency (checkout_p50/p95/p99_ms): ${opts.checkoutRate} orders/s arriving on a fixed schedule for ${opts.checkoutRateSeconds} s over the ${opts.concurrency} connections, each timed from when it was due`,
    },
    ...fields('product_page', product),
    product_page_offered_rps: opts.pageRate,
    ...fields('product_page_at_rate', productAtRate),
    ...fields('product_page_uncached', productCold),
    ...fields('category_page', category),
    ...fields('category_page_uncached', categoryCold),
    ...fields('search_page', search),
    ...fields('search_page_uncached', searchCold),
    // capacity: the closed loop of `checkout_concurrency` buyers
    checkout_concurrency: opts.checkoutConcurrency,
    checkout_orders: checkoutTimes.length,
    checkout_orders_per_s: round(checkoutTimes.length / checkoutSeconds),
    checkout_saturated_p50_ms: round(percentile(checkoutTimes, 50)),
    checkout_saturated_p95_ms: round(percentile(checkoutTimes, 95)),
    // latency while `checkout_rate_per_s` orders a second arrive (open loop)
    checkout_rate_per_s: opts.checkoutRate,
    checkout_rate_orders: rateTimes.length,
    checkout_rate_completed_per_s: round(rateTimes.length / rateSeconds),
    checkout_p50_ms: round(percentile(rateTimes, 50)),
    checkout_p95_ms: round(percentile(rateTimes, 95)),
    checkout_p99_ms: round(percentile(rateTimes, 99)),
    checkout_errors: checkoutErrors,
    checkout_app_cpu_ms_per_order: checkoutAppCpuMs,
    checkout_pg_cpu_ms_per_order: checkoutPgCpuMs,
    app_peak_rss_mb: Math.round(rss / 1024),
    ...(rssMsg.workersRssKb ? { app_workers_peak_rss_mb: rssMsg.workersRssKb.map((k) => Math.round(k / 1024)) } : {}),
    targets: { product_page_p95_ms: 30, product_page_rps: 1500, category_page_p95_ms: 60, checkout_orders_per_s: 100, checkout_p95_ms: 150 },
  };
  console.error(`machine: CPU probe ${result.machine.cpu_probe_ms_start} → ${result.machine.cpu_probe_ms_end} ms, steal ${result.machine.steal_s ?? '?'} s during the run`);
  if (PHASES.some((p) => !run(p))) {
    console.error(`--only ${opts.only.join(',')}: no JSON written`);
    await db.close();
    return;
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/storefront.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  await db.close();
}

await main();
