// SearchQuery → OpenSearch request body, and the response → SearchResult. Pure functions (unit-testable).
//
// Query text only ever reaches `match`/`multi_match`/`term`/`prefix`/`fuzzy` — never `query_string` or
// `simple_query_string` — so quotes, operators, brackets and DSL fragments are just words. The text is
// also cut to MAX_WORDS words: a 10 kB query would otherwise expand into more boolean clauses than
// `indices.query.bool.max_clause_count` allows.
import type { FacetRequest, FacetResult, Filter, SearchQuery, SearchResult } from '../../engine.js';
import { queryTokens } from '../../text.js';
import { attrField, fromSortable, skuKey, sortableNumber } from './mapping.js';

export const MAX_WORDS = 32;
export const MAX_CHARS = 256;
export const MAX_WORD = 40;
/** OpenSearch's default index.max_result_window */
export const MAX_WINDOW = 10_000;

type Json = Record<string, unknown>;

export function cleanText(q: string): string {
  // control characters and lone surrogates are dropped; everything else is data, not syntax
  const s = q
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
    .trim();
  // a 255-character "word" would make the fuzzy automaton too complex to build
  return s
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_WORDS)
    .map((w) => (w.length > MAX_WORD ? cut(w, MAX_WORD) : w))
    .join(' ')
    .slice(0, MAX_CHARS)
    .replace(/[\ud800-\udbff]$/, '');
}

/** cuts by code points, so an emoji is never split into a lone surrogate */
function cut(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}

const RESERVED = new Set(['brand', 'price', 'in_stock']);

function escapeRegex(s: string): string {
  return s.replace(/[.?+*|{}[\]()"\\#@&<>~]/g, '\\$&');
}

/** One filter as a query clause. Attribute codes live in the attr_terms / attr_lo / attr_hi buckets (see mapping.ts). */
export function filterClause(f: Filter): Json {
  if (f.code === 'brand' && f.kind === 'terms') return { terms: { brand_slug: f.values } };
  if (f.code === 'price' && f.kind === 'range') return { range: { price: bounds(f.min, f.max) } };
  if (f.code === 'in_stock' && f.kind === 'boolean') return { term: { in_stock: f.value } };
  if (f.kind === 'terms') return { terms: { [attrField('terms', f.code)]: f.values.map((v) => `${f.code}=${v}`) } };
  if (f.kind === 'boolean') return { term: { [attrField('terms', f.code)]: `${f.code}=${f.value}` } };
  // keyword ranges over "code=<sortable hex>" ('~' sorts after every hex digit). A number sits in attr_lo
  // only, so it matches when it lies in [min, max] (one range); an interval {min, max} (span) has its ends
  // in attr_lo and attr_hi and matches when it overlaps [min, max]: hi ≥ min and lo ≤ max
  const code = `${f.code}=`;
  const [lo, hi] = [attrField('lo', f.code), attrField('hi', f.code)];
  const above = f.min === undefined ? code : code + sortableNumber(f.min);
  const below = f.max === undefined ? `${code}~` : code + sortableNumber(f.max);
  if (!f.span) return f.min === undefined && f.max === undefined ? { prefix: { [lo]: code } } : { range: { [lo]: { gte: above, lte: below } } };
  const must: Json[] = [];
  if (f.min !== undefined) must.push({ range: { [hi]: { gte: above, lte: `${code}~` } } });
  if (f.max !== undefined) must.push({ range: { [lo]: { gte: code, lte: below } } });
  if (!must.length) must.push({ prefix: { [lo]: code } });
  return must.length === 1 ? must[0]! : { bool: { filter: must } };
}

function bounds(min?: number, max?: number): Json {
  const b: Json = {};
  if (min !== undefined) b.gte = min;
  if (max !== undefined) b.lte = max;
  return b;
}

/** The aggregations of one facet, by name: `v` (terms), `st` (price: stats), `lo`/`hi` (attribute ranges). */
function facetAggs(f: FacetRequest): Record<string, Json> {
  if (f.code === 'brand' && f.kind === 'terms') return { v: { terms: { field: 'brand_slug', size: 200 } } };
  // one pass over the price doc values for both bounds: a min and a max aggregation read them twice
  // (each ~2 ms of a profiled 27,000-match in-category query at 1M)
  if (f.code === 'price' && f.kind === 'range') return { st: { stats: { field: 'price' } } };
  if (f.code === 'in_stock' && f.kind === 'boolean') return { v: { terms: { field: 'in_stock', size: 2 } } };
  if (f.kind === 'terms') return { v: { terms: { field: attrField('terms', f.code), size: 200, include: `${escapeRegex(f.code)}=.*` } } };
  if (f.kind === 'boolean') return { v: { terms: { field: attrField('terms', f.code), size: 2, include: [`${f.code}=true`, `${f.code}=false`] } } };
  // the smallest lo and the largest hi of this code (a number's hi is its lo, kept in attr_lo only):
  // byte order of the keys is numeric order
  const include = `${escapeRegex(f.code)}=.*`;
  return {
    lo: { terms: { field: attrField('lo', f.code), include, size: 1, order: { _key: 'asc' } } },
    hi: { terms: { field: attrField(f.span ? 'hi' : 'lo', f.code), include, size: 1, order: { _key: 'desc' } } },
  };
}

/** The text part: stemmed + synonyms on all fields (all words required) or the exact SKU; with `fuzzy`
 *  (the second try, when that found nothing) also the same words with typos on the unstemmed copy.
 *  Field-weighted clauses (rankingBoosts) then rank name and brand hits first. Typos are a fallback
 *  rather than always on: fuzzy expansion is the costliest part of a query, and a correctly spelled
 *  "007" should not also match "001"…"009".
 *  A multi-word synonym ("мобильный телефон") is matched as all of its words, not as a phrase: the
 *  phrase over all_text (descriptions included) read the positions of every "телефон" — measured ~55 ms
 *  of a ~100 ms in-category query at 1M — and the group's one-word members match those products anyway.
 *  all_text is now indexed without positions (mapping.ts), so a phrase there would fail outright:
 *  `auto_generate_synonyms_phrase_query: false` is required, not a tuning choice. */
export function textQuery(q: string, fuzzy = false, relax?: string): Json {
  // relax (a minimum_should_match such as "-1"): when no product has every word, those with most of them
  const words = relax ? { operator: 'or', minimum_should_match: relax } : { operator: 'and' };
  const should: Json[] = [
    { match: { all_text: { query: q, ...words, auto_generate_synonyms_phrase_query: false } } },
    { term: { sku: { value: skuKey(q), boost: 20 } } },
  ];
  if (fuzzy) {
    should.push({ match: { all_plain: { query: q, operator: 'and', fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, boost: 0.5 } } });
  }
  return { bool: { should, minimum_should_match: 1 } };
}

/**
 * Score added to a product whose name begins with the query's first word (name.head: both stemmed),
 * as a constant in the rescore: a name starts with what the product is, and so does a query —
 * "сушильная машина LG синий" should show LG dryers before LG washer-dryers ("Стирально-сушильная
 * машина LG …"), which match every word in the same fields. NDCG@10 of the judged queries on the 1M
 * bench catalog: 0.941 without, 0.960 / 0.982 / 0.993 / 0.993 with 2 / 5 / 10 / 20 (that query: 0.156
 * → 0.469 / 0.819 / 1). Same signal as the postgres engine's NAME_HEAD_BONUS.
 */
export const NAME_HEAD_BOOST = 10;

/** The query's first word when it is a word of 3+ letters (not a number, code or SKU); '' otherwise.
 *  Split by the tokenizer the postgres engine uses, so both engines pick the same word ("сушильная,"). */
export function firstWord(q: string): string {
  const w = queryTokens(q)[0] ?? '';
  return /^\p{L}{3,}$/u.test(w) ? w : '';
}

function rankingBoosts(q: string): Json[] {
  const head = firstWord(q);
  return [
    ...(head ? [{ constant_score: { filter: { match: { 'name.head': head } }, boost: NAME_HEAD_BOOST } }] : []),
    {
      multi_match: {
        query: q,
        type: 'best_fields',
        // category_path and attribute_text are matched by the text clause only (see mapping.ts)
        fields: ['name^4', 'brand^3'],
        tie_breaker: 0.3,
        auto_generate_synonyms_phrase_query: false,
      },
    },
    { match_phrase: { name: { query: q, slop: 1, boost: 3 } } },
  ];
}

const SORTS: Record<SearchQuery['sort'], Json[]> = {
  relevance: [{ _score: 'desc' }, { popularity: 'desc' }, { product_id: 'asc' }],
  price_asc: [{ price: { order: 'asc', missing: '_last' } }, { product_id: 'asc' }],
  price_desc: [{ price: { order: 'desc', missing: '_last' } }, { product_id: 'asc' }],
  newest: [{ created_at: 'desc' }, { product_id: 'desc' }],
  popular: [{ popularity: 'desc' }, { _score: 'desc' }, { product_id: 'asc' }],
};

/** The base query (text + category): facets are computed over it; attribute filters go to post_filter
 *  and to every facet except their own, so a facet's counts ignore its own selection. */
export function baseQuery(q: string, categoryId?: number, fuzzy = false, relax?: string, boosts = true): Json {
  const filter: Json[] = [];
  if (categoryId !== undefined) filter.push({ term: { category_ids: categoryId } });
  if (!q) return { bool: { filter } };
  return { bool: { must: [textQuery(q, fuzzy, relax)], ...(boosts ? { should: rankingBoosts(q) } : {}), filter } };
}

/** Relevance order scores the field boosts only over the best RESCORE_WINDOW matches by the text
 *  clause, not over every match (see rescore); pages past the window keep the text score's order. */
export const RESCORE_WINDOW = 100;

/**
 * The boosts as a rescore of the top matches. Every match must be scored to be ranked, and the boosts
 * (then over four fields, now two, × every word, plus a phrase over the name's positions) were most of a query's cost:
 * measured at 1M by replaying the benchmark's in-category queries, ~2.5 of ~5.5 ms per query.
 * A rescored document's score is the same sum as before (`bool` adds must and should scores). What
 * changes is which documents get the boosts: only the text clause's best RESCORE_WINDOW, so a match
 * ranked below them can no longer be lifted onto page one. The text clause covers the same words in
 * every field, so such a match scores low there too. NDCG@10 of the judged queries at 1M: 0.937 with
 * every match boosted, 0.937 with a window of 500, 0.941 with 100 (window 100 saves ~0.3 ms more).
 * A rescore allows no other sort than _score, so the tie-breakers of SORTS.relevance cannot be given:
 * equally scored matches would come in index order. POPULARITY_TIEBREAK puts popularity into the score.
 */
/**
 * The relevance tie-breaker of a rescored query, as a score: at most POPULARITY_WEIGHT, rising with
 * popularity (rank_feature's saturation, POPULARITY_PIVOT), so among matches whose text scores are
 * equal — most of a category's matches for a one-word query — the more popular come first, as they do on
 * the postgres engine. It is in the first-phase query, not the rescore, so it also chooses which of the
 * equal matches enter the rescore window. Scores differing by less than POPULARITY_WEIGHT may swap
 * by popularity too, and popularities so close that their scores round to the same float remain
 * in index order. Measured at 1M (40 in-category one-word queries × 5, concurrency 1): 3.78 → 4.04 ms mean.
 * (Layouts up to 3 broke ties by the index sort instead — see engine.ts indexBody for why that went.)
 */
export const POPULARITY_WEIGHT = 0.001;
/** The saturation's pivot: popularity_rank (popularity + 1) at which a product gets half the weight.
 *  Left out, the node computes it from the index (an approximate geometric mean of the field) while
 *  rewriting EVERY query, before the request cache is consulted: ~5.5 % of the node's CPU per in-category
 *  query at 1M (JFR). Any fixed pivot keeps the order, which is all a tie-breaker is for; 3 is what the
 *  node computed for the 1M bench catalog (2.99). */
export const POPULARITY_PIVOT = 3;
const POPULARITY_TIEBREAK = { rank_feature: { field: 'popularity_rank', boost: POPULARITY_WEIGHT, saturation: { pivot: POPULARITY_PIVOT } } };

function rescore(q: string, from: number, size: number): Json {
  return {
    window_size: Math.min(MAX_WINDOW, Math.max(RESCORE_WINDOW, from + size)),
    query: { rescore_query: { bool: { should: rankingBoosts(q) } }, query_weight: 1, rescore_query_weight: 1 },
  };
}

/** The relaxations tried, in order, when nothing has every word of a multi-word query: all but one
 *  word, all but two (from four words on), any word — as the postgres engine does (relaxedTsqueries). */
export function relaxations(q: string): string[] {
  const n = q.split(' ').filter(Boolean).length;
  if (n < 2) return [];
  return [...(n >= 3 ? ['-1'] : []), ...(n >= 4 ? ['-2'] : []), '1'];
}

export function searchBody(query: SearchQuery, fuzzy = false, relax?: string): Json {
  const q = cleanText(query.q);
  const perPage = Math.max(0, Math.min(query.per_page, MAX_WINDOW));
  const from = Math.max(0, (Math.max(1, query.page) - 1) * perPage);
  const size = from >= MAX_WINDOW ? 0 : Math.min(perPage, MAX_WINDOW - from);
  const clauses = query.filters.map((f) => ({ code: f.code, clause: filterClause(f) }));
  const aggs: Json = {};
  query.facets.forEach((f, i) => {
    const others = clauses.filter((c) => c.code !== f.code).map((c) => c.clause);
    // without other filters the aggregations sit at the top as `f<i>_<name>`: a `filter` wrapper around
    // match_all was measured at 5–20 ms of CPU per facet at 1M (FilterAggregator per collected document)
    if (others.length) aggs[`f${i}`] = { filter: { bool: { filter: others } }, aggs: facetAggs(f) };
    else for (const [name, agg] of Object.entries(facetAggs(f))) aggs[`f${i}_${name}`] = agg;
  });
  const rescored = Boolean(q) && query.sort === 'relevance' && size > 0;
  const base = baseQuery(q, query.category_id, fuzzy, relax, !rescored) as { bool: Json };
  if (rescored) base.bool.should = [POPULARITY_TIEBREAK];
  const body: Json = {
    query: base,
    from: Math.min(from, MAX_WINDOW),
    size,
    sort: rescored ? ['_score'] : q ? SORTS[query.sort] : SORTS[query.sort === 'relevance' ? 'popular' : query.sort],
    ...(rescored ? { rescore: rescore(q, from, size) } : {}),
    track_scores: true,
    track_total_hits: true,
    _source: false,
    // not even _id: it is a stored field, and loading it decompresses a stored-fields block (descriptions
    // included) per hit; product_id comes from doc values
    stored_fields: '_none_',
    docvalue_fields: ['product_id'],
    aggs,
  };
  if (clauses.length) body.post_filter = { bool: { filter: clauses.map((c) => c.clause) } };
  return body;
}

/** Asked only when a query found nothing, so ordinary searches do not pay for it. */
export function didYouMeanBody(q: string): Json {
  return {
    size: 0,
    suggest: {
      text: q,
      dym: { term: { field: 'all_plain', suggest_mode: 'missing', sort: 'score', max_edits: 2, prefix_length: 1, min_word_length: 3 } },
    },
  };
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
}

export function parseFacets(facets: FacetRequest[], aggs: Record<string, any> | undefined): FacetResult[] {
  return facets.map((f, i) => {
    const own = aggs?.[`f${i}`] ?? Object.fromEntries(['v', 'st', 'lo', 'hi'].map((k) => [k, aggs?.[`f${i}_${k}`]]));
    const a = f.kind === 'range' ? own : (own.v ?? {});
    if (f.kind === 'range') {
      if (f.code === 'price') return { code: f.code, kind: 'range', min: a.st?.min ?? null, max: a.st?.max ?? null };
      const bound = (b: any): number | null => {
        const key: unknown = b?.buckets?.[0]?.key;
        return typeof key === 'string' ? fromSortable(key.slice(f.code.length + 1)) : null;
      };
      return { code: f.code, kind: 'range', min: bound(a.lo), max: bound(a.hi) };
    }
    const buckets: Bucket[] = a.buckets ?? [];
    const reserved = RESERVED.has(f.code) && (f.code !== 'brand' || f.kind === 'terms');
    const values = buckets
      .map((b) => {
        const raw = b.key_as_string ?? String(b.key);
        return { value: reserved ? raw : raw.slice(f.code.length + 1), count: b.doc_count };
      })
      .filter((v) => v.count > 0);
    return { code: f.code, kind: f.kind, values };
  });
}

export function parseResult(query: SearchQuery, res: any): Omit<SearchResult, 'did_you_mean'> {
  const hits = (res.hits?.hits ?? []).map((h: any) => ({
    product_id: Number(h.fields?.product_id?.[0] ?? h._id),
    score: typeof h._score === 'number' ? h._score : 0,
  }));
  const total = typeof res.hits?.total === 'number' ? res.hits.total : (res.hits?.total?.value ?? 0);
  return { total, hits, facets: parseFacets(query.facets, res.aggregations) };
}

/** Rebuilds the query with each misspelled word replaced by the term suggester's best option. */
export function correctedText(q: string, suggest: any): string | null {
  const entries: any[] = suggest?.dym ?? [];
  let out = q;
  let changed = false;
  for (const e of [...entries].sort((a, b) => b.offset - a.offset)) {
    const best = e.options?.[0]?.text;
    if (!best || best === e.text.toLowerCase()) continue;
    out = out.slice(0, e.offset) + best + out.slice(e.offset + e.length);
    changed = true;
  }
  return changed ? out : null;
}
