// Search rules: the engine chosen by config, requests typed by the category's effective matrix,
// facets labelled for the storefront, the admin vocabulary, full rebuilds and incremental updates.
import { sql } from 'kysely';
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { AttributeDefinition, AttributesService, EffectiveMatrix } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import { createDocumentSource, type DocumentSource } from './documents.js';
import type { FacetResult, Filter, SearchEngine, Suggestion, Vocabulary } from './engine.js';
import { createPostgresEngine } from './engines/postgres/index.js';
import { openPostgres } from '../../platform/db/postgres.js';
import { createIndexer, type Indexer } from './indexer.js';
import * as repo from './repository.js';
import { checkQueryText, facetsOf, filterParams, parseSort, toFilter } from './request.js';
import { cleanVocabulary, DEFAULT_VOCABULARY } from './vocabulary.js';

export interface SearchModuleDeps {
  categories: CategoriesService;
  attributes: AttributesService;
  /** an engine built elsewhere (tests, benchmarks); otherwise config.searchEngine picks one */
  engine?: SearchEngine;
}

export interface SearchRequest {
  q?: string;
  /** category id, slug or path */
  category?: string;
  sort?: string;
  page: number;
  per_page: number;
  /** comma-separated facet codes; default: brand, price, in_stock and the matrix's filterable attributes */
  facets?: string;
  /** the whole query string (filter[code]=… entries are read from it) */
  query: Record<string, unknown>;
}

export type SearchItem = repo.CardRow & { score: number };

export interface FacetView {
  code: string;
  kind: FacetResult['kind'];
  name: string;
  unit: string | null;
  values?: { value: string; label: string; count: number }[];
  min?: number | null;
  max?: number | null;
}

export interface SearchResponse {
  items: SearchItem[];
  total: number;
  /** false when the engine answered a broad query from a bounded candidate set */
  exhaustive?: boolean;
  page: number;
  per_page: number;
  facets: FacetView[];
  took_ms: number;
  did_you_mean: string | null;
  engine: string;
}

export interface ReindexOptions {
  /** continue after the last checkpoint of an interrupted run */
  resume?: boolean;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SearchService {
  engine(): Promise<SearchEngine>;
  search(req: SearchRequest): Promise<SearchResponse>;
  suggest(q: string, limit: number): Promise<Suggestion[]>;
  vocabulary(): Promise<Vocabulary>;
  setVocabulary(v: Vocabulary): Promise<Vocabulary>;
  reindex(opts?: ReindexOptions): Promise<{ indexed: number; resumed_after: number; seconds: number }>;
  /**
   * Builds the index when it is empty but the catalog is not (first start); true when it did. While
   * another process is rebuilding (its checkpoint moved within the last minute) it waits for that build
   * instead of starting a second one, and resumes it if the checkpoint stops moving. An index the engine
   * calls outdated (an older layout) is rebuilt in the background instead, without waiting: false.
   */
  indexIfEmpty(opts?: ReindexOptions & { waitPollMs?: number }): Promise<boolean>;
  /** re-reads these products into the index now (what the event handlers call, batched) */
  sync(productIds: number[]): Promise<void>;
  /** resolves when incremental work queued so far is in the index (tests) */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const VOCABULARY_KEY = 'vocabulary';
/** application_name of the search statements' own pool on server PostgreSQL */
export const SEARCH_POOL_NAME = 'vitrina-search';
const CHECKPOINT_KEY = 'reindex.checkpoint';
const WATERMARK_KEY = 'reindex.watermark';
/** A rebuild writes its checkpoint after every batch: one younger than this belongs to a live build. */
const LIVE_BUILD_MS = 60_000;

async function configuredEngine(deps: PlatformDeps): Promise<SearchEngine> {
  if (deps.config.searchEngine === 'opensearch') {
    // loaded on demand: the embedded default never pays for the OpenSearch client
    const { createOpenSearchEngine } = await import('./engines/opensearch/index.js');
    return createOpenSearchEngine({ url: deps.config.opensearchUrl! });
  }
  if (deps.config.database.kind !== 'postgres') return createPostgresEngine(deps.db);
  // Search statements get a small pool of their own (SEARCH_POOL_NAME in pg_stat_activity), about the server's cores: eight backends
  // time-slicing 2 cores answered slower than three working through a queue. Measured at 1M with 8
  // clients (bench:search, alternating runs): pool 3 gave in-category p95 96–114 ms, catalog-wide
  // 48–51, suggest 9.9–10.3; pool 12 gave 136–177, 74–93 and 15.3–23.6.
  const pool = openPostgres(deps.config.database.url, deps.config.database.searchPoolSize, SEARCH_POOL_NAME);
  const engine = createPostgresEngine(pool);
  return Object.assign(engine, {
    async close() {
      await pool.close();
    },
  });
}

/** Failures of the engine itself (not of the request) are a 503 the client may retry. */
function unavailable(deps: PlatformDeps, err: unknown): never {
  if (err instanceof AppError) throw err;
  deps.log.error({ err }, 'search engine failed');
  throw new AppError('SEARCH_UNAVAILABLE', 'The search engine is not available; retry shortly.');
}

export function createSearchService(deps: PlatformDeps, refs: SearchModuleDeps): SearchService {
  const db = deps.db.kysely;
  const source: DocumentSource = createDocumentSource(db);
  let ready: Promise<SearchEngine> | null = null;

  function engine(): Promise<SearchEngine> {
    ready ??= (async () => {
      const e = refs.engine ?? (await configuredEngine(deps));
      // vocabulary first: an engine creating its index in init() builds it with these analyzers
      const stored = await repo.getState<Vocabulary>(db, VOCABULARY_KEY);
      await e.setVocabulary(stored ?? DEFAULT_VOCABULARY);
      await e.init();
      return e;
    })();
    ready.catch(() => (ready = null));
    return ready;
  }

  let rebuilding: Promise<unknown> | null = null;
  const indexer: Indexer = createIndexer(deps, source, engine, async (eventId) => {
    // one rebuild at a time; an import the last rebuild already read (outbox id below its watermark) is skipped
    while (rebuilding) await rebuilding.catch(() => {});
    const mark = await repo.getState<{ outbox_id: number }>(db, WATERMARK_KEY);
    if (mark && mark.outbox_id >= eventId) return;
    await service.reindex();
  });

  async function resolveCategory(ref: string | undefined): Promise<{ id: number; matrix: EffectiveMatrix } | null> {
    if (ref === undefined || ref === '') return null;
    let id: number;
    try {
      id = (await refs.categories.resolve(ref)).id;
    } catch (e) {
      if (e instanceof AppError && e.code === 'CATALOG_CATEGORY_NOT_FOUND') {
        throw new AppError('SEARCH_QUERY_INVALID', `unknown category "${ref}"`, 'category');
      }
      throw e;
    }
    return { id, matrix: await refs.attributes.effectiveMatrix(id) };
  }

  async function attributeFor(code: string, matrix: EffectiveMatrix | null): Promise<AttributeDefinition | null> {
    if (['brand', 'price', 'in_stock'].includes(code)) return null;
    const entry = matrix?.entries.find((e) => e.attribute.code === code);
    if (entry) return entry.attribute;
    if (matrix) throw new AppError('SEARCH_QUERY_INVALID', `"${code}" is not an attribute of this category`, `filter[${code}]`);
    try {
      return await refs.attributes.getByCode(code);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CATALOG_ATTRIBUTE_NOT_FOUND') {
        throw new AppError('SEARCH_QUERY_INVALID', `unknown filter "${code}"`, `filter[${code}]`);
      }
      throw e;
    }
  }

  function label(f: FacetResult, matrix: EffectiveMatrix | null): FacetView {
    const attr = matrix?.entries.find((e) => e.attribute.code === f.code)?.attribute;
    const name = attr?.name ?? (f.code === 'brand' ? 'Бренд' : f.code === 'price' ? 'Цена' : f.code === 'in_stock' ? 'В наличии' : f.code);
    const optionLabel = (v: string) =>
      attr?.options.find((o) => o.code === v)?.value ?? (f.kind === 'boolean' ? (v === 'true' ? 'да' : 'нет') : v);
    return {
      code: f.code,
      kind: f.kind,
      ...(f.kind === 'range' ? { min: f.min ?? null, max: f.max ?? null } : {}),
      name,
      unit: attr?.unit ?? (f.code === 'price' ? 'коп.' : null),
      ...(f.values ? { values: f.values.map((v) => ({ value: v.value, label: optionLabel(v.value), count: v.count })) } : {}),
    };
  }

  async function reindex({ resume = false, batchSize = 1000, onProgress }: ReindexOptions) {
    const started = Date.now();
    // events up to here are covered by this rebuild's reads
    const mark = await sql<{ id: number | null }>`select max(id)::bigint as id from outbox`.execute(db);
    const e = await engine();
    const checkpoint = resume ? await repo.getState<{ last_id: number; engine: string }>(db, CHECKPOINT_KEY) : null;
    const after = checkpoint && checkpoint.engine === e.name ? checkpoint.last_id : 0;
    const total = await source.countPublished(after);
    source.invalidate();
    // The checkpoint follows what the engine reports WRITTEN (onProgress counts documents in read
    // order), not what it has read: OpenSearch reads ahead and keeps several bulk requests in flight,
    // so a checkpoint taken when a batch was handed over skipped those batches after a crash.
    let indexed = 0;
    const read: { upTo: number; lastId: number }[] = [];
    let saving: Promise<unknown> = Promise.resolve();
    async function* batches() {
      for await (const b of source.batches({ afterId: after, batchSize })) {
        indexed += b.docs.length;
        read.push({ upTo: indexed, lastId: b.lastId });
        yield b.docs;
      }
    }
    const written = (done: number) => {
      let lastId: number | undefined;
      while (read.length && read[0]!.upTo <= done) lastId = read.shift()!.lastId;
      if (lastId !== undefined) {
        const state = { last_id: lastId, engine: e.name };
        saving = saving.then(() => repo.setState(db, CHECKPOINT_KEY, state));
        saving.catch(() => {}); // awaited below
      }
      onProgress?.(Math.min(done, total), total);
    };
    try {
      await e.reindex(batches(), total, written, { resume: after > 0 });
    } catch (err) {
      await saving.catch(() => {}); // the checkpoints already written stand; the rebuild's error is the news
      throw err;
    }
    await saving;
    await e.refresh();
    await repo.deleteState(db, CHECKPOINT_KEY);
    await repo.setState(db, WATERMARK_KEY, { outbox_id: Number(mark.rows[0]?.id ?? 0) });
    return { indexed, resumed_after: after, seconds: (Date.now() - started) / 1000 };
  }

  const service: SearchService = {
    engine,

    async search(req) {
      const started = performance.now();
      const q = checkQueryText(req.q ?? '');
      const sort = parseSort(req.sort);
      const category = await resolveCategory(req.category);
      const matrix = category?.matrix ?? null;
      const filters: Filter[] = [];
      for (const [code, value] of filterParams(req.query)) filters.push(toFilter(code, value, await attributeFor(code, matrix)));
      const only = req.facets?.split(',').map((s) => s.trim()).filter(Boolean);
      const facets = facetsOf(matrix, only);
      const e = await engine().catch((err) => unavailable(deps, err));
      const result = await e
        .search({ q, ...(category ? { category_id: category.id } : {}), filters, facets, sort, page: req.page, per_page: req.per_page })
        .catch((err) => unavailable(deps, err));
      const rows = await repo.cards(deps.db, result.hits.map((h) => h.product_id));
      const items: SearchItem[] = result.hits.flatMap((h) => {
        const row = rows.get(h.product_id);
        return row ? [{ ...row, score: h.score }] : [];
      });
      return {
        items,
        total: result.total,
        ...(result.exhaustive === false ? { exhaustive: false } : {}),
        page: req.page,
        per_page: req.per_page,
        facets: result.facets.map((f) => label(f, matrix)),
        took_ms: Math.round((performance.now() - started) * 10) / 10,
        did_you_mean: result.did_you_mean,
        engine: e.name,
      };
    },

    async suggest(q, limit) {
      checkQueryText(q);
      const e = await engine().catch((err) => unavailable(deps, err));
      const found = await e.suggest(q, limit).catch((err) => unavailable(deps, err));
      const unnamed = found.flatMap((s) => (s.text === undefined ? [s.id] : []));
      const names = await repo.productNames(deps.db, unnamed);
      // a product unpublished since it was indexed has no name here, and is left out
      return found.flatMap((s): Suggestion[] => {
        if (s.text !== undefined) return [s];
        const n = names.get(s.id);
        return n ? [{ kind: 'product', id: s.id, text: n.text, slug: n.slug }] : [];
      });
    },

    async vocabulary() {
      return (await repo.getState<Vocabulary>(db, VOCABULARY_KEY)) ?? DEFAULT_VOCABULARY;
    },

    async setVocabulary(v) {
      const clean = cleanVocabulary(v);
      const e = await engine().catch((err) => unavailable(deps, err));
      await e.setVocabulary(clean).catch((err) => unavailable(deps, err));
      await repo.setState(db, VOCABULARY_KEY, clean);
      return clean;
    },

    reindex(opts = {}) {
      const run = reindex(opts);
      rebuilding = run;
      void run.catch(() => {}).finally(() => {
        if (rebuilding === run) rebuilding = null;
      });
      return run;
    },
    async indexIfEmpty({ waitPollMs = 5_000, ...opts } = {}) {
      const e = await engine();
      const isEmpty = async () => (await e.search({ q: '', filters: [], facets: [], sort: 'relevance', page: 1, per_page: 1 })).total === 0;
      if (e.outdated?.()) {
        // an index of an older layout: rebuilt in the background while search keeps answering from it
        // (unless another process is rebuilding already); the caller does not wait for it
        const checkpoint = await repo.stateAge(db, CHECKPOINT_KEY);
        if (checkpoint && checkpoint.ageMs < LIVE_BUILD_MS) return false;
        deps.log.warn({ engine: e.name }, 'search index was built by an older layout: rebuilding it in the background');
        service.reindex({ batchSize: opts.batchSize }).then(
          (r) => deps.log.info({ indexed: r.indexed, seconds: r.seconds }, 'search index rebuilt in the current layout'),
          (err) => deps.log.error({ err }, 'search: rebuilding an index of an older layout failed; run `vitrina search reindex`'),
        );
        return false;
      }
      if (!(await isEmpty())) return false;
      if ((await source.countPublished()) === 0) return false;
      // another process (a CLI reindex, a second web node) may be building right now: wait for it
      for (let told = false; ; ) {
        const checkpoint = await repo.stateAge(db, CHECKPOINT_KEY);
        if (!checkpoint || checkpoint.ageMs >= LIVE_BUILD_MS) {
          await service.reindex({ ...opts, resume: checkpoint !== null });
          return true;
        }
        if (!told) deps.log.info({ checkpoint_age_ms: checkpoint.ageMs }, 'search index empty while another process rebuilds it: waiting for that build');
        told = true;
        await new Promise((r) => setTimeout(r, waitPollMs));
        if (!(await isEmpty())) return false;
      }
    },

    sync: (ids) => indexer.sync(ids),
    settled: () => indexer.settled(),

    async close() {
      indexer.stop();
      await indexer.settled().catch(() => {});
      if (ready) await (await ready.catch(() => null))?.close();
    },
  };
  return service;
}
