// A category's search documents in popularity order (issue 4, in-category query p95 at 1M with 8 clients).
//
// A text query inside a big category whose words most of the category's products carry ("смеситель"
// in Смесители, 29k products) read its candidates from the (category_ids, tsv) GIN: a bitmap of every
// match (29,226 entries, 3.9 ms) built before the first 1,001 are taken. This index lets the engine
// read the category's own products most popular first and stop at the 1,001st match (see
// `densePath` in engines/postgres/index.ts).
export const up: string[] = [
  `create index if not exists search_documents_category_popular on search_documents
     (primary_category_id, popularity desc, product_id)`,
];
