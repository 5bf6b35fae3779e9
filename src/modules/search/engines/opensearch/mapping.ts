// Index settings and mappings of the OpenSearch engine, and the SearchDocument → _source mapping.
//
// WHY attributes are NOT one mapped field per attribute: the catalog has ~9,000 categories whose
// matrices use thousands of different attribute codes. A field per code would pass OpenSearch's
// `index.mapping.total_fields.limit` (1,000 by default), bloat the cluster state that every node holds
// and make each new attribute a mapping change. Instead every attribute lands in a FIXED set of fields:
//   - `attr_terms_<b>`: keyword arrays of "code=value" pairs (enum/multi-enum option codes, text values,
//     booleans as "code=true|false"). Terms filters are plain `terms` queries and facets are one
//     `terms` aggregation with `include: "code=.*"` — the fastest layout for filters and counts.
//   - `attr_lo_<b>` / `attr_hi_<b>`: keyword arrays of "code=<sortable hex of the number>": a number in
//     attr_lo only, an interval ({min,max}, range attributes) as its ends in both. The hex keeps numeric
//     order as byte order, so a numeric range on one code is a keyword `range` query between
//     "code=<hex min>" and "code=~", and a range facet's min/max is a `terms` aggregation ordered by key
//     with size 1. A code occurs at most once per product, so "some attr_hi of this code ≥ min" and
//     "some attr_lo of it ≤ max" are exact.
//     (Layout 1 used `nested` {code, lo, hi} objects: the generated catalog has ~8.5 numeric values
//     per product, so every product became ~9.5 Lucene documents — the largest single indexing cost.)
//   - `<b>` is one of ATTR_BUCKETS buckets chosen by a hash of the code (attrField). Layout 2 had one
//     field of each kind: a facet then read every "code=value" of every matching product (~21 per
//     product) to count the few of its own code, ~2 of the ~3.5 ms an in-category query took at 1M
//     (measured by replaying the benchmark's queries with and without the attribute facet). In a bucket
//     a product has ~2.5 values, so a facet reads about an eighth as many.
// The mapping therefore holds ~45 fields whatever the number of attributes, and `dynamic: strict`
// rejects anything else. (`flat_object` — OpenSearch 2.7+ — was rejected: its leaves are keywords
// compared as plain strings, and Elasticsearch spells it `flattened`, an X-Pack type.)
import type { SearchDocument, Vocabulary } from '../../engine.js';

/** Analysis chains. Only analysis-common is on the node (no ICU/phonetic plugins — they are not on Maven
 *  Central), so Russian/English morphology is the snowball `russian` stemmer + porter2 `english` stemmer
 *  in ONE chain: each stemmer leaves the other script's words alone. ё is folded to е by a char filter
 *  (what ICU folding would otherwise do). Synonyms and admin stop words apply at SEARCH time only. */
export const PREFIX_MAX = 6;

export function analysisSettings(v: Vocabulary) {
  const synonyms = v.synonyms
    .map((g) => g.map((w) => w.replace(/[,=>\\]/g, ' ').trim()).filter(Boolean))
    .filter((g) => g.length > 1)
    .map((g) => g.join(', '));
  const stop = v.stopWords.map((w) => w.trim().toLowerCase()).filter(Boolean);
  const stem = ['ru_stop', 'en_stop', 'model_numbers', 'ru_stem', 'en_stem'];
  return {
    char_filter: { yo: { type: 'mapping', mappings: ['ё=>е', 'Ё=>Е'] } },
    filter: {
      ru_stop: { type: 'stop', stopwords: '_russian_' },
      en_stop: { type: 'stop', stopwords: '_english_' },
      // words with a digit are model numbers and codes, not inflected words: the english stemmer cut
      // "14s" to "14", so "iphone 14" found every "iPhone 14s" (the postgres engine keeps them apart:
      // its parser hands such words to the simple dictionary)
      // (possessive: a word without a digit is rejected in one pass, with no backtracking)
      model_numbers: { type: 'keyword_marker', keywords_pattern: '[^0-9]*+[0-9].*' },
      ru_stem: { type: 'stemmer', language: 'russian' },
      en_stem: { type: 'stemmer', language: 'english' },
      vocab_stop: { type: 'stop', stopwords: stop.length ? stop : '_none_' },
      // after the stemmers, so "телефоны" (stem телефон) hits the rule "телефон, смартфон"; the rules
      // themselves are analyzed by the chain before this filter. lenient: a rule made only of stop words
      // is skipped instead of failing the index.
      vocab_syn: { type: 'synonym_graph', synonyms: synonyms.length ? synonyms : ['vitrina_no_synonyms_placeholder'], lenient: true },
      // prefixes of 2–6 characters: a longer typed word is cut to 6 at search time, so it still meets its
      // indexed 6-character prefix, and suggest.ts checks the whole word against all_plain. Edge n-grams
      // were ~1/3 of the indexing CPU at 1–20 characters; 2–10 → 2–6 took the node's CPU for the first
      // 200k products of the 1M catalog from 49.6/51.1 to 46.9/46.6 s (alternating runs). An index built
      // with longer grams keeps its own cut at 10 (analyzers live in the index settings) and answers the
      // same queries.
      edge: { type: 'edge_ngram', min_gram: 2, max_gram: PREFIX_MAX },
      prefix_cut: { type: 'truncate', length: PREFIX_MAX },
      // the name's first word only (name.head): the rest of the name is not even tokenized
      first_token: { type: 'limit', max_token_count: 1 },
    },
    analyzer: {
      v_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', ...stem] },
      v_text_search: {
        type: 'custom',
        tokenizer: 'standard',
        char_filter: ['yo'],
        filter: ['lowercase', 'vocab_stop', ...stem, 'vocab_syn'],
      },
      v_plain: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] },
      v_plain_search: { type: 'custom', tokenizer: 'standard', char_filter: ['yo'], filter: ['lowercase', 'vocab_stop'] },
      v_prefix: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'edge'] },
      v_prefix_search: { type: 'custom', tokenizer: 'standard', char_filter: ['yo'], filter: ['lowercase', 'prefix_cut'] },
      v_head: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', ...stem, 'first_token'] },
      v_head_search: { type: 'custom', tokenizer: 'standard', char_filter: ['yo'], filter: ['lowercase', ...stem, 'first_token'] },
    },
  };
}

const text = { type: 'text', analyzer: 'v_text', search_analyzer: 'v_text_search' } as const;
const plain = { type: 'text', analyzer: 'v_plain', search_analyzer: 'v_plain_search' } as const;
// suggestions only test that every typed prefix is there: no frequencies or positions to write
const prefix = { type: 'text', analyzer: 'v_prefix', search_analyzer: 'v_prefix_search', index_options: 'docs' } as const;
// the stem of the name's first word — what the product is ("Сушильная машина …"): query.ts NAME_HEAD_BOOST
const head = { type: 'text', analyzer: 'v_head', search_analyzer: 'v_head_search', index_options: 'docs', norms: false } as const;

/** Bumped when the product mapping changes shape; init() warns about a live index of another layout.
 *  6: sku arrives normalized (skuKey) into a keyword without a normalizer, created_at as epoch ms into a
 *  long: a server-side copy of a layout-5 index would bring its sku in the original case. A layout-5
 *  index still answers the same queries (its normalizer folds the looked-up sku the same way).
 *  5: product text arrives with ё folded (toSource) and the index analyzers no longer fold it, so a
 *  server-side copy (_reindex, on a vocabulary change) of a layout-4 index would keep its ё unfolded. */
export const LAYOUT = 6;
const facetKeyword = { type: 'keyword', ignore_above: 256, eager_global_ordinals: true } as const;

export const ATTR_BUCKETS = 8;
export type AttrKind = 'terms' | 'lo' | 'hi';

/** The field holding an attribute code's values of one kind. The hash (FNV-1a over UTF-16 units) is part
 *  of the index layout: changing it or ATTR_BUCKETS means a new LAYOUT and a rebuild. */
export function attrField(kind: AttrKind, code: string): string {
  return `attr_${kind}_${attrBucket(code)}`;
}

// a rebuild asks for the bucket of ~21 values per document, of a few thousand codes
const buckets = new Map<string, number>();

function attrBucket(code: string): number {
  let b = buckets.get(code);
  if (b !== undefined) return b;
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
  b = (h >>> 0) % ATTR_BUCKETS;
  if (buckets.size >= 50_000) buckets.clear();
  buckets.set(code, b);
  return b;
}

const attrFields = () =>
  Object.fromEntries((['terms', 'lo', 'hi'] as const).flatMap((k) => Array.from({ length: ATTR_BUCKETS }, (_, b) => [`attr_${k}_${b}`, facetKeyword])));

/** Every text field is copied into `all_text` (stemmed, synonyms) and — except the description —
 *  `all_plain` (unstemmed, for fuzzy matching and "did you mean"), so a query like "синий 256 гб" can
 *  require all its words while they sit in different fields (name, attributes). */
export function productMappings(v: Vocabulary) {
  const both = ['all_text', 'all_plain'];
  return {
    dynamic: 'strict',
    _meta: { vocabulary: v, layout: LAYOUT },
    properties: {
      product_id: { type: 'long' },
      // Doc values only where a field is aggregated or sorted on (brand_slug, attr_*, in_stock, price,
      // popularity, product_id, created_at). A keyword's sorted-set doc values are re-sorted into the
      // index sort at every flush: a JFR profile of a 1M rebuild put that at ~12% of the node's CPU, most
      // of it the 24 attr_* fields (dropping these four measured within noise). sku and category_ids are only matched by term queries; primary_category_id and currency are
      // carried in _source and never queried. Same field set as before, so no LAYOUT change: an index
      // built with doc values on these fields answers the same queries.
      // sent lowercased with ё folded (skuKey): a normalizer runs an analysis chain (char filter and
      // all) per value, ~3% of the node's CPU in a JFR profile of a rebuild for this one short field
      sku: { type: 'keyword', copy_to: both, doc_values: false },
      slug: { type: 'keyword', index: false, doc_values: false },
      // no unstemmed `name.plain`: all_plain serves fuzzy matching, and it cost ~20% of indexing CPU
      name: { ...text, copy_to: both, fields: { prefix, head } },
      // searched only through all_text: indexing it twice would cost a second Russian analysis
      description: { type: 'text', index: false, copy_to: ['all_text'] },
      // brand is only ever matched word by word (the rescore's multi_match, no phrases — query.ts), and
      // BM25 reads freqs and norms: no positions to write
      brand: { ...text, copy_to: both, index_options: 'freqs' },
      brand_slug: { type: 'keyword', eager_global_ordinals: true },
      // identifiers only ever matched exactly: keyword postings are cheaper to look up than points
      category_ids: { type: 'keyword', doc_values: false },
      primary_category_id: { type: 'keyword', index: false, doc_values: false },
      // Searched only through all_text and all_plain, like the description. Their own indexed copies
      // served two rescore boosts (category_path^2, attribute_text^1.5) that no judged query needed:
      // NDCG@10 without them 0.998 at 1M (9,000 categories) and 1.0 on the 20k demo catalog, as with
      // them; the name-head boost picks the product type. They were ~26 of ~176 analysed tokens per
      // product: the node's CPU for the first 200k products of the 1M catalog went from 46.8/39.1/45.8
      // to 33.2/34.6/39.7 s (alternate runs of bench:search-reindex with LIMIT=200000). An index of
      // layout 4 still has them indexed and answers the same queries.
      // the trail's words, each once (trailWords)
      category_path: { type: 'text', index: false, copy_to: both },
      attribute_text: { type: 'text', index: false, copy_to: both },
      // the largest field (every text, descriptions included) without positions: it is only ever asked
      // for its terms — match with operator and, synonyms as conjunctions (auto_generate_synonyms_phrase_query
      // false, see query.ts) — and BM25 needs freqs and norms only. The one phrase query (name, slop 1)
      // reads the name's own positions. Writing positions of every token was ~10% of indexing CPU.
      all_text: { ...text, index_options: 'freqs' },
      // fuzzy matching and "did you mean" never need positions (no synonyms here, so no phrases)
      all_plain: { ...plain, index_options: 'freqs' },
      // facet fields: global ordinals built at refresh, not by the first facet query after each refresh
      ...attrFields(),
      price: { type: 'long' },
      currency: { type: 'keyword', index: false, doc_values: false },
      in_stock: { type: 'boolean' },
      popularity: { type: 'float' },
      // popularity + 1 as a score feature: product suggestions rank by it without giving up top-k pruning
      popularity_rank: { type: 'rank_feature' },
      // epoch milliseconds, only ever sorted on: a date field parses each value through java.time
      // (strict_date_optional_time, then epoch_millis) — ~3% of the node's CPU in the same profile
      created_at: { type: 'long' },
    },
  };
}

/** Categories and brands for autocomplete: a small side index (thousands of docs) that every process
 *  reads into memory and matches there (named.ts). Nothing in it is searched by the node: `suggest`
 *  (the completion inputs and weight) is kept in _source only. Indices built before this held it in a
 *  `completion` field (analyzer v_complete), which is simply not asked any more. Products are NOT given
 *  completion inputs: with one input per word suffix a completion field made bulk indexing ~2.5x
 *  slower (measured); product autocomplete uses the edge n-gram `name.prefix` instead. */
export function suggestMappings() {
  return {
    dynamic: 'strict',
    properties: {
      kind: { type: 'keyword' },
      id: { type: 'long' },
      text: { type: 'keyword', index: false },
      slug: { type: 'keyword', index: false },
      suggest: { type: 'object', enabled: false },
    },
  };
}

/** Completion inputs: the whole text plus the text from each later word, so "15 pro" finds
 *  "Apple iPhone 15 Pro" (named.ts matches from an input's start). */
export function completionInputs(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    const words = t.split(/\s+/).filter(Boolean).slice(0, 8);
    for (let i = 0; i < words.length; i++) out.add(words.slice(i).join(' ').slice(0, 60));
  }
  return [...out];
}

const f64 = new DataView(new ArrayBuffer(8));
const f64Bytes = new Uint8Array(f64.buffer);
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 16 hex digits whose byte order is the numeric order of x (IEEE 754 bits, sign-flipped). Byte by
 *  byte from a table: ~75 ns against ~500 ns for two toString(16).padStart — a 1M rebuild encodes
 *  ~15M numbers (~2.7 s of the app's ~55 CPU seconds, profiled). */
export function sortableNumber(x: number): string {
  f64.setFloat64(0, x + 0); // -0 → 0; big-endian, so byte 0 holds the sign
  const negative = (f64Bytes[0]! & 0x80) !== 0;
  let out = '';
  for (let i = 0; i < 8; i++) {
    const b = f64Bytes[i]!;
    out += HEX_BYTE[negative ? ~b & 0xff : i === 0 ? b | 0x80 : b];
  }
  return out;
}

export function fromSortable(hex: string): number {
  let hi = parseInt(hex.slice(0, 8), 16);
  let lo = parseInt(hex.slice(8, 16), 16);
  if (hi & 0x80000000) hi = (hi & 0x7fffffff) >>> 0;
  else {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  f64.setUint32(0, hi);
  f64.setUint32(4, lo);
  return f64.getFloat64(0);
}

// ё → е before the text leaves: the `yo` mapping char filter read every character of every analysed
// field (name five times over) through a rolling buffer under the tokenizer: ~5% of the node's CPU
// in a JFR profile of a rebuild by self time alone; here it is one regex scan per string. Typed text is still folded by the search analyzers. (200k products, alternating runs of
// bench:search-reindex: node CPU 32.2/34.9 s with the char filter, 28.8/28.4 s without.)
const YO = /[ёЁ]/g;
export const foldYo = (s: string) => s.replace(YO, (c) => (c === 'ё' ? 'е' : 'Е'));

/** The sku as indexed and as looked up by the exact-sku clause (query.ts): lowercase, ё folded. */
export const skuKey = (sku: string) => foldYo(sku).toLowerCase();

// per trail, not per product: a rebuild sends the trails of ~9,000 categories a million times
const trails = new Map<string, string>();

/** The words of a category trail, each once, ё folded: "Телефоны / Телефоны кнопочные / Телефоны
 *  кнопочные для пожилых" → "Телефоны кнопочные для пожилых". The trail is only matched word by word
 *  (copied into all_text and all_plain, never a phrase), and a deep trail repeats its parents' words:
 *  at 1M products they were ~17 of the ~100 words each of those fields analysed per product, 9 of them
 *  repeats. A repeat only raised the word's frequency in all_text, favouring products of deep trails
 *  over products of shallow ones that match the same words. */
export function trailWords(path: string): string {
  let out = trails.get(path);
  if (out !== undefined) return out;
  const seen = new Set<string>();
  const words: string[] = [];
  for (const w of foldYo(path).split(/[\s/]+/)) {
    const key = w.toLowerCase();
    if (!w || seen.has(key)) continue;
    seen.add(key);
    words.push(w);
  }
  out = words.join(' ');
  if (trails.size >= 50_000) trails.clear();
  trails.set(path, out);
  return out;
}

type AttrFields = Record<string, string[]>;

function addValue(out: AttrFields, kind: AttrKind, code: string, value: string): void {
  (out[`attr_${kind}_${attrBucket(code)}`] ??= []).push(`${code}=${value}`);
}

/** A number goes to attr_lo only; an interval to attr_lo and attr_hi (query.ts filterClause reads the
 *  two kinds apart by the attribute's type). Layout 6 wrote every number to attr_hi as well: ~8.5 more
 *  keyword values per product, each parsed, inverted and written as doc values by the node, ~10 % of a
 *  rebuild's CPU in this process and ~5 % of the node's (alternating 200k-product runs). An index of
 *  layout 6 answers the queries of this one alike. */
function addNumber(out: AttrFields, code: string, x: number): void {
  if (Number.isFinite(x)) addValue(out, 'lo', code, sortableNumber(x));
}

function addInterval(out: AttrFields, code: string, a: number, b: number): void {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return;
  addValue(out, 'lo', code, sortableNumber(Math.min(a, b)));
  addValue(out, 'hi', code, sortableNumber(Math.max(a, b)));
}

export function toSource(d: SearchDocument) {
  const attrs: AttrFields = {};
  const values = d.attributes ?? {};
  for (const code in values) {
    const v = values[code];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 1) addValue(attrs, 'terms', code, String(v[0]));
      else for (const x of new Set(v)) addValue(attrs, 'terms', code, String(x));
    } else if (typeof v === 'number') addNumber(attrs, code, v);
    else if (typeof v === 'boolean' || typeof v === 'string') addValue(attrs, 'terms', code, String(v));
    else if (typeof v === 'object' && typeof v.min === 'number' && typeof v.max === 'number') addInterval(attrs, code, v.min, v.max);
  }
  return {
    product_id: d.product_id,
    sku: skuKey(d.sku),
    slug: d.slug,
    name: foldYo(d.name),
    description: foldYo(d.description ?? ''),
    brand: d.brand && foldYo(d.brand),
    brand_slug: d.brand_slug,
    category_ids: d.category_ids,
    primary_category_id: d.primary_category_id,
    category_path: trailWords(d.category_path),
    attribute_text: foldYo(d.attribute_text),
    ...attrs,
    price: d.price,
    currency: d.currency,
    in_stock: d.in_stock,
    popularity: d.popularity,
    popularity_rank: Math.max(0, Number(d.popularity) || 0) + 1,
    created_at: Date.parse(d.created_at),
  };
}

/** One document of the suggest index (suggestMappings). */
export interface SuggestEntry {
  kind: 'category' | 'brand';
  id: number;
  text: string;
  slug: string;
  suggest: { input: string[]; weight: number };
}

/** Category and brand entries of these documents, by id (`category:<id>`, `brand:<slug>`). Ids in `skip`
 *  (entries a rebuild has already sent) are left out before their completion inputs are built: a
 *  product that brings one new category still names the rest of its trail, and building those inputs
 *  again was ~2.5 of the ~70 CPU seconds this process spent on a 1M rebuild (profiled). */
export function suggestEntries(docs: SearchDocument[], skip?: ReadonlySet<string>) {
  const out = new Map<string, SuggestEntry>();
  const wanted = (id: string) => !out.has(id) && !skip?.has(id);
  for (const d of docs) {
    // the trail names every category on the primary path; without it, the last path segment
    if (d.category_trail?.length) {
      for (const c of d.category_trail) {
        const id = `category:${c.id}`;
        if (wanted(id)) out.set(id, { kind: 'category', id: c.id, text: c.name, slug: c.slug, suggest: { input: completionInputs(c.name), weight: 1 } });
      }
    }
    const primary = `category:${d.primary_category_id}`;
    const name = wanted(primary) ? d.category_path.split(' / ').pop()?.trim() : undefined;
    if (name) {
      out.set(primary, {
        kind: 'category',
        id: d.primary_category_id,
        text: name,
        slug: '',
        suggest: { input: completionInputs(name), weight: 1 },
      });
    }
    const brand = `brand:${d.brand_slug}`;
    if (d.brand && d.brand_slug && wanted(brand)) {
      out.set(brand, {
        kind: 'brand',
        id: d.brand_id ?? 0,
        text: d.brand,
        slug: d.brand_slug,
        suggest: { input: completionInputs(d.brand), weight: 2 },
      });
    }
  }
  return out;
}
