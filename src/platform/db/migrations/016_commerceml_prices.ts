// CommerceML: every price type's price per offer (issue 3), and the staging rows a batched import.xml
// uses to map 1C Ид → product ids set-based. One statement per string (PGlite runs them one at a time).
export const up: string[] = [
  // One row per (offer, price type). offers.price stays the configured retail type's price (the one
  // the storefront sells at); the others (wholesale, B2B, dealer…) are kept here for the admin API and
  // for a B2B price list. The type's name is copied so a reader needs no CommerceML table.
  `create table offer_prices (
    offer_id        bigint not null references offers(id) on delete cascade,
    price_type_id   text not null,
    price_type_name text not null,
    price           bigint not null check (price >= 0),
    currency        text not null check (currency ~ '^[A-Z]{3}$'),
    updated_at      timestamptz not null default now(),
    primary key (offer_id, price_type_id)
  )`,
  // (1C Ид, SKU) of every Товар a running import.xml job has read: after the batches land, one
  // statement turns them into external_refs, so a 1M-goods file needs no id map in memory.
  `create table cml_import_stage (
    job    text not null,
    ord    bigint not null,
    ext_id text not null,
    sku    text not null
  )`,
  // a Товар repeated later in the same file finds the SKU its first occurrence took
  `create index cml_import_stage_job on cml_import_stage (job, ext_id)`,
];
