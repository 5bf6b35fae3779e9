// Autocomplete requests of the OpenSearch engine and their parsing. Pure functions.
//
// One _msearch: the completion suggester over the small `<p>suggest` index (categories and brands,
// an in-memory FST: about a millisecond) and a products query over `name.prefix` (edge n-grams of
// every word of the name, so "15 pro" and "iph" both match). The products query filters by the prefixes
// and sorts by popularity, product_id with no total — the products index's own sort order (engine.ts
// indexBody), so each segment stops after its first `limit` matches instead of visiting every product
// holding the prefix (see productSuggestBody; earlier versions scored every match: [_score, popularity] with a
// match_phrase_prefix over all_plain, then BM25 + a `rank_feature`). Both carry `request_cache`: typed
// prefixes repeat a lot.
import type { EngineSuggestion, Suggestion } from '../../engine.js';

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
      query: { bool: { filter: [{ match: { 'name.prefix': { query: p, operator: 'and' } } }] } },
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
        must: [{ match: { 'name.prefix': { query: p, operator: 'and', ...(fuzzy ? { fuzziness: 1, prefix_length: 2, max_expansions: 10 } : {}) } } }],
        should: [{ rank_feature: { field: 'popularity_rank', boost: 0.5 } }],
      },
    },
    track_total_hits: false,
  };
}

/** The _msearch body (NDJSON) for a cleaned, non-empty prefix. */
export function suggestRequests(p: string, limit: number, suggestIndex: string, productsIndex: string): string {
  const completion = {
    field: 'suggest',
    size: limit,
    skip_duplicates: true,
    ...(p.length >= 4 ? { fuzzy: { fuzziness: 1, prefix_length: 2 } } : {}),
  };
  const lines = [
    { index: suggestIndex, request_cache: true },
    // suggester only: no hits (without size 0 the request also ran match_all and fetched 10 sources)
    { size: 0, track_total_hits: false, _source: ['kind', 'id', 'text', 'slug'], suggest: { s: { prefix: p, completion } } },
    { index: productsIndex, request_cache: true },
    productSuggestBody(p, limit, false),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

/** [completion response, products response] → suggestions: categories and brands first (short lists,
 *  high intent), but never crowding products out. */
export function parseSuggestions(responses: any[], limit: number): EngineSuggestion[] {
  const failed = (r: any) => {
    if (r?.error) throw new Error(`OpenSearch suggest: ${r.error.reason ?? r.error.type}`);
  };
  failed(responses[0]);
  failed(responses[1]);
  const named: Suggestion[] = (responses[0]?.suggest?.s?.[0]?.options ?? []).map((o: any) => ({
    kind: o._source.kind,
    id: Number(o._source.id),
    text: o._source.text,
    slug: o._source.slug,
  }));
  const seen = new Set<number>();
  const products: EngineSuggestion[] = [];
  for (const o of responses[1]?.hits?.hits ?? []) {
    const id = Number(o.fields?.product_id?.[0]);
    if (!Number.isSafeInteger(id) || seen.has(id)) continue;
    seen.add(id);
    products.push({ kind: 'product', id });
  }
  const n = Math.min(named.length, Math.max(limit - products.length, Math.ceil(limit / 2)));
  return [...named.slice(0, n), ...products].slice(0, limit);
}
