// Tables of the ocStore importer (issue 6). One statement per string (PGlite runs them one at a time).
// ocStore keeps SEO fields (meta_h1, noindex) and per-value option price/stock deltas that the catalog
// core has no place for; `if not exists` because the storefront slot may add the same SEO columns.
export const up: string[] = [
  `alter table products add column if not exists meta_title text`,
  `alter table products add column if not exists meta_description text`,
  `alter table products add column if not exists meta_h1 text`,
  `alter table products add column if not exists noindex boolean not null default false`,
  `alter table categories add column if not exists meta_title text`,
  `alter table categories add column if not exists meta_description text`,
  `alter table categories add column if not exists meta_h1 text`,
  `alter table categories add column if not exists noindex boolean not null default false`,
  // An option value of a product (ocStore product_option_value): the value is an option of an enum
  // attribute; choosing it adds price_delta (kopecks, may be negative) and draws from its own stock.
  `create table product_option_values (
    product_id   bigint not null references products(id) on delete cascade,
    attribute_id integer not null references attributes(id) on delete cascade,
    option_code  text not null,
    price_delta  bigint not null default 0,
    quantity     integer,
    subtract     boolean not null default true,
    primary key (product_id, attribute_id, option_code)
  )`,
];
