// Autocomplete of the OpenSearch engine: the products query and the merge with the categories and
// brands, which are matched in memory (named.ts). Pure functions.
//
// The products query filters by `name.prefix` (edge n-grams of every word of the name, so "15 pro" and
// "iph" both match) and sorts by popularity, product_id with no total asked, so Lucene skips the blocks
// of documents that cannot make the top `limit` instead of visiting every product holding the prefix
// (see productSuggestBody; earlier versions scored every match: [_score, popularity] with a
// match_phrase_prefix over all_plain, then BM25 + a `rank_feature`). It carries `request_cache`: typed
// prefixes repeat a lot.
import type { EngineSuggestion, Suggestion } from '../../engine.js';
import { foldYo, PREFIX_MAX } from './mapping.js';
import { POPULARITY_PIVOT } from './query.js';

type Json = Record<string, unknown>;

/** Product hits carry only their id, from doc values; the search service reads names and slugs from the
 *  catalog (EngineSuggestion). Loading them from the index meant the stored fields of every hit: an LZ4
 *  block decompressed per document, then the source parsed and filtered — a third of the node's CPU per
 *  suggestion (1.46–1.49 against 0.95–1.01 ms, 8 clients, 1M products, request cache off). */
const ID_ONLY = { stored_fields: '_none_', docvalue_fields: ['product_id'] };

export function productSuggestBody(p: string, limit: number, fuzzy: boolean): Json {
  if (!fuzzy) {
    // the typed prefixes only filter; the most popular products come first. Sorted by a numeric field
    // with no total asked, Lucene skips (via the field's points) every block of documents that cannot
    // beat the current top `limit` instead of scoring all matches: a two-letter prefix matches ~40k of
    // 1M names, and scoring them (BM25 + rank_feature) was ~1.5x the CPU of this (measured at 1M)
    return {
      ...ID_ONLY,
      size: limit,
      query: {
        bool: {
          filter: [{ match: { 'name.prefix': { query: p, operator: 'and' } } }, ...longWords(p).map((value) => ({ prefix: { all_plain: { value } } }))],
        },
      },
      sort: [{ popularity: 'desc' }, { product_id: 'asc' }],
      track_total_hits: false,
    };
  }
  // with a typo allowed, how close the words are matters: scored
  return {
    ...ID_ONLY,
    size: limit,
    query: {
      bool: {
        must: [{ match: { 'name.prefix': { query: cutForTypos(p), operator: 'and', fuzziness: 1, prefix_length: 2, max_expansions: 10 } } }],
        // a long word typed whole with a typo ("холодильнек") also meets its word in all_plain: ranked
        // above names that only share the cut's start ("Холодит…")
        should: [
          { rank_feature: { field: 'popularity_rank', boost: 0.5, saturation: { pivot: POPULARITY_PIVOT } } },
          ...longWords(p).map((value) => ({ fuzzy: { all_plain: { value, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20 } } })),
        ],
      },
    },
    track_total_hits: false,
  };
}

// runs of letters and digits
const WORD = /[\p{L}\p{N}]+/gu;
// a typed chunk's first run: the start of the token the standard tokenizer makes of the chunk ("iphone15"
// of "iphone15.pro"). A later run may sit inside a token ("artagnan" of "d'artagnan"), so only the
// first is checked; a chunk starting with "_" (which joins a token) is left to name.prefix alone.
const LEADING_WORD = /^[^\p{L}\p{N}_]*([\p{L}\p{N}]+)/u;

/** The typed words longer than name.prefix's prefixes (PREFIX_MAX, mapping.ts), lowercased, ё folded: a
 *  longer word meets only its first PREFIX_MAX characters there ("холодильн" as "холоди", which "холодит"
 *  has too), so productSuggestBody also asks for the whole word as a `prefix` of all_plain, the product's
 *  unstemmed words (a long prefix expands to a handful of terms). all_plain also holds brand, trail and
 *  attribute words; the name.prefix match still ties the word's start to the name. */
export function longWords(p: string): string[] {
  const out: string[] = [];
  for (const chunk of foldYo(p).toLowerCase().split(/\s+/)) {
    const w = LEADING_WORD.exec(chunk)?.[1];
    if (w && w.length > PREFIX_MAX) out.push(w);
  }
  return out;
}

/** With a typo allowed, a long word is cut one character shorter than the analyzer would cut it: a
 *  letter missing early in "кросовк" shifts the rest, and its 6-character cut "кросов" is two edits from
 *  the indexed "кроссо", while "кросо" is one. */
export function cutForTypos(p: string): string {
  return p.replace(WORD, (w) => (w.length > PREFIX_MAX ? w.slice(0, PREFIX_MAX - 1) : w));
}

/** Categories and brands (named.ts) first — short lists, high intent — but never crowding the products
 *  of the products query's response out. */
export function mergeSuggestions(named: Suggestion[], products: any, limit: number): EngineSuggestion[] {
  const seen = new Set<number>();
  const found: EngineSuggestion[] = [];
  for (const o of products?.hits?.hits ?? []) {
    const id = Number(o.fields?.product_id?.[0]);
    if (!Number.isSafeInteger(id) || seen.has(id)) continue;
    seen.add(id);
    found.push({ kind: 'product', id });
  }
  const n = Math.min(named.length, Math.max(limit - found.length, Math.ceil(limit / 2)));
  return [...named.slice(0, n), ...found].slice(0, limit);
}
