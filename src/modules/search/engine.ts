// The SearchEngine port. Two engines implement it — `postgres` (default: tsvector + pg_trgm, on PGlite
// and server PostgreSQL) and `opensearch` (OPENSEARCH_URL) — and both pass one contract suite
// (contract.test-suite.ts), so the API, the storefront and the relevance bench never know which runs.
//
// Changes after the first version (additive only):
// - SearchDocument.category_trail (optional): the primary category's path as {id, name, slug}, root
//   first — what an engine needs to suggest categories (documents.ts always fills it).
// - SearchDocument.brand_id (optional): the brand's id, for brand suggestions (documents.ts fills it).
// - reindex(..., opts?: { resume?: boolean }): continue an unfinished rebuild (the CLI passes only the
//   batches after its checkpoint) instead of starting a new one.
// - Filter/facet code `in_stock` is boolean, `price` is range (minor units), `brand` is terms of
//   brand_slug; every other code refers to SearchDocument.attributes. Facet counts of kind 'boolean'
//   use the values 'true' / 'false'.
// - SearchResult.exhaustive (optional, absent = true): false when an engine bounded the work of a
//   broad query — hits are the best of the candidates it read, facet counts count those candidates,
//   and total may be a lower bound (the postgres engine reads at most a fixed number of text matches;
//   see engines/postgres/index.ts).

/** What the index holds per product: a flattened, published-only view of the catalog. */
export interface SearchDocument {
  product_id: number;
  sku: string;
  slug: string;
  name: string;
  description: string;
  brand: string | null;
  brand_slug: string | null;
  brand_id?: number | null;
  /** every category the product is in, with ancestors (for "in this category and below") */
  category_ids: number[];
  primary_category_id: number;
  /** human path of the primary category, e.g. "Электроника / Смартфоны" */
  category_path: string;
  /** the primary category's path, root first (for category suggestions) */
  category_trail?: { id: number; name: string; slug: string }[];
  /** typed values by attribute code (option codes for enums) */
  attributes: Record<string, string | number | boolean | string[] | { min: number; max: number }>;
  /** text of searchable attributes (option labels, text values), for full-text */
  attribute_text: string;
  /** best offer: minor units, null when no offer */
  price: number | null;
  currency: string | null;
  in_stock: boolean;
  popularity: number;
  created_at: string;
}

/** `span`: the attribute's values are intervals {min, max} (attribute type `range`), not single numbers
 *  (type `number`). An engine may store the two kinds differently (the OpenSearch engine keeps a single
 *  number once, mapping.ts addRange) and then needs to know which one it is asked about. */
export type FacetRequest =
  /** `multi: false`: the attribute holds one value per product (an enum), never a list — an engine may
   *  then skip looking for lists; left out, values may be either */
  | { kind: 'terms'; code: string; multi?: boolean }
  | { kind: 'range'; code: string; span?: boolean }
  | { kind: 'boolean'; code: string };

export type Filter =
  /** enum / multi-enum / text: any of the option codes */
  | { kind: 'terms'; code: string; values: string[] }
  /** number or range attributes (`span` as in FacetRequest): the values overlapping [min, max] */
  | { kind: 'range'; code: string; min?: number; max?: number; span?: boolean }
  | { kind: 'boolean'; code: string; value: boolean };

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'popular';

export interface SearchQuery {
  /** free text; empty means "browse" (category listing) */
  q: string;
  category_id?: number;
  /** attribute filters, plus the reserved codes `brand` (terms of brand slugs), `price` (range,
   *  minor units) and `in_stock` (boolean) */
  filters: Filter[];
  /** facets to compute; the service builds this list from the category's effective matrix */
  facets: FacetRequest[];
  sort: SearchSort;
  page: number;
  per_page: number;
}

export interface FacetResult {
  code: string;
  kind: 'terms' | 'range' | 'boolean';
  /** terms and boolean: value → count (counts ignore the facet's own filter, so options stay visible) */
  values?: { value: string; count: number }[];
  /** range: bounds of the matching products */
  min?: number | null;
  max?: number | null;
}

export interface SearchHit {
  product_id: number;
  score: number;
}

export interface SearchResult {
  total: number;
  /** false: hits and facet counts come from a bounded candidate set; total may be a lower bound */
  exhaustive?: boolean;
  hits: SearchHit[];
  facets: FacetResult[];
  /** a corrected query when this one found nothing and a close one would */
  did_you_mean: string | null;
}

export type SuggestKind = 'product' | 'category' | 'brand';
export interface Suggestion {
  kind: SuggestKind;
  id: number;
  text: string;
  slug: string;
}

/** A suggestion as an engine gives it: a product's name and slug may be left out, and the search service
 *  then reads them from the catalog by id, as it reads the cards of search results (OpenSearch: fetching
 *  them from the index was a third of the node's CPU per suggestion). */
export type EngineSuggestion = Suggestion | { kind: 'product'; id: number; text?: undefined; slug?: undefined };

/** Synonym groups ("смартфон, телефон, мобильник") and stop words, managed by the admin API. */
export interface Vocabulary {
  synonyms: string[][];
  stopWords: string[];
}

export interface SearchEngine {
  readonly name: 'postgres' | 'opensearch';
  /** creates indexes/structures if missing; idempotent */
  init(): Promise<void>;
  /** after init(): the live index was built by an older layout and wants a full rebuild (the app starts
   *  one, serving the old index meanwhile); absent where the layout cannot go stale */
  outdated?(): boolean;
  search(query: SearchQuery): Promise<SearchResult>;
  suggest(prefix: string, limit: number): Promise<EngineSuggestion[]>;
  /** upserts documents; a product no longer published is passed to remove() instead */
  index(docs: SearchDocument[]): Promise<void>;
  remove(productIds: number[]): Promise<void>;
  /**
   * Full rebuild from a stream of documents. On OpenSearch: a new index, then an alias swap, so search
   * never goes down. onProgress gets the count of documents WRITTEN so far, in the order they were
   * read (an engine that reads ahead reports a batch only once it and every batch before it are in):
   * the caller's resume checkpoint follows it.
   */
  reindex(
    docs: AsyncIterable<SearchDocument[]>,
    total: number,
    onProgress?: (done: number) => void,
    opts?: { resume?: boolean },
  ): Promise<void>;
  setVocabulary(v: Vocabulary): Promise<void>;
  /** makes writes visible to search (OpenSearch refresh); a no-op where writes are immediate */
  refresh(): Promise<void>;
  close(): Promise<void>;
}
