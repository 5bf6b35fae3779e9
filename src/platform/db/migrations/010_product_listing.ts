// The category listing's narrow read model. A category page with attribute filters sorted by price
// touches thousands of candidate products; on the 1.4 KB product rows that is thousands of heap
// pages and a JSONB containment recheck per row (~75 ms at 1M SKUs). product_listing keeps, per
// published product, one bigint array of "keys" — the ids of every category in its tree (positive)
// and a 63-bit hash token per (attribute code, string/boolean value) (negative) — with the sort
// columns. One GIN index over the keys answers "in category C with options X and Y" by intersecting
// posting lists, and the rows are ~10× narrower. Token = -(first 64 bits of md5("code=value") with
// the sign bit cleared): the same function in SQL (listing_keys, used by the triggers) and in
// TypeScript (products/listing-keys.ts, used by the bulk loader); a test checks they agree.
// It is maintained by statement-level triggers on products (set-based, so bulk updates stay cheap);
// the fast loader disables them and writes the rows itself.
export const up: string[] = [
  `create table product_listing (
    product_id bigint primary key references products(id) on delete cascade,
    keys       bigint[] not null,
    best_price bigint,
    in_stock   boolean not null default false
  )`,
  `create function listing_keys(tree integer[], attrs jsonb) returns bigint[]
   language sql immutable parallel safe as $$
    select coalesce(array_agg(k), '{}') from (
      select unnest(tree)::bigint as k
      union all
      select -(('x' || substr(md5(e.key || '=' || v.v), 1, 16))::bit(64)::bigint & 9223372036854775807)
      from jsonb_each(attrs) e
      cross join lateral (
        select e.value #>> '{}' as v where jsonb_typeof(e.value) in ('string', 'boolean')
        union all
        select x from jsonb_array_elements_text(case when jsonb_typeof(e.value) = 'array' then e.value else '[]'::jsonb end) x
      ) v
    ) s
  $$`,
  `create function product_listing_sync() returns trigger language plpgsql as $$
   begin
     delete from product_listing l using changed_products n where l.product_id = n.id and n.status <> 'published';
     insert into product_listing (product_id, keys, best_price, in_stock)
       select n.id, listing_keys(n.category_tree_ids, n.attributes), n.best_price, n.in_stock
         from changed_products n where n.status = 'published'
       on conflict (product_id) do update
         set keys = excluded.keys, best_price = excluded.best_price, in_stock = excluded.in_stock;
     return null;
   end $$`,
  `create trigger products_listing_ins after insert on products referencing new table as changed_products
     for each statement execute function product_listing_sync()`,
  `create trigger products_listing_upd after update on products referencing new table as changed_products
     for each statement execute function product_listing_sync()`,
  `insert into product_listing (product_id, keys, best_price, in_stock)
     select id, listing_keys(category_tree_ids, attributes), best_price, in_stock from products where status = 'published'`,
  `create index product_listing_keys_gin on product_listing using gin (keys)`,
  // the listing no longer filters products.attributes through this index; dropping it also takes
  // its build (the longest of the bulk load) off the import
  `drop index if exists products_attrs_gin`,
];
