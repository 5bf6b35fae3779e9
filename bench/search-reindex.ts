// `npm run bench:search-reindex` — one OpenSearch rebuild of the catalog at DATABASE_URL into indices of
// its own (prefix `prof_`, deleted afterwards), nothing else: prints docs/s and the CPU seconds this process, PostgreSQL and
// the OpenSearch node spent. For A/B runs of indexing changes and for profiling the app's side
// (`node --cpu-prof --import tsx bench/search-reindex.ts`). bench:search measures the whole picture.
import { loadConfig } from '../src/config.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import type { PlatformDeps } from '../src/platform/context.js';
import { createAttributesService } from '../src/modules/attributes/index.js';
import { createCategoriesService } from '../src/modules/categories/index.js';
import { createDocumentSource, createSearchService } from '../src/modules/search/index.js';
import { createOpenSearchEngine } from '../src/modules/search/engines/opensearch/index.js';
import { openSearchCpuReader, serverCpuSeconds } from './cpu-usage.js';

const url = process.env.DATABASE_URL;
const osUrl = process.env.OPENSEARCH_URL;
if (!url || !osUrl) {
  console.error('bench:search-reindex needs DATABASE_URL=postgres://… (a catalog, e.g. bench:search\'s) and OPENSEARCH_URL');
  process.exit(2);
}
const PREFIX = 'prof_';
const log = createLogger('warn');
const db = openPostgres(url, 12);
const deps: PlatformDeps = { config: loadConfig({ ...process.env, NODE_ENV: 'production', SEARCH_ENGINE: 'postgres' }), db, cache: memoryCache(20_000, 300), log, bus: new EventBus(db, log), metrics: createMetrics() };
const categories = createCategoriesService(deps);
const attributes = createAttributesService(deps, { categories });
const engine = createOpenSearchEngine({ url: osUrl, prefix: PREFIX });
const service = createSearchService(deps, { categories, attributes, engine });
const osCpu = await openSearchCpuReader(osUrl);
const b = { app: process.cpuUsage(), pg: serverCpuSeconds('postgres'), os: await osCpu() };
const t = performance.now();
// LIMIT=n: only the first n published products, straight into the engine (short runs, repeated
// alternately, for A/B of mapping changes on a machine whose speed drifts from minute to minute)
const limit = Number(process.env.LIMIT ?? 0);
const batchSize = Number(process.env.BATCH ?? 1000);
const r = limit > 0 ? await firstProducts(limit) : await service.reindex({ batchSize });

async function firstProducts(n: number): Promise<{ indexed: number }> {
  const source = createDocumentSource(db.kysely);
  let indexed = 0;
  async function* batches() {
    for await (const b of source.batches({ batchSize })) {
      const docs = b.docs.slice(0, n - indexed);
      indexed += docs.length;
      yield docs;
      if (indexed >= n) return;
    }
  }
  await engine.init();
  await engine.reindex(batches(), n);
  return { indexed };
}
const s = (performance.now() - t) / 1000;
const a = process.cpuUsage(b.app);
console.log(JSON.stringify({ indexed: r.indexed, seconds: s, docs_per_s: Math.round(r.indexed / s), app: (a.user + a.system) / 1e6, pg: serverCpuSeconds('postgres')! - b.pg!, os: (await osCpu())! - b.os! }));
await service.close();
await db.close();
// the indices are only for this measurement (the node's background merge of them is dropped with them)
await fetch(new URL(`/${PREFIX}*`, osUrl), { method: 'DELETE' });
