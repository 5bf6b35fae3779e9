// The `opensearch` SearchEngine (OPENSEARCH_URL). Tested on OpenSearch 2.19 with only the Maven Central
// modules (analysis-common, mapper-extras, reindex, mustache…): no ICU or phonetic analysis.
//
// Layout: two aliases per prefix, `<p>products` (one doc per published product) and `<p>suggest`
// (categories and brands for autocomplete). Each points at a concrete index `<p>products-<ms>`.
// reindex() and setVocabulary() build a new index, then swap the alias in one `_aliases` call and delete
// the old index, so searches never see a missing or half-built index. While a new index is being built
// it carries a second alias `<p>products-building`, and index()/remove() write to BOTH indices, so
// incremental changes made during a rebuild are not lost by the swap. A rebuild that died leaves that
// alias behind; reindex(…, { resume: true }) continues into the same index (the caller passes only the
// batches after its checkpoint), and without `resume` a leftover half-built index is dropped. After the
// swap the new index is force-merged into one segment in the background (see mergeInBackground).
//
// Vocabulary (synonyms, stop words) is applied at SEARCH time by analyzers defined in the index
// settings, and stored in the index `_meta`, so every process sees the same vocabulary. Analysis
// settings can only change on a CLOSED index, and a closed index answers nothing; so setVocabulary()
// instead copies the live index server-side (`_reindex`, no catalog reads) into a new index with the
// new analyzers and swaps the alias: no downtime, at the cost of a copy (about a minute per million
// documents — vocabulary changes are rare admin actions).
//
// Elasticsearch 7.10+/8 differences (same query DSL subset otherwise):
//  - client package: `@elastic/elasticsearch` (7.x/8.x) instead of `@opensearch-project/opensearch`;
//    transport.ts only uses `transport.request`, so swapping the client is the main change (the v8 ES
//    client resolves to the body itself, not `{ body }`). ES 8 answers
//    `hits.total` the same way; ES 8 rejects `_type` (never used here).
//  - `flat_object` (OpenSearch 2.7+) is `flattened` in ES (X-Pack basic, not in the OSS 7.10 build);
//    we use neither (see mapping.ts).
//  - vector search: OpenSearch `knn_vector` + k-NN plugin vs ES `dense_vector` + `knn` search option;
//    not used yet.
//  - hot-reloading synonyms: ES has `updateable: true` + `_reload_search_analyzers` (file based);
//    OpenSearch has `_plugins/_refresh_search_analyzers` only with a plugin. We copy + swap on both.
//  - `_forcemerge?wait_for_completion=false` (the background merge after a rebuild) is not in every ES 7.x
//    release; where it is refused, the merge is skipped (it is an optimisation only). `require_alias` on
//    bulk items is in ES 7.10+ and OpenSearch alike.
//  - `index.optimize_doc_id_lookup.fuzzy_set.enabled` (a Bloom filter over _ids, OpenSearch 2.12+) is
//    unknown to ES: createIndex() retries without it when a node refuses it.
//  - `auto_expand_replicas`, term suggester, scroll, `_reindex`, `_aliases`, post_filter,
//    `rank_feature` (mapper-extras, in the ES OSS/basic builds too), `eager_global_ordinals`,
//    `request_cache` (query parameter and _msearch header), keyword `range`/`prefix` queries (both
//    count as "expensive" and are refused only when `search.allow_expensive_queries` is false — the
//    numeric attribute filters need it true, the default on both) and the analysis-common filters
//    (stemmer russian/english, stop, synonym_graph, edge_ngram, mapping char filter) behave the same
//    on ES 7.10+/8.
import { Client } from '@opensearch-project/opensearch';
import { AppError } from '../../../../platform/errors.js';
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult, EngineSuggestion, Vocabulary } from '../../engine.js';
import { analysisSettings, LAYOUT, productMappings, suggestEntries, suggestMappings, toSource } from './mapping.js';
import { baseQuery, relaxations, cleanText, correctedText, didYouMeanBody, filterClause, parseResult, searchBody } from './query.js';
import { NamedSource } from './named-source.js';
import { mergeSuggestions, productSuggestBody } from './suggest.js';
import { ndjson, Transport, versioned } from './transport.js';

export { mapError } from './transport.js';

export interface OpenSearchEngineOptions {
  url: string;
  /** prefix of every index and alias name (lowercase); tests use their own */
  prefix?: string;
  shards?: number;
  /** replicas once built; the default `0-1` auto-expands to 1 replica when a second node joins */
  autoExpandReplicas?: string;
  refreshInterval?: string;
  /** documents per _bulk request (reindex and index()) */
  bulkSize?: number;
  /** _bulk requests a rebuild keeps in flight (3: both write threads of a 2-core node busy, one queued) */
  bulkInFlight?: number;
  /** timeout of searches and suggestions (5 s); writes and rebuild steps get at least 120 s */
  requestTimeoutMs?: number;
  /** how often a suggestion checks the categories and brands this process holds against the index
   *  (1 s), and the age at which it reloads them anyway (30 s: renames written by other processes) */
  namedCheckMs?: number;
  namedReloadMs?: number;
  /** an existing client (tests) */
  client?: Client;
}

type Kind = 'products' | 'suggest';
type Json = Record<string, any>;
const ID_FILTER_SETTING = 'index.optimize_doc_id_lookup.fuzzy_set.enabled';
const EMPTY_VOCAB: Vocabulary = { synonyms: [], stopWords: [] };

/** Compares vocabularies by content. Not by JSON.stringify of the objects: OpenSearch hands `_meta` back
 *  with its keys sorted ({stopWords, synonyms}), so the live index's vocabulary never string-matched the
 *  one given ({synonyms, stopWords}) and every new service started a full server-side copy of the index. */
export function sameVocabulary(a: Partial<Vocabulary> | null | undefined, b: Partial<Vocabulary> | null | undefined): boolean {
  const canon = (v: Partial<Vocabulary> | null | undefined) => JSON.stringify([v?.synonyms ?? [], v?.stopWords ?? []]);
  return canon(a) === canon(b);
}

export class OpenSearchEngine implements SearchEngine {
  readonly name = 'opensearch' as const;
  readonly prefix: string;
  private readonly client: Client;
  private readonly transport: Transport;
  private readonly opts: Required<Omit<OpenSearchEngineOptions, 'client' | 'prefix' | 'url'>>;
  /** vocabulary to create the first index with when setVocabulary() runs before init() */
  private pendingVocab: Vocabulary = EMPTY_VOCAB;
  /** the force-merge after the last rebuild (see mergeInBackground) */
  private merging: Promise<void> = Promise.resolve();
  /** init() found the live products index built by an older LAYOUT; a finished rebuild clears it */
  private oldLayout = false;
  /** the node takes index.optimize_doc_id_lookup.fuzzy_set (see indexBody) until it refuses it */
  private idLookupFilter = true;
  /** categories and brands for autocomplete, held in memory (named.ts) */
  private readonly named: NamedSource;

  constructor(options: OpenSearchEngineOptions) {
    this.prefix = options.prefix ?? 'vitrina_';
    if (!/^[a-z0-9_.-]*$/.test(this.prefix)) throw new Error(`OpenSearch index prefix must be lowercase: ${this.prefix}`);
    this.client =
      options.client ?? new Client({ node: options.url, requestTimeout: options.requestTimeoutMs ?? 5_000, maxRetries: 1 });
    this.opts = {
      shards: options.shards ?? 1,
      autoExpandReplicas: options.autoExpandReplicas ?? '0-1',
      refreshInterval: options.refreshInterval ?? '1s',
      // ~4 MB bodies: per-request overhead stays small, and a body still parses in well under a second
      bulkSize: options.bulkSize ?? 3_000,
      bulkInFlight: Math.max(1, options.bulkInFlight ?? 3),
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
      namedCheckMs: options.namedCheckMs ?? 1_000,
      namedReloadMs: options.namedReloadMs ?? 30_000,
    };
    this.transport = new Transport(this.client, this.opts.requestTimeoutMs);
    this.named = new NamedSource((...a) => this.req(...a), this.alias('suggest'), this.opts.namedCheckMs, this.opts.namedReloadMs);
  }

  alias(kind: Kind, building = false): string {
    return `${this.prefix}${kind}${building ? '-building' : ''}`;
  }

  // ---- transport -------------------------------------------------------------------------------

  private req(method: string, path: string, body?: unknown, querystring?: Record<string, unknown>, ignore?: number[]): Promise<any> {
    return this.transport.req(method, path, body, querystring, ignore);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async init(): Promise<void> {
    for (const kind of ['products', 'suggest'] as const) {
      const found = await this.aliasTargets(this.alias(kind));
      if (found.length && kind === 'products') await this.upgradeLayout(found);
      if (found.length) continue;
      // a fixed first name: two processes starting together create one index, not two under one alias
      const res = await this.createIndex(`${this.alias(kind)}-0`, () => this.indexBody(kind, this.pendingVocab, this.alias(kind), false));
      if (res?.error && res.error.type !== 'resource_already_exists_exception') throw new Error(`OpenSearch: ${res.error.reason}`);
    }
  }

  /** An index built by an older layout gets the fields the current documents carry (adding fields is
   *  the one mapping change an existing index accepts), so incremental writes keep working under
   *  `dynamic: strict`. Its older documents lack them until a rebuild: attribute filters and facets
   *  miss those documents until then, so outdated() asks the app to rebuild at start (search stays up
   *  on the old index meanwhile), and `vitrina search reindex` does the same by hand. */
  private async upgradeLayout(indices: string[]): Promise<void> {
    const res = await this.req('GET', `/${indices.join(',')}/_mapping`);
    const current = productMappings(EMPTY_VOCAB).properties as Record<string, unknown>;
    for (const index of indices) {
      const mappings = res[index]?.mappings ?? {};
      if ((mappings._meta?.layout ?? 1) >= LAYOUT) continue;
      this.oldLayout = true;
      const missing = Object.fromEntries(Object.entries(current).filter(([k]) => !(k in (mappings.properties ?? {}))));
      if (Object.keys(missing).length) await this.req('PUT', `/${index}/_mapping`, { properties: missing });
    }
  }

  /** PUT of a new index; answers the node's 400 (index exists, bad settings) for the caller to judge.
   *  A node that refuses the _id filter setting (see indexBody) is asked again without it, and this
   *  engine stops sending it. */
  private async createIndex(name: string, body: () => Json): Promise<any> {
    const res = await this.req('PUT', `/${name}`, body(), undefined, [400]);
    if (this.idLookupFilter && JSON.stringify(res?.error ?? '').includes(ID_FILTER_SETTING)) {
      this.idLookupFilter = false;
      return this.req('PUT', `/${name}`, body(), undefined, [400]);
    }
    return res;
  }

  private indexBody(kind: Kind, vocab: Vocabulary, alias: string, building: boolean): Json {
    return {
      settings: {
        number_of_shards: this.opts.shards,
        // A Bloom filter over each segment's _ids. Every document a rebuild sends carries its own _id
        // (the product id) and an external version, so the node looks that _id up in every segment
        // before writing it: without the filter, a terms-dictionary seek per segment for an id that is
        // not there. Node CPU for the first 200k products of the 1M catalog 45.3/49.9/51.1/50.8 s with
        // it against 53.7/54.6/55.1/54.4 s without (alternating runs of bench:search-reindex); the
        // incremental writes of a live index look their ids up the same way. OpenSearch 2.12+ only:
        // createIndex() drops it for a node that does not know it (Elasticsearch, older OpenSearch).
        ...(this.idLookupFilter ? { [ID_FILTER_SETTING]: true } : {}),
        // No index sort. Layouts up to 3 stored products most popular first, so that product autocomplete
        // could stop after `limit` hits per segment, and equally scored matches fell back to that order.
        // Sorting every flushed segment cost ~13% of the node's CPU in a 1M rebuild (OpenSearch CPU
        // 231.5/228.7 s with the sort, 215.6/201.9 s without; 5,604 → 6,285 docs/s in bench:search), while
        // autocomplete at concurrency 1 went from 1.3/1.8 to 1.4/2.1 ms (p50/p95): Lucene skips blocks
        // that cannot beat the top `limit` through the popularity points instead. Ties are now broken by a
        // popularity clause in the query (query.ts, POPULARITY_TIEBREAK). Older indices keep their sort.
        // during a bulk build: no replicas to copy to and no refreshes; restored by finish()
        ...(building
          ? { number_of_replicas: 0, auto_expand_replicas: false, refresh_interval: '-1', gc_deletes: '10m', 'translog.durability': 'async' }
          : { auto_expand_replicas: this.opts.autoExpandReplicas, refresh_interval: this.opts.refreshInterval }),
        analysis: analysisSettings(kind === 'products' ? vocab : EMPTY_VOCAB),
      },
      mappings: kind === 'products' ? productMappings(vocab) : suggestMappings(),
      aliases: { [alias]: {} },
    };
  }

  private async aliasTargets(...names: string[]): Promise<string[]> {
    const res = await this.req('GET', `/_alias/${names.join(',')}`, undefined, undefined, [404]);
    return Object.keys(res ?? {}).filter((k) => k !== 'error' && k !== 'status');
  }

  private async liveVocabulary(): Promise<{ index: string; vocab: Vocabulary } | null> {
    const res = await this.req('GET', `/${this.alias('products')}/_mapping`, undefined, undefined, [404]);
    const index = Object.keys(res ?? {}).find((k) => k !== 'error' && k !== 'status');
    if (!index) return null;
    return { index, vocab: res[index].mappings?._meta?.vocabulary ?? EMPTY_VOCAB };
  }

  outdated(): boolean {
    return this.oldLayout;
  }

  async refresh(): Promise<void> {
    await this.req('POST', `/${this.alias('products')},${this.alias('suggest')}/_refresh`);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Deletes every index of this prefix (tests). */
  async drop(): Promise<void> {
    const res = await this.req('GET', `/_cat/indices/${this.prefix}*`, undefined, { format: 'json', h: 'index' }, [404]);
    const names = Array.isArray(res) ? res.map((r: any) => r.index as string).filter((n) => n.startsWith(this.prefix)) : [];
    if (names.length) await this.req('DELETE', `/${names.join(',')}`, undefined, undefined, [404]);
    this.named.reset();
  }

  // ---- search ----------------------------------------------------------------------------------

  async search(query: SearchQuery): Promise<SearchResult> {
    const q = cleanText(query.q);
    // request cache: a repeated query (same body) on an unchanged index answers from the shard cache;
    // a refresh that changed anything invalidates it, so it never serves stale hits or counts
    const run = async (fuzzy: boolean, relax?: string) =>
      parseResult(query, await this.req('POST', `/${this.alias('products')}/_search`, searchBody(query, fuzzy, relax), { request_cache: true }));
    let result = await run(false);
    // nothing with the words as typed: again with typo tolerance (see textQuery)
    if (result.total === 0 && q) result = await run(true);
    // still nothing: the products with most of the words rather than none
    for (const relax of result.total === 0 && q ? relaxations(q) : []) {
      result = await run(false, relax);
      if (result.total > 0) break;
    }
    let did_you_mean: string | null = null;
    if (result.total === 0 && q) did_you_mean = await this.didYouMean(q, query);
    return { ...result, did_you_mean };
  }

  private async didYouMean(q: string, query: SearchQuery): Promise<string | null> {
    const res = await this.req('POST', `/${this.alias('products')}/_search`, didYouMeanBody(q));
    const corrected = correctedText(q, res.suggest);
    if (!corrected) return null;
    // offered only when the corrected words, with the same category and filters, find something
    const base = baseQuery(corrected, query.category_id, true, undefined, false) as { bool: { filter: unknown[] } };
    base.bool.filter.push(...query.filters.map(filterClause));
    const count = await this.req('POST', `/${this.alias('products')}/_count`, { query: base });
    return count.count > 0 ? corrected : null;
  }

  async suggest(prefix: string, limit: number): Promise<EngineSuggestion[]> {
    const p = cleanText(prefix).slice(0, 50).trim();
    if (!p || limit <= 0) return [];
    const products = (fuzzy: boolean) => this.req('POST', `/${this.alias('products')}/_search`, productSuggestBody(p, limit, fuzzy), { request_cache: true });
    let [named, res] = await Promise.all([this.named.get(), products(false)]);
    // nothing with the prefix as typed: once more with one typo allowed
    if (p.length >= 5 && !res?.hits?.hits?.length) res = await products(true);
    return mergeSuggestions(named.suggest(p, limit), res, limit);
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** The live alias and, during a rebuild, the `-building` one (see the header comment). Writes go to
   *  ALIASES with `require_alias`, never to concrete index names: a name looked up here could be swapped
   *  out and deleted by a rebuild (another process's, too) before the write lands, and a bulk write to a
   *  deleted concrete name either failed with a 404 that bulk() ignored or auto-created a stray index —
   *  an incremental change lost silently. Through the alias it lands in whatever index is live by then. */
  private async writeTargets(): Promise<Record<Kind, string[]>> {
    const res = await this.req(
      'GET',
      `/_alias/${[this.alias('products'), this.alias('products', true), this.alias('suggest'), this.alias('suggest', true)].join(',')}`,
      undefined,
      undefined,
      [404],
    );
    const present = new Set<string>();
    for (const v of Object.values<any>(res ?? {})) for (const a of Object.keys(v?.aliases ?? {})) present.add(a);
    const out: Record<Kind, string[]> = { products: [], suggest: [] };
    for (const kind of ['products', 'suggest'] as const) {
      for (const a of [this.alias(kind), this.alias(kind, true)]) if (present.has(a)) out[kind].push(a);
    }
    if (!out.products.includes(this.alias('products'))) {
      throw new AppError('SEARCH_UNAVAILABLE', 'The search index does not exist yet; run `vitrina search reindex`.');
    }
    return out;
  }

  async index(docs: SearchDocument[]): Promise<void> {
    if (!docs.length) return;
    if (docs.length > this.opts.bulkSize) {
      for (let i = 0; i < docs.length; i += this.opts.bulkSize) await this.index(docs.slice(i, i + this.opts.bulkSize));
      return;
    }
    const targets = await this.writeTargets();
    const now = Date.now();
    const lines: string[] = [];
    for (const d of docs) {
      const src = JSON.stringify(toSource(d));
      for (const t of targets.products) {
        lines.push(JSON.stringify({ index: { _index: t, _id: String(d.product_id), require_alias: true, ...versioned(now) } }), src);
      }
    }
    const entries = suggestEntries(docs);
    for (const [id, e] of entries) {
      const src = JSON.stringify(e);
      for (const t of targets.suggest) lines.push(JSON.stringify({ index: { _index: t, _id: id, require_alias: true } }), src);
    }
    await this.bulk(lines);
    if (targets.suggest.includes(this.alias('suggest'))) this.named.add(entries);
  }

  async remove(productIds: number[]): Promise<void> {
    if (!productIds.length) return;
    const targets = await this.writeTargets();
    const lines: string[] = [];
    const now = Date.now();
    for (const id of productIds) {
      for (const t of targets.products) lines.push(JSON.stringify({ delete: { _index: t, _id: String(id), ...versioned(now) } }));
    }
    await this.bulk(lines);
  }

  private bulk(lines: string[]): Promise<void> {
    return this.transport.bulk(lines);
  }

  // ---- rebuilds --------------------------------------------------------------------------------

  async reindex(
    batches: AsyncIterable<SearchDocument[]>,
    total: number,
    onProgress?: (done: number) => void,
    opts: { resume?: boolean } = {},
  ): Promise<void> {
    const live = await this.liveVocabulary();
    const vocab = live?.vocab ?? this.pendingVocab;
    const resume = opts.resume === true;
    const existing = resume ? await this.aliasTargets(this.alias('products', true)) : [];
    const products = await this.startBuild('products', vocab, resume);
    const suggest = await this.startBuild('suggest', EMPTY_VOCAB, resume);
    if (resume && live && (existing.length !== 1 || existing[0] !== products)) {
      // asked to continue, but the half-built index is gone (or was for another vocabulary): the
      // batches before the caller's checkpoint are only in the live index, so copy it first
      await this.copyInto(live.index, products);
      const liveSuggest = await this.aliasTargets(this.alias('suggest'));
      if (liveSuggest.length === 1) await this.copyInto(liveSuggest[0]!, suggest);
    }
    let done = 0;
    let failure: unknown;
    // up to `bulkInFlight` bulk requests at once (the node's write threads parse and index one each
    // while the next body is built here); they are settled in order, so `done` only counts documents
    // whose earlier batches are all written too — a caller can turn it into a resume checkpoint
    const pending: { p: Promise<void>; n: number }[] = [];
    const sentEntries = new Set<string>();
    // Each batch is encoded into its bulk lines (UTF-8) as soon as it is read, and only those bytes wait
    // for the rest of a bulk request: documents held as objects until a request was full lived through
    // young-generation collections — every scavenge copied ~8 of its 16 MB, ~22 s of a 1M rebuild's
    // ~70 s of CPU in this process (--trace-gc).
    const encode = (docs: SearchDocument[], readAt: number): Buffer => {
      const lines: string[] = [];
      const meta = JSON.stringify({ index: { _index: products, ...versioned(readAt) } }).slice(10, -2);
      for (const d of docs) lines.push(`{"index":{"_id":"${d.product_id}",${meta}}}`, JSON.stringify(toSource(d)));
      // category and brand entries go with their products, so a resumed rebuild still has them
      // (only documents that bring a category or brand not sent yet: building the completion inputs of
      // every product's whole category trail again was ~10 µs of this process's CPU per document)
      const fresh = docs.filter(
        (d) => !sentEntries.has(`category:${d.primary_category_id}`) || (d.brand_slug && !sentEntries.has(`brand:${d.brand_slug}`)),
      );
      for (const [id, e] of suggestEntries(fresh, sentEntries)) {
        sentEntries.add(id);
        lines.push(JSON.stringify({ index: { _index: suggest, _id: id } }), JSON.stringify(e));
      }
      return ndjson(lines);
    };
    let chunks: Buffer[] = [];
    let chunkDocs = 0;
    const send = () => {
      const p = this.transport.bulkBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      p.catch(() => {}); // awaited in order by settle()
      pending.push({ p, n: chunkDocs });
      chunks = [];
      chunkDocs = 0;
    };
    const settle = async () => {
      const head = pending.shift()!;
      try {
        await head.p;
        if (failure === undefined) onProgress?.((done += head.n));
      } catch (e) {
        failure ??= e;
      }
    };
    const source = batches[Symbol.asyncIterator]();
    try {
      // read-ahead: the next batch is read from the catalog while this one is sent and indexed, so
      // the database read, the JSON building here and the node's indexing overlap
      // a batch's version is taken before it is asked for: its rows are at least that old, so a change
      // indexed meanwhile (a later version) is never overwritten by it
      let readAt = Date.now();
      let next = source.next();
      for (;;) {
        const r = await next;
        const at = readAt;
        if (r.done) break;
        readAt = Date.now();
        next = source.next();
        next.catch(() => {}); // awaited on the next turn, or dropped when a bulk failed
        if (!r.value.length) continue;
        chunks.push(encode(r.value, at));
        chunkDocs += r.value.length;
        if (chunkDocs >= this.opts.bulkSize) {
          send();
          while (pending.length >= this.opts.bulkInFlight) await settle();
          if (failure !== undefined) break;
        }
      }
    } catch (e) {
      failure = e;
    }
    // what was read is written even when the source failed, so the caller's checkpoint holds
    if (chunkDocs) send();
    while (pending.length) await settle();
    if (failure !== undefined) throw failure;
    await this.finishBuild({ products, suggest });
  }

  async setVocabulary(v: Vocabulary): Promise<void> {
    const vocab: Vocabulary = { synonyms: v.synonyms.map((g) => [...g]), stopWords: [...v.stopWords] };
    this.pendingVocab = vocab;
    const live = await this.liveVocabulary();
    if (!live) return; // init() will create the index with it
    if (sameVocabulary(live.vocab, vocab)) return;
    const products = await this.startBuild('products', vocab, false);
    try {
      await this.copyInto(live.index, products);
    } catch (e) {
      // a failed or cancelled copy is dropped: incremental writes would otherwise keep going to it too
      await this.req('DELETE', `/${products}`, undefined, undefined, [404]).catch(() => {});
      throw e;
    }
    await this.finishBuild({ products });
  }

  /** Server-side copy (no catalog reads). External versions are copied, so a write that reached the
   *  new index during the copy wins over the older copy. */
  private async copyInto(source: string, dest: string): Promise<void> {
    const task = await this.req(
      'POST',
      '/_reindex',
      { source: { index: source, size: 2_000 }, dest: { index: dest, version_type: 'external' }, conflicts: 'proceed' },
      { wait_for_completion: false, refresh: false },
    );
    await this.waitForTask(task.task);
  }

  /** Creates (or, after a crash, reuses) the index being built, with the `-building` alias. */
  private async startBuild(kind: Kind, vocab: Vocabulary, resume: boolean): Promise<string> {
    const building = this.alias(kind, true);
    const existing = await this.aliasTargets(building);
    if (resume && existing.length === 1) {
      const m = await this.req('GET', `/${existing[0]}/_mapping`);
      const meta = m[existing[0]!]?.mappings?._meta?.vocabulary ?? EMPTY_VOCAB;
      if (kind === 'suggest' || sameVocabulary(meta, vocab)) return existing[0]!;
    }
    if (existing.length) await this.req('DELETE', `/${existing.join(',')}`, undefined, undefined, [404]);
    const name = `${this.alias(kind)}-${Date.now()}`;
    const res = await this.createIndex(name, () => this.indexBody(kind, vocab, building, true));
    if (res?.error) throw new Error(`OpenSearch 400: ${res.error.type}: ${res.error.reason}`);
    return name;
  }

  private async waitForTask(taskId: string, what = '_reindex'): Promise<void> {
    for (;;) {
      const t = await this.req('GET', `/_tasks/${taskId}`);
      if (t.completed && what !== '_reindex') {
        if (t.error) throw new Error(`OpenSearch ${what} failed: ${JSON.stringify(t.error)}`);
        return;
      }
      if (t.completed) {
        const failures = t.response?.failures ?? [];
        if (t.error || failures.length) throw new Error(`OpenSearch _reindex failed: ${JSON.stringify(t.error ?? failures[0])}`);
        // a cancelled copy also "completes": swapping it in would replace the live index by a partial one
        if (t.response?.canceled) throw new Error(`OpenSearch _reindex was cancelled: ${t.response.canceled}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Restores replicas and refresh, then swaps the aliases in one atomic call and drops the old indices. */
  private async finishBuild(built: Partial<Record<Kind, string>>): Promise<void> {
    const actions: Json[] = [];
    const old: string[] = [];
    for (const [kind, index] of Object.entries(built) as [Kind, string][]) {
      await this.req('PUT', `/${index}/_settings`, {
        index: {
          auto_expand_replicas: this.opts.autoExpandReplicas,
          refresh_interval: this.opts.refreshInterval,
          gc_deletes: null,
          'translog.durability': 'request',
        },
      });
      await this.req('POST', `/${index}/_refresh`);
      await this.req('GET', `/_cluster/health/${index}`, undefined, { wait_for_status: 'yellow', timeout: '60s' });
      const previous = (await this.aliasTargets(this.alias(kind))).filter((i) => i !== index);
      old.push(...previous);
      for (const p of previous) actions.push({ remove: { index: p, alias: this.alias(kind) } });
      actions.push({ add: { index, alias: this.alias(kind) } }, { remove: { index, alias: this.alias(kind, true) } });
    }
    await this.req('POST', '/_aliases', { actions });
    if (built.suggest) this.named.reset();
    if (built.products) this.oldLayout = false;
    if (old.length) await this.req('DELETE', `/${old.join(',')}`, undefined, undefined, [404]);
    if (built.products) this.merging = this.mergeInBackground(built.products);
  }

  /** A bulk build leaves a dozen segments of uneven size behind (1M documents: ~12, merged further
   *  over the next minutes). Merged into one, every query pays the per-segment costs once and facets
   *  read segment ordinals directly instead of mapping them to global ones. Started after the swap so
   *  the rebuild is not longer for it — search is served meanwhile, a bit slower while the merge runs;
   *  at ~0.7 GB per 1M products the segment stays far below the 5 GB at which merges stop taking it. */
  private async mergeInBackground(index: string): Promise<void> {
    try {
      const task = await this.req('POST', `/${index}/_forcemerge`, undefined, { max_num_segments: 1, wait_for_completion: false });
      await this.waitForTask(task.task, '_forcemerge');
    } catch {
      // an optimisation only: the index is complete and live either way (and may be gone by now)
    }
  }

  /** Resolves when the merge started by the last rebuild has finished (benchmarks measure after it). */
  async merged(): Promise<void> {
    await this.merging;
  }
}

export function createOpenSearchEngine(options: OpenSearchEngineOptions): OpenSearchEngine {
  return new OpenSearchEngine(options);
}
