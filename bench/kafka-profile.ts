// `DATABASE_URL=… node --import tsx bench/kafka-profile.ts [--batch 2000] [--batches 5] [--mod 3]`
//
// Per-statement profile of one catalog apply batch (onec/catalog.ts applyPricesAndStock) on the bench
// catalog: `--batch` random own offers (every 97th offer id ≡ --mod, so successive runs can pick fresh
// rows), 70 % price / 30 % stock events like bench:kafka, one transaction per batch. Prints the mean
// time and WAL bytes of each statement, the total with the commit, and the rows written per table
// (HOT or not), and — when the server runs on this machine — the CPU time its backend spent per event
// (from /proc: far less sensitive than wall time to other processes sharing the cores). Writes to the
// database it is given (the same kind of writes the consumer makes).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql, type CompiledQuery, type QueryResult } from 'kysely';
import { openPostgres } from '../src/platform/db/postgres.js';
import { applyPricesAndStock, type PriceInput, type StockInput } from '../src/modules/onec/catalog.js';
import type { Envelope } from '../src/modules/onec/envelope.js';
import { cliArgs } from './lib.js';

const { num } = cliArgs();
const N = num('batch', 2000);
const BATCHES = num('batches', 5);
const MOD = num('mod', 3);
const db = openPostgres(process.env.DATABASE_URL!, 2);
const skus = (await sql<{ sku: string }>`select p.sku from offers o join products p on p.id = o.product_id
  where o.source = 'own' and o.source_ref = '' and o.id % 97 = ${MOD} limit ${N * BATCHES}`.execute(db.kysely)).rows.map((r) => r.sku);
let version = Date.now() * 1000;
const ms: Record<string, number> = {};
const wal: Record<string, number> = {};
const rows: Record<string, number> = {};
const cpu: Record<string, number> = {};
let backendMs = 0;
let appMs = 0;
/** user + system CPU of a local server backend in ms (NaN when the server is not on this machine) */
function backendCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}
const lsnOf = (s: string) => s.split('/').reduce((a, x) => a * 2 ** 32 + parseInt(x, 16), 0);
for (let b = 0; b < BATCHES; b++) {
  const prices: PriceInput[] = [];
  const stocks: StockInput[] = [];
  for (const sku of skus.slice(b * N, (b + 1) * N)) {
    const env = { event_id: randomUUID(), source_version: String(++version), occurred_at: new Date(), offset: 0n } as Envelope<unknown>;
    if (Math.random() < 0.7) prices.push({ env, sku, price: 100 * (100 + Math.floor(Math.random() * 100_000)), old_price: null, currency: null });
    else stocks.push({ env, sku, stock: { msk: Math.floor(Math.random() * 100) } });
  }
  const t0 = performance.now();
  let backend = 0;
  let cpu0 = 0;
  await db.kysely.transaction().execute(async (tx) => {
    backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
    cpu0 = backendCpuMs(backend);
    const executor = tx.getExecutor();
    // executeQuery's query id argument is internal to Kysely: passed through untyped
    type Run = (q: CompiledQuery, id: unknown) => Promise<QueryResult<unknown>>;
    const run = executor.executeQuery.bind(executor) as unknown as Run;
    const at = async (q: CompiledQuery, id: unknown) =>
      lsnOf(((await run({ ...q, sql: 'select pg_current_wal_insert_lsn()::text as l', parameters: [] }, id)).rows[0] as { l: string }).l);
    // time each statement of the apply, and the WAL it wrote (two extra round trips each, not timed)
    (executor as unknown as { executeQuery: Run }).executeQuery = async (q, id) => {
      const w0 = await at(q, id);
      const c = backendCpuMs(backend);
      const t = performance.now();
      const r = await run(q, id);
      const dt = performance.now() - t;
      const k = q.sql.replace(/\s+/g, ' ').trim().slice(0, 60);
      ms[k] = (ms[k] ?? 0) + dt;
      cpu[k] = (cpu[k] ?? 0) + backendCpuMs(backend) - c;
      wal[k] = (wal[k] ?? 0) + (await at(q, id)) - w0;
      return r;
    };
    const app0 = process.cpuUsage();
    await applyPricesAndStock(tx, prices, stocks);
    const app = process.cpuUsage(app0);
    appMs += (app.user + app.system) / 1000;
    (executor as unknown as { executeQuery: Run }).executeQuery = run;
    const st = await sql<{ relname: string; ins: number; upd: number; hot: number }>`select relname, n_tup_ins as ins, n_tup_upd as upd,
      n_tup_hot_upd as hot from pg_stat_xact_user_tables where relname in ('offers', 'products', 'product_listing', 'outbox')`.execute(tx);
    for (const r of st.rows) for (const c of ['ins', 'upd', 'hot'] as const) rows[`${r.relname} ${c}`] = (rows[`${r.relname} ${c}`] ?? 0) + Number(r[c]);
  });
  ms['(batch, with the commit)'] = (ms['(batch, with the commit)'] ?? 0) + performance.now() - t0;
  // the commit's own CPU included; the statements above (stats, WAL positions) are a few ms of it
  backendMs += backendCpuMs(backend) - cpu0;
}
console.log(`mean of ${BATCHES} batches of ${N} events (70 % price, 30 % stock):`);
console.log(`${(backendMs / BATCHES).toFixed(1).padStart(8)} ms server backend CPU per batch (${((backendMs * 1000) / (BATCHES * N)).toFixed(0)} µs per event)`);
// the apply's own JS and the driver's (de)serialisation, with the profiling round trips: an upper bound
console.log(`${(appMs / BATCHES).toFixed(1).padStart(8)} ms app CPU per batch in applyPricesAndStock (${((appMs * 1000) / (BATCHES * N)).toFixed(0)} µs per event)`);
console.log('    wall   backend CPU    WAL (WAL: the whole server, other databases included)');
for (const [k, v] of Object.entries(ms)) {
  const c = cpu[k] === undefined ? '' : `${((cpu[k] * 1000) / (BATCHES * N)).toFixed(1).padStart(6)} µs/event`;
  console.log(`${(v / BATCHES).toFixed(1).padStart(8)} ms ${c.padStart(14)} ${((wal[k] ?? 0) / BATCHES / 1e6).toFixed(2).padStart(7)} MB  ${k}`);
}
// pg_stat_xact_* may include a backend's earlier, not yet flushed transactions: print ratios, not counts
const r = (t: string, c: string) => rows[`${t} ${c}`] ?? 0;
const pct = (a: number, b: number) => `${b ? Math.round((100 * a) / b) : 0} %`;
console.log(`products rows updated per offer updated: ${pct(r('products', 'upd'), r('offers', 'upd'))}; HOT: offers ${pct(r('offers', 'hot'), r('offers', 'upd'))}, `
  + `products ${pct(r('products', 'hot'), r('products', 'upd'))}, product_listing ${pct(r('product_listing', 'hot'), r('product_listing', 'upd'))}; `
  + `outbox rows per offer updated: ${pct(r('outbox', 'ins'), r('offers', 'upd'))}`);
await db.close();
