// `npm run bench:commerceml -- [--goods 20000] [--keep]`
//
// Generates a CommerceML 2.07 import.xml (classifier, N goods with three kinds of property) and an
// offers.xml (three price types, two warehouses) on disk, starts the app on a fresh PostgreSQL
// database (vitrina_bench_cml on TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and plays 1C over real HTTP: checkauth, init, mode=file in file_limit chunks, mode=import polled
// until it stops answering progress — for import.xml, then offers.xml. Writes
// bench/results/commerceml.json: goods, seconds, goods_per_s, peak_rss_mb and the parts.
// At 100k goods and more run it under the shared lock: flock /tmp/vitrina-bench.lock npm run bench:commerceml -- --goods 100000
import { createReadStream, mkdirSync, openSync, rmSync, statSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createDatabase, dropDatabase, openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import { importXml, offersXml } from '../src/modules/commerceml/generate.js';
import { cliArgs, round } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DB_NAME = 'vitrina_bench_cml';
const USER = 'bench';
const PASSWORD = 'bench-пароль';

function writeFile(file: string, pieces: Iterable<string>): number {
  const fd = openSync(file, 'w');
  try {
    for (const p of pieces) writeSync(fd, Buffer.from(p));
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

async function main() {
  const args = cliArgs();
  const goods = args.num('goods', 20_000);
  const keep = args.has('keep');
  const varDir = path.join(root, 'var/bench-commerceml');
  rmSync(varDir, { recursive: true, force: true });
  const dataDir = path.join(varDir, 'files');
  mkdirSync(dataDir, { recursive: true });

  let t = performance.now();
  const importFile = path.join(dataDir, 'import.xml');
  const offersFile = path.join(dataDir, 'offers.xml');
  const importBytes = writeFile(importFile, importXml({ goods, full: true }));
  const offersBytes = writeFile(offersFile, offersXml({ goods }));
  console.error(`generated ${goods} goods: import.xml ${Math.round(importBytes / 2 ** 20)} MB, offers.xml ${Math.round(offersBytes / 2 ** 20)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const pgServer = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = openPostgres(await createDatabase(pgServer, DB_NAME), 6);
  await migrate(db);
  const log = createLogger('warn');
  const config = loadConfig({
    ...process.env, NODE_ENV: 'production', VITRINA_VAR_DIR: path.join(varDir, 'var'),
    ONEC_EXCHANGE_USER: USER, ONEC_EXCHANGE_PASSWORD: PASSWORD, ONEC_EXCHANGE_PRICE_TYPE: 'Розничная',
  });
  const deps: PlatformDeps = { config, db, cache: memoryCache(1000, 60), log, bus: new EventBus(db, log), metrics: createMetrics() };
  const { app } = await buildApp(deps);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `${address}${config.onecExchange!.path}`;
  const fileLimit = config.onecExchange!.fileLimit;

  let cookie = '';
  const call = async (mode: string, extra: Record<string, string> = {}, body?: Buffer) => {
    const r = await fetch(`${url}?${new URLSearchParams({ type: 'catalog', mode, ...extra })}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        ...(cookie ? { cookie } : { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` }),
        ...(body ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
    return iconv.decode(Buffer.from(await r.arrayBuffer()), 'win1251');
  };
  const send = async (filename: string, file: string) => {
    const up = performance.now();
    // file_limit chunks, as 1C cuts a big file
    for await (const chunk of createReadStream(file, { highWaterMark: fileLimit })) {
      const a = await call('file', { filename }, chunk as Buffer);
      if (!a.startsWith('success')) throw new Error(`mode=file ${filename}: ${a}`);
    }
    const uploadSeconds = (performance.now() - up) / 1000;
    const im = performance.now();
    let answer = '';
    for (;;) {
      answer = await call('import', { filename });
      if (!answer.startsWith('progress')) break;
      process.stderr.write(`  ${filename}: ${answer.split('\n')[1] ?? ''} (rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB)\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (!answer.startsWith('success')) throw new Error(`mode=import ${filename}: ${answer}`);
    console.error(`${filename}: ${answer.split('\n')[1]}`);
    return { upload_seconds: round(uploadSeconds), import_seconds: round((performance.now() - im) / 1000), answer: answer.split('\n')[1] ?? '' };
  };

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const cpu = process.cpuUsage();
  try {
    t = performance.now();
    const auth = (await call('checkauth')).split('\n');
    if (auth[0] !== 'success') throw new Error(`checkauth: ${auth.join(' ')}`);
    cookie = `${auth[1]}=${auth[2]}`;
    await call('init');
    const imp = await send('import.xml', importFile);
    const off = await send('offers.xml', offersFile);
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const counts = await db.kysely.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const offers = await db.kysely.selectFrom('offers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const result = {
      goods,
      seconds: round(seconds),
      goods_per_s: Math.round(goods / seconds),
      peak_rss_mb: Math.round(peak / 2 ** 20),
      products_in_db: Number(counts.n),
      offers_in_db: Number(offers.n),
      import_xml_mb: round(importBytes / 2 ** 20, 1),
      offers_xml_mb: round(offersBytes / 2 ** 20, 1),
      import_xml: imp,
      offers_xml: off,
      database: `postgresql ${DB_NAME}`,
      process_cpu_seconds: round((used.user + used.system) / 1e6, 1),
      // the machine is shared: a high load average means the rate above is a floor, not the capacity
      load_average: os.loadavg().map((x) => round(x, 2)),
      measured_at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/commerceml.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    clearInterval(sampler);
    await app.close();
    if (!keep) {
      await dropDatabase(pgServer, DB_NAME).catch(() => {});
      rmSync(varDir, { recursive: true, force: true });
    }
  }
}

await main();
