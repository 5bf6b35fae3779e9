// Schema changes for PostgreSQL search engine latency at 1M (issue 4). One statement per string (PGlite runs them one at a time).
//
// search_documents_cat_tsv_gin: one GIN over (category_ids, tsv) instead of one per column. A text query
// inside a category was a BitmapAnd of two index scans: the word's whole posting list ("смартфон": 30,000
// rows at 1M) and the category's were each turned into a bitmap before being intersected. In one
// multicolumn GIN scan both conditions are keys of the same scan, which walks the posting lists together
// and skips ahead, so only the intersection is materialized (≈ 3× less work for a common word). The index
// also answers either condition alone, so the two single-column indexes go. (The engine's reindex builds
// the same index set on each rebuilt table: BUILD_INDEXES in engines/postgres/index.ts.)
export const up: string[] = [
  `create index if not exists search_documents_cat_tsv_gin on search_documents using gin (category_ids, tsv)`,
  `drop index if exists search_documents_tsv_gin`,
  `drop index if exists search_documents_categories_gin`,
];
