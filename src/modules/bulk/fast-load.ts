// Loading generated products into an EMPTY catalog at COPY speed.
//
// Why it differs from the NDJSON upsert: with no existing products there is nothing to merge, so
// ids are assigned here and rows go straight into products, product_categories, offers and
// taggings — no staging tables, no ON CONFLICT. For the duration of the load:
// - the secondary indexes of the three tables (the migration's `bulkIndexes` plus the SKU and slug
//   unique indexes) are dropped and rebuilt after from exactly their captured definitions: one
//   sorted build per index is several times cheaper than a million incremental GIN and B-tree
//   insertions (uniqueness holds by construction: SKUs come from the product number, slugs end
//   with the SKU, offer sources are distinct per product);
// - the foreign keys are dropped and re-added from their own definitions (pg_get_constraintdef),
//   NOT VALID at commit and validated after: one anti-join per key instead of a trigger lookup per
//   row (the per-row checks were ~40% of the COPY time in measurements);
// - the tables are truncated (they are empty) in the load transactions, so COPY … FREEZE writes
//   rows frozen and all-visible: no later VACUUM rewrites every page.
// On PostgreSQL a worker thread renders the rows (render-worker.ts) while the main thread feeds it
// matrices and streams the previous chunk: products through one session, their links, offers and
// taggings through another (measured: the single thread was the critical path before).
// A failed load rolls back; the keys and indexes are put back either way.
import { Worker } from 'node:worker_threads';
import type { PlatformDeps } from '../../platform/context.js';
import type { RawSession } from '../../platform/db/database.js';
import { compileMatrixValidator, type EffectiveMatrix } from '../attributes/index.js';
import type { GeneratedCatalog, GenerateOptions } from './generator/index.js';
import { groupByMatrix, PRODUCT_COLUMNS, Renderer, type Combo, type RenderCounts, type RenderedChunk } from './render.js';
import { captureDdl, ensureBulkIndexes, ifNotExists, inLanes, restoreForeignKeys, type LaneStep, type LoadDdl } from './load-ddl.js';
import type { MatrixShape } from './matrix-shape.js';
import type { StructureIds } from './structure-load.js';

export interface FastLoadResult {
  products: number;
  offers: number;
  rejected: number;
  seconds: { copy: number; indexes: number };
}

export type Phase = 'products' | 'indexes';

export interface FastLoadHooks {
  /** the attributes module's product matrix of these categories (primary first) */
  productMatrix(primary: number, ids: number[]): Promise<EffectiveMatrix>;
  /** the category tree and which categories have matrix entries of their own */
  matrixShape(): Promise<MatrixShape>;
  recomputeBestOffers(): Promise<number>;
  onProgress(phase: Phase, done: number): void;
}

/** migrations/010_product_listing.ts: disabled for the load (inside its transaction) */
const LISTING_TRIGGERS = ['products_listing_ins', 'products_listing_upd'];

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

/** Two sessions on PostgreSQL (products | the rest), the one session on PGlite. */
function withLoadSessions<T>(deps: PlatformDeps, fn: (a: RawSession, b: RawSession) => Promise<T>): Promise<T> {
  if (deps.db.kind !== 'postgres') return deps.db.withSession((s) => fn(s, s));
  return deps.db.withSession((a) => deps.db.withSession((b) => fn(a, b)));
}

/** Where rendered chunks come from: a worker thread on PostgreSQL, this thread on PGlite. */
interface ChunkSource {
  chunks: AsyncGenerator<RenderedChunk>;
  /** the chunk yielded last is in the database: the producer may reuse its budget */
  stored(): void;
  counts(): RenderCounts;
  problems(): { sku: string; problem: unknown }[];
}

/**
 * Matrices in combo order, fetched `lookahead` ahead on other connections (PostgreSQL), or all
 * of them before the load session opens (PGlite has one session, which the load holds).
 */
function matrixFeed(sets: number[][], hooks: FastLoadHooks, lookahead: number) {
  const pending: (Promise<EffectiveMatrix> | undefined)[] = new Array(sets.length);
  const start = (k: number) => {
    if (k >= sets.length || pending[k]) return;
    const cats = sets[k]!;
    const p = hooks.productMatrix(cats[0]!, cats);
    p.catch(() => {}); // awaited when its turn comes
    pending[k] = p;
  };
  return {
    async prefetchAll() {
      for (let k = 0; k < sets.length; k++) await (start(k), pending[k]);
    },
    async get(k: number): Promise<EffectiveMatrix> {
      for (let a = k; a <= k + lookahead; a++) start(a);
      const m = await pending[k]!;
      pending[k] = undefined;
      return m;
    },
  };
}

async function inThreadSource(c: GeneratedCatalog, ids: StructureIds, combos: Combo[], hooks: FastLoadHooks, chunkSize: number): Promise<ChunkSource> {
  const feed = matrixFeed(combos.map((x) => x.cats), hooks, 0);
  // PGlite has one session, which the load holds: every matrix is fetched before it starts
  await feed.prefetchAll();
  const r = new Renderer(c, ids, chunkSize);
  async function* chunks() {
    for (let k = 0; k < combos.length; k++) {
      const validate = compileMatrixValidator(await feed.get(k));
      for (const i of combos[k]!.products) {
        if (r.render(i, validate)) yield r.take();
        if (r.counts.generated % 500 === 0) await yieldToIo();
      }
    }
    yield r.take();
  }
  return { chunks: chunks(), stored() {}, counts: () => r.counts, problems: () => r.problems };
}

/** Starts the render worker early: loading its modules and the skeleton overlaps the planning. */
function startWorker(opts: GenerateOptions): Worker {
  const worker = new Worker(new URL('./render-worker.mjs', import.meta.url));
  worker.postMessage({ type: 'prepare', options: opts });
  return worker;
}

function workerSource(worker: Worker, ids: StructureIds, combos: Combo[], hooks: FastLoadHooks, chunkSize: number): ChunkSource {
  let counts: RenderCounts = { generated: 0, landed: 0, offers: 0, rejected: 0 };
  let problems: { sku: string; problem: unknown }[] = [];
  const queue: RenderedChunk[] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: { type: string; chunk?: RenderedChunk; counts?: RenderCounts; problems?: typeof problems; message?: string }) => {
    if (m.type === 'chunk') queue.push(m.chunk!);
    if (m.counts) counts = m.counts;
    if (m.type === 'done') (done = true), (problems = m.problems ?? []);
    if (m.type === 'error') failure = new Error(`render worker: ${m.message}`);
    notify();
  });
  worker.on('error', (e) => ((failure = e), notify()));
  worker.on('exit', (code) => {
    if (!done && !failure) failure = new Error(`render worker exited with code ${code}`);
    notify();
  });
  const lists = combos.map((x) => Int32Array.from(x.products));
  worker.postMessage({ type: 'init', ids, combos: lists, chunkSize }, lists.map((l) => l.buffer));
  // matrices go over in order as they arrive (the worker waits for the one it needs); fetching
  // starts now, while the worker is still loading
  const feed = matrixFeed(combos.map((x) => x.cats), hooks, 24);
  for (const x of combos) x.products = []; // the worker owns them now
  const feeding = (async () => {
    for (let k = 0; k < combos.length && !failure; k++) worker.postMessage({ type: 'matrix', k, matrix: await feed.get(k) });
  })();
  feeding.catch((e) => ((failure = e as Error), notify()));
  async function* chunks() {
    try {
      for (;;) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next) yield next;
        else if (done) return;
        else await new Promise<void>((r) => (wake = r));
      }
    } finally {
      await worker.terminate();
    }
  }
  return { chunks: chunks(), stored: () => worker.postMessage({ type: 'ack' }), counts: () => counts, problems: () => problems };
}

export async function fastLoadProducts(deps: PlatformDeps, c: GeneratedCatalog, opts: GenerateOptions, ids: StructureIds, hooks: FastLoadHooks): Promise<FastLoadResult> {
  const pg = deps.db.kind === 'postgres';
  const t0 = Date.now();
  const worker = pg ? startWorker(opts) : null;
  // Products are generated matrix by matrix (ids follow that order, which also keeps a category's
  // products together on disk), each set validated by the attributes module's compiled validator.
  let source: ChunkSource;
  try {
    // grouping here while the worker loads its modules and the skeleton
    const combos = groupByMatrix(c, ids, await hooks.matrixShape());
    source = worker ? workerSource(worker, ids, combos, hooks, 10_000) : await inThreadSource(c, ids, combos, hooks, 2_000);
  } catch (e) {
    await worker?.terminate();
    throw e;
  }

  let freeze = pg ? ' with (freeze)' : '';
  const copyProducts = async (s: RawSession, b: RenderedChunk) => {
    if (b.products.length) await s.copyFrom(`copy products (${PRODUCT_COLUMNS}) from stdin${freeze}`, b.products);
  };
  const copyRest = async (s: RawSession, b: RenderedChunk) => {
    if (b.links.length) await s.copyFrom(`copy product_categories (product_id, category_id, is_primary) from stdin${freeze}`, b.links);
    if (b.offers.length) {
      await s.copyFrom(`copy offers (id, product_id, source, source_ref, price, old_price, currency, stock, stock_total) from stdin${freeze}`, b.offers);
    }
    if (b.taggings.length) await s.copyFrom(`copy taggings (tag_id, entity_type, entity_id) from stdin`, b.taggings);
    if (b.listing.length) await s.copyFrom(`copy product_listing (product_id, keys, best_price, in_stock) from stdin${freeze}`, b.listing);
  };

  // Dropping a foreign key locks the referenced table (categories) exclusively, which would stall
  // this very load's matrix reads: that is done and committed first.
  const ddl: LoadDdl = await deps.db
    .withSession(async (s) => {
      await s.query('begin');
      const d = await captureDdl(s);
      for (const fk of d.foreignKeys) await s.query(`alter table ${fk.table} drop constraint ${fk.name}`);
      await s.query('commit');
      return d;
    })
    .catch(async (e) => {
      await source.chunks.return(undefined).catch(() => {});
      await worker?.terminate();
      throw e;
    });
  let committed = false;
  try {
    await withLoadSessions(deps, async (a, b) => {
      const both = a === b ? [a] : [a, b];
      for (const s of both) await s.query('begin');
      try {
        for (const s of both) await s.query(`set local synchronous_commit = off`);
        // truncating (they are empty) in the load transaction is what allows COPY … FREEZE; not
        // possible once other modules' tables reference these — then rows are just not pre-frozen
        const referenced = await a.query(
          `select 1 from pg_constraint where contype = 'f' and confrelid = any($1::regclass[]) and not conrelid = any($1::regclass[])`,
          [['products', 'product_categories', 'offers', 'product_listing']],
        );
        if (referenced.length) freeze = '';
        else if (a === b) await a.query(`truncate products, product_categories, offers, product_listing restart identity`);
        else {
          await a.query(`truncate products restart identity`);
          await b.query(`truncate product_categories, offers, product_listing restart identity`);
        }
        // the listing rows come rendered with the products; the triggers would compute them again
        for (const t of LISTING_TRIGGERS) await a.query(`alter table products disable trigger ${t}`);
        await b.query(`delete from taggings where entity_type = 'product'`);
        for (const ix of ddl.indexes) await (ix.table === 'products' ? a : b).query(`drop index if exists ${ix.name}`);

        const src = source;
        // one chunk in the database while the next renders: products and the rest on two sessions
        let inflight: Promise<unknown> = Promise.resolve();
        for await (const chunk of src.chunks) {
          await inflight;
          inflight = (a === b ? copyProducts(a, chunk).then(() => copyRest(b, chunk)) : Promise.all([copyProducts(a, chunk), copyRest(b, chunk)])).then(() => src.stored());
          inflight.catch(() => {}); // awaited on the next turn or below
          hooks.onProgress('products', src.counts().generated);
        }
        await inflight;
        await a.query(`select setval(pg_get_serial_sequence('products', 'id'), greatest((select max(id) from products), 1))`);
        await b.query(`select setval(pg_get_serial_sequence('offers', 'id'), greatest((select max(id) from offers), 1))`);
        // products (a) first: the keys of b's tables reference it, and a holds it exclusively
        for (const t of LISTING_TRIGGERS) await a.query(`alter table products enable trigger ${t}`);
        const own = ddl.foreignKeys.filter((f) => a === b || f.table === 'products');
        for (const fk of own) await a.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def} not valid`);
        await a.query('commit');
        committed = true;
        if (b !== a) {
          for (const fk of ddl.foreignKeys.filter((f) => f.table !== 'products')) await b.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def} not valid`);
          await b.query('commit');
        }
      } catch (e) {
        for (const s of both) await s.query('rollback').catch(() => {});
        throw e;
      }
    });
  } catch (e) {
    await source.chunks.return(undefined).catch(() => {});
    await worker?.terminate();
    await deps.db.withSession(async (s) => {
      // products committed but not the rest (b failed at its very end): the catalog was empty
      if (committed) await s.query(`truncate products, product_categories, offers, product_listing`);
      await restoreForeignKeys(s, ddl.foreignKeys);
    }).catch((err) => deps.log.error({ err }, 'could not restore the catalog tables after a failed load'));
    await ensureBulkIndexes(deps).catch(() => {});
    throw e;
  }
  const { landed, offers, rejected } = source.counts();
  for (const p of source.problems()) deps.log.warn(p, 'generated product rejected by its matrix');
  const t1 = Date.now();

  // Index builds in three lanes: the listing keys GIN (the longest), the other tables' indexes and
  // keys, the remaining products indexes. Builds (SHARE) run side by side; the best-offer check's
  // UPDATE and the products' key validation would wait on them, so they follow, then statistics.
  hooks.onProgress('indexes', landed);
  const rebuild = ddl.indexes.map((ix) => ({ ...ix, ddl: ifNotExists(ix.ddl) }));
  const listingGin = rebuild.filter((ix) => ix.table === 'product_listing').map((ix) => ix.ddl);
  const others = rebuild.filter((ix) => ix.table !== 'products' && ix.table !== 'product_listing').map((ix) => ix.ddl);
  const productIndexes = rebuild.filter((ix) => ix.table === 'products').map((ix) => ix.ddl);
  const checkBestOffers = async () => {
    const changed = await hooks.recomputeBestOffers();
    if (changed) deps.log.warn({ changed }, 'best offers pre-filled by the loader disagreed with the offers rule; recomputed');
  };
  const validate = (own: boolean) =>
    ddl.foreignKeys.filter((fk) => (fk.table === 'products') === own).map((fk) => `alter table ${fk.table} validate constraint ${fk.name}`);
  const analyze = (tables: string[]) => tables.map((t) => `analyze ${t}`);
  const small = ['product_categories', 'offers', 'taggings', 'categories', 'category_attributes', 'attributes', 'attribute_options', 'brands', 'tags'];
  if (pg) {
    await inLanes(deps, [listingGin, [...others, ...validate(false), ...analyze(small)], productIndexes]);
    await inLanes(deps, [[checkBestOffers], validate(true)]);
    await inLanes(deps, [analyze(['products']), analyze(['product_listing'])]);
  } else {
    await inLanes(deps, [[checkBestOffers, ...rebuild.map((ix) => ix.ddl), ...validate(true), ...validate(false), ...analyze(['products', 'product_listing', ...small])]]);
  }
  await ensureBulkIndexes(deps);
  const t2 = Date.now();
  return { products: landed, offers, rejected, seconds: { copy: (t1 - t0) / 1000, indexes: (t2 - t1) / 1000 } };
}
