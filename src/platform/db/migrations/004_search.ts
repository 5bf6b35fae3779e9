// Tables of the search (issue 4). One statement per string (PGlite runs them one at a time).
// search_documents is the postgres engine's denormalized index: one row per published product with a
// weighted tsvector, typed attributes for facets and the best offer's price/stock, so a query never
// joins the catalog. `generation` lets a full reindex upsert in place (search stays up) and drop the
// rows it did not touch at the end. search_terms is the word list typo correction looks up by
// trigram; search_labels holds brands and categories for autocomplete.
export const up: string[] = [
  `create table search_documents (
    product_id          bigint primary key,
    sku                 text not null,
    slug                text not null,
    name                text not null,
    brand               text,
    brand_slug          text,
    category_ids        integer[] not null,
    primary_category_id integer not null,
    attributes          jsonb not null default '{}',
    price               bigint,
    currency            text,
    in_stock            boolean not null default false,
    popularity          integer not null default 0,
    created_at          timestamptz not null,
    tsv                 tsvector not null,
    generation          integer not null default 0
  )`,
  `create index search_documents_tsv_gin on search_documents using gin (tsv)`,
  `create index search_documents_categories_gin on search_documents using gin (category_ids)`,
  `create index search_documents_attrs_gin on search_documents using gin (attributes jsonb_path_ops)`,
  `create index search_documents_sku_idx on search_documents (sku)`,
  `create index search_documents_generation_idx on search_documents (generation)`,
  `create table search_terms (
    term       text primary key,
    generation integer not null default 0
  )`,
  `create index search_terms_trgm on search_terms using gin (term gin_trgm_ops)`,
  `create table search_labels (
    kind       text not null check (kind in ('brand','category')),
    id         integer not null,
    text       text not null,
    slug       text not null,
    lower_text text not null,
    generation integer not null default 0,
    primary key (kind, id)
  )`,
  `create index search_labels_trgm on search_labels using gin (lower_text gin_trgm_ops)`,
  // engine bookkeeping (generations), reindex checkpoints and the admin vocabulary
  `create table search_state (
    key        text primary key,
    value      jsonb not null,
    updated_at timestamptz not null default now()
  )`,
];
