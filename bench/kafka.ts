// `npm run bench:kafka -- --events 1000000 [--products 1000000] [--rate 1000] [--visible-seconds 20] [--batch 5000] [--lanes 2] [--in-flight 2] [--fresh]`
//
// Real broker at KAFKA_BROKERS, real PostgreSQL at DATABASE_URL (with --fresh: a dedicated database
// vitrina_bench_kafka on that server; the catalog is generated when it is empty). Measures:
// - events / apply_seconds / events_per_s: N price.changed + stock.changed events (70/30, random SKUs
//   with an own offer) produced to fresh topics first, then applied end to end by the 1C catalog
//   consumer (parse, validate, versions, offers, outbox, best offers, offsets) until every one has an outcome;
// - db_baseline_rows_per_s: a raw batched UPDATE of the same offer rows with the same values, same batch
//   size, one transaction per batch, in the same run — what PostgreSQL itself does for these rows;
// - visible_p95_ms: while events flow at --rate per second, probe prices are produced and polled
//   through the HTTP API (GET /api/admin/offers/:id, inject) until visible: produce → visible latency;
// - host_speed: the host's own speed through the apply and the baseline (host-speed.ts).
// Writes bench/results/kafka.json.
// Runs with `npm start`'s --max-semi-space-size=64 (package.json), as the consumer runs inside `vitrina
// serve`: a batch's thousands of messages live for its whole transaction (~300 ms), and with the default
// 16 MB nursery they were copied by ~8 scavenges and promoted — 1,727 scavenges, 15 s (--trace-gc) per
// 1M run. Measured on one database, shared_buffers 4GB: 14,442–14,841 events/s with the default nursery,
// 17,280 with 64 MB (18,068 with 128 MB).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createToken } from '../src/platform/http/auth.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import { createProducer, deleteTopics, dlqName, ensureTopics, kafkaMetrics, topicName, type KafkaSettings } from '../src/platform/kafka/index.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { catalogStats, seedCatalog } from '../src/modules/bulk/index.js';
import { APPLY_LANES, CATALOG_IN_FLIGHT, CATALOG_MAX_BATCH, createDeadLetterer, createOnecConsumers, createOnecService } from '../src/modules/onec/index.js';
import { postgresCpuBetween, postgresCpuSeconds, serverCpuSeconds } from './cpu-usage.js';
import { sampleHostSpeed } from './host-speed.js';
import { benchDatabase, cliArgs, percentile, postgresSettings, prng, round } from './lib.js';

const root = path.resolve(import.meta.dirname, '..');

function args() {
  const { num: arg, has } = cliArgs();
  const num = (name: string, fallback: number) => arg(name, fallback, { integer: false });
  const events = num('events', 100_000);
  return {
    events,
    products: num('products', Math.max(events, 20_000)),
    rate: num('rate', 1000),
    visibleSeconds: num('visible-seconds', 20),
    // the consumer's default; the baseline UPDATE uses the same batch size
    batch: num('batch', CATALOG_MAX_BATCH),
    // the consumer's default (one apply transaction per core)
    lanes: num('lanes', APPLY_LANES),
    // the consumer's default (catalog batches handed to the lanes before the previous one is done)
    inFlight: num('in-flight', CATALOG_IN_FLIGHT),
    partitions: num('partitions', 3),
    seed: num('seed', 42),
    fresh: has('fresh'),
  };
}



async function main() {
  const o = args();
  const given = process.env.DATABASE_URL;
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (!given || !brokers.length) {
    console.error('bench:kafka needs DATABASE_URL=postgres://… and KAFKA_BROKERS=host:port');
    process.exit(2);
  }
  const url = await benchDatabase(given, o.fresh, 'vitrina_bench_kafka', 'bench:kafka');
  const log = createLogger('warn');
  const db = openPostgres(url, 12);
  await migrate(db);
  const deps: PlatformDeps = {
    config: loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'warn' }),
    db, cache: memoryCache(20_000, 300), log, bus: new EventBus(db, log), metrics: createMetrics(),
  };
  if ((await catalogStats(db)).products === 0) {
    console.error(`empty catalog: generating ${o.products} products …`);
    const t = performance.now();
    await seedCatalog(deps, { categories: Math.min(9000, Math.max(100, Math.floor(o.products / 100))), products: o.products, seed: o.seed });
    console.error(`  generated in ${round((performance.now() - t) / 1000, 1)} s`);
  }
  const { app, services } = await buildApp(deps);
  await app.ready();
  const token = await createToken(db, `bench-kafka-${Date.now()}`, 'admin');

  const own = (await sql<{ sku: string; offer_id: number }>`select p.sku, o.id as offer_id from offers o join products p on p.id = o.product_id
    where o.source = 'own' and o.source_ref = '' order by o.id`.execute(db.kysely)).rows;
  console.error(`bench:kafka ${o.events} events over ${own.length} SKUs with an own offer (${new URL(url).pathname.slice(1)})`);

  const settings: KafkaSettings = { brokers, prefix: `bench-${Date.now()}.`, clientId: 'vitrina-bench' };
  const T = (n: string) => topicName(settings, n);
  await ensureTopics(settings, [T('price.changed'), T('stock.changed'), dlqName(T('price.changed')), dlqName(T('stock.changed'))], o.partitions);

  // 1. produce N events first (not timed as apply), keep the last value per row for the baseline
  const rand = prng(o.seed);
  const producer = createProducer(settings, 'bench');
  const lastPrice = new Map<number, number>();
  let t = performance.now();
  const CHUNK = 10_000;
  const version = Date.now() * 1000; // microsecond-scale, like the visibility phase below
  for (let done = 0; done < o.events; done += CHUNK) {
    const n = Math.min(CHUNK, o.events - done);
    const messages = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = own[Math.floor(rand() * own.length)]!;
      const headers = { event_id: randomUUID(), source_version: String(version + done + i) };
      if (rand() < 0.7) {
        const price = 100 * (100 + Math.floor(rand() * 100_000));
        lastPrice.set(row.offer_id, price);
        messages[i] = { topic: T('price.changed'), key: row.sku, value: JSON.stringify({ sku: row.sku, price }), headers };
      } else {
        messages[i] = { topic: T('stock.changed'), key: row.sku, value: JSON.stringify({ sku: row.sku, warehouse: 'msk', quantity: Math.floor(rand() * 100) }), headers };
      }
    }
    await producer.send({ messages });
  }
  const produceSeconds = (performance.now() - t) / 1000;
  console.error(`produced ${o.events} in ${round(produceSeconds)} s (${Math.round(o.events / produceSeconds)}/s)`);

  // 2. apply end to end
  const metrics = kafkaMetrics(deps.metrics.registry);
  const outcomes = async () => (await metrics.consumed.get()).values.reduce((a, v) => a + v.value, 0);
  const dlq = createDeadLetterer(settings);
  const service = createOnecService(deps, services, { prefix: settings.prefix, deadLetter: dlq.deadLetter, applyLanes: o.lanes });
  const consumers = createOnecConsumers({
    settings, service, log, metrics: deps.metrics, only: ['catalog'], maxBatch: o.batch, inFlight: o.inFlight, partitions: o.partitions, groupPrefix: `bench-${Date.now()}`,
  });
  // CPU per event next to the rate: the app process (consumer, parsing, apply logic) and the
  // PostgreSQL backends of this database — far steadier than wall time on a shared machine
  const dbName = new URL(url).pathname.slice(1);
  // Open every pool connection first (a backend opened after the first reading is not counted), and read
  // on a connection of its own: a reading leaves out its own backend, which the pool would hand on next.
  const cpuProbe = openPostgres(url, 1);
  await Promise.all(Array.from({ length: 12 }, () => sql`select pg_sleep(0.05)`.execute(db.kysely)));
  // the consumer's garbage collection pauses in the apply (batches of thousands of messages live for a
  // whole transaction, so they are promoted, not collected young)
  let gcMs = 0;
  const gcObs = new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMs += e.duration; });
  gcObs.observe({ entryTypes: ['gc'] });
  // the host's own speed through the apply and the baseline (host-speed.ts): the ratio compares two
  // phases of one run, and this host's speed can move by a third between them
  const host = sampleHostSpeed();
  await host.window(); // answered once its thread is up
  const cpuApp0 = process.cpuUsage();
  const cpuPg0 = await postgresCpuSeconds(cpuProbe.kysely, dbName);
  const cpuServer0 = serverCpuSeconds('postgres');
  t = performance.now();
  await consumers.start();
  while ((await outcomes()) < o.events) await new Promise((r) => setTimeout(r, 50));
  const applySeconds = (performance.now() - t) / 1000;
  const applyHost = await host.window();
  const cpuApp = process.cpuUsage(cpuApp0);
  gcObs.disconnect();
  console.error(`GC ${Math.round(gcMs)} ms during apply, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
  const applyPgCpu = postgresCpuBetween(cpuPg0, await postgresCpuSeconds(cpuProbe.kysely, dbName));
  const cpuServer1 = serverCpuSeconds('postgres');
  const perEventUs = (seconds: number | null, n: number) => (seconds === null ? null : round((seconds * 1e6) / n, 1));
  // the sampler's thread is this process's too: its CPU is not the apply's
  const applyAppUs = perEventUs((cpuApp.user + cpuApp.system) / 1e6 - applyHost.own_cpu_ms / 1000, o.events);
  const applyPgUs = perEventUs(applyPgCpu, o.events);
  // the whole server: also parallel workers, connections opened meanwhile, WAL writer, checkpointer
  // (meaningful when nothing else uses this PostgreSQL during the run)
  const applyServerUs = perEventUs(cpuServer0 === null || cpuServer1 === null ? null : cpuServer1 - cpuServer0, o.events);
  // the machine is shared: the 1-minute load average next to each number says how quiet it was
  const loadApply = os.loadavg()[0]!;
  const hist = (await metrics.batchSeconds.get()).values;
  const batches = hist.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const batchSum = hist.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  console.error(`batches: ${batches}, mean ${round((batchSum / Math.max(1, batches)) * 1000)} ms, mean size ${Math.round(o.events / Math.max(1, batches))}`);
  const byOutcome = Object.fromEntries((await metrics.consumed.get()).values.map((v) => [`${v.labels.topic}:${v.labels.outcome}`, v.value]));
  console.error(`applied ${o.events} in ${round(applySeconds)} s (${Math.round(o.events / applySeconds)}/s) ${JSON.stringify(byOutcome)} load ${round(loadApply)}`);
  console.error(`  CPU per event: app ${applyAppUs} µs, PostgreSQL ${applyPgUs} µs (the whole server: ${applyServerUs} µs)`);

  // 3. baseline: the same rows, same values, raw batched UPDATE, one transaction per batch
  const rows = [...lastPrice];
  const baselineEvents = o.events;
  const repeat = Math.ceil(baselineEvents / Math.max(1, rows.length));
  await Promise.all(Array.from({ length: 12 }, () => sql`select pg_sleep(0.05)`.execute(db.kysely)));
  const basePg0 = await postgresCpuSeconds(cpuProbe.kysely, dbName);
  await host.window();
  t = performance.now();
  let updated = 0;
  for (let r = 0; r < repeat && updated < baselineEvents; r++) {
    for (let i = 0; i < rows.length && updated < baselineEvents; i += o.batch) {
      const part = rows.slice(i, Math.min(i + o.batch, i + baselineEvents - updated));
      await db.kysely.transaction().execute((tx) => sql`update offers o set price = u.price, updated_at = now()
        from unnest(${part.map((p) => p[0])}::bigint[], ${part.map((p) => p[1])}::bigint[]) as u(id, price) where o.id = u.id`.execute(tx));
      updated += part.length;
    }
  }
  const baselineSeconds = (performance.now() - t) / 1000;
  const baselineHost = await host.window();
  await host.stop();
  const baselinePgUs = perEventUs(postgresCpuBetween(basePg0, await postgresCpuSeconds(cpuProbe.kysely, dbName)), Math.max(1, updated));
  await cpuProbe.close();
  const loadBaseline = os.loadavg()[0]!;
  const baselineRate = updated / baselineSeconds;
  console.error(`baseline: ${updated} rows by batched UPDATE in ${round(baselineSeconds)} s (${Math.round(baselineRate)} rows/s), PostgreSQL CPU ${baselinePgUs} µs per row`);
  console.error(`host speed (probe CPU ms per sample, min/median/max): apply ${applyHost.cpu_ms_min}/${applyHost.cpu_ms_median}/${applyHost.cpu_ms_max}, baseline ${baselineHost.cpu_ms_min}/${baselineHost.cpu_ms_median}/${baselineHost.cpu_ms_max}`);

  // 4. visibility under a steady flow of --rate events/s
  const latencies: number[] = [];
  const probes: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  let probeNo = 0;
  while (performance.now() - started < o.visibleSeconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * o.rate) - sent;
    if (due <= 0) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    const messages = [];
    for (let i = 0; i < due; i++) {
      const row = own[Math.floor(rand() * own.length)]!;
      messages.push({ topic: T('price.changed'), key: row.sku, value: JSON.stringify({ sku: row.sku, price: 100 * (100 + Math.floor(rand() * 100_000)) }),
        headers: { event_id: randomUUID(), source_version: String(Date.now() * 1000 + (sent + i) % 1000) } });
    }
    // one probe per ~100 events: a unique price on a fixed row, polled through the API
    const probeRow = own[(probeNo * 7919) % own.length]!;
    const probePrice = 1_000_000_00 + ++probeNo;
    messages.push({ topic: T('price.changed'), key: probeRow.sku, value: JSON.stringify({ sku: probeRow.sku, price: probePrice }),
      headers: { event_id: randomUUID(), source_version: String(Date.now() * 1000 + 999) } });
    const t0 = performance.now();
    await producer.send({ messages });
    sent += due;
    probes.push((async () => {
      for (;;) {
        const res = await app.inject({ method: 'GET', url: `/api/admin/offers/${probeRow.offer_id}`, headers: { authorization: `Bearer ${token}` } });
        const price = res.statusCode === 200 ? (res.json() as { price: number }).price : -1;
        if (price === probePrice || price > probePrice) {
          latencies.push(performance.now() - t0);
          return;
        }
        if (performance.now() - t0 > 30_000) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    })());
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(probes);
  console.error(`visibility: ${latencies.length} probes, p50 ${round(percentile(latencies, 50))} ms, p95 ${round(percentile(latencies, 95))} ms`);

  await consumers.stop();
  await dlq.close();
  await producer.close();
  await deleteTopics(settings, [T('price.changed'), T('stock.changed'), dlqName(T('price.changed')), dlqName(T('stock.changed'))]).catch(() => {});
  await sql`delete from outbox where topic in ('catalog.offer_changed', 'catalog.offers_changed')`.execute(db.kysely);
  await app.close();

  const eventsPerS = o.events / applySeconds;
  const result = {
    events: o.events,
    products: (await catalogStats(db)).products,
    skus_with_own_offer: own.length,
    batch: o.batch,
    apply_lanes: o.lanes,
    in_flight: o.inFlight,
    partitions: o.partitions,
    produce_seconds: round(produceSeconds),
    apply_seconds: round(applySeconds),
    events_per_s: Math.round(eventsPerS),
    outcomes: byOutcome,
    batches,
    batch_mean_ms: round((batchSum / Math.max(1, batches)) * 1000),
    db_baseline_rows: updated,
    db_baseline_seconds: round(baselineSeconds),
    db_baseline_rows_per_s: Math.round(baselineRate),
    ratio_to_baseline: round(eventsPerS / baselineRate),
    // CPU per event (apply) and per row (baseline), from /proc: null when PostgreSQL is on another host
    apply_app_cpu_us_per_event: applyAppUs,
    apply_pg_cpu_us_per_event: applyPgUs,
    apply_pg_server_cpu_us_per_event: applyServerUs,
    apply_gc_ms: Math.round(gcMs),
    db_baseline_pg_cpu_us_per_row: baselinePgUs,
    visible_rate_per_s: o.rate,
    visible_probes: latencies.length,
    visible_p50_ms: round(percentile(latencies, 50)),
    visible_p95_ms: round(percentile(latencies, 95)),
    targets: { events_per_s: 30_000, ratio_to_baseline: 0.7, visible_p95_ms: 1000 },
    load_avg_1m: { after_apply: round(loadApply), after_baseline: round(loadBaseline), after_visibility: round(os.loadavg()[0]!) },
    // a fixed workload's CPU ms, sampled once a second on a thread of its own (~15 ms on an idle,
    // normal host; somewhat more beside a busy phase): the host's speed in each phase
    host_speed: { apply: applyHost, baseline: baselineHost },
    // the server's settings, autovacuum included: this machine's PostgreSQL runs without it, so repeated
    // runs on one database update an ever more bloated table
    machine: { cpus: os.cpus().length, node: process.version, postgres: await postgresSettings(async (text) => (await sql.raw<{ name: string; setting: string; unit: string | null }>(text).execute(db.kysely)).rows) },
    measured_at: new Date().toISOString(),
  };
  await db.close();
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/kafka.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

await main();
