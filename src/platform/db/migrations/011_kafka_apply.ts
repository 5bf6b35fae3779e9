// Schema changes for the Kafka apply path at scale (issue 3). One statement per string (PGlite runs
// them one at a time); each is idempotent so a bench database can re-run the migration.
//
// A price or stock event ends in an UPDATE of products' best_* columns, whose statement trigger
// (010_product_listing) recomputed the listing keys — an md5 per attribute value, ~20 per product —
// and rewrote the keys array (a GIN insert per key) for every updated product, although only the
// sort columns had changed. The update trigger now sees the old rows too: keys are recomputed only
// when status, category tree or attributes changed (or the row is missing), otherwise only
// best_price / in_stock are written, and only where they differ. product_listing stays exactly what
// listing_keys() says; the insert trigger keeps the original function.
export const up: string[] = [
  // One pass: each published changed row probes its listing row by primary key (a left join, not a
  // NOT EXISTS the planner may turn into a scan of the whole listing); unchanged keys are carried over
  // (an equal array keeps the update HOT, so the GIN index is not touched); rows already right are skipped.
  `create or replace function product_listing_sync_update() returns trigger language plpgsql as $$
   begin
     delete from product_listing l using changed_products n where l.product_id = n.id and n.status <> 'published';
     insert into product_listing (product_id, keys, best_price, in_stock)
       select n.id,
              case when l.product_id is not null and o.status = 'published'
                        and o.category_tree_ids = n.category_tree_ids and o.attributes = n.attributes
                   then l.keys else listing_keys(n.category_tree_ids, n.attributes) end,
              n.best_price, n.in_stock
         from changed_products n
         join old_products o on o.id = n.id
         left join product_listing l on l.product_id = n.id
        where n.status = 'published'
          and (l.product_id is null or o.status <> 'published'
               or o.category_tree_ids is distinct from n.category_tree_ids or o.attributes is distinct from n.attributes
               or (l.best_price, l.in_stock) is distinct from (n.best_price, n.in_stock))
       on conflict (product_id) do update
         set keys = excluded.keys, best_price = excluded.best_price, in_stock = excluded.in_stock;
     return null;
   end $$`,
  `drop trigger if exists products_listing_upd on products`,
  // same name as before: the bulk loader disables it by name
  `create trigger products_listing_upd after update on products
     referencing old table as old_products new table as changed_products
     for each statement execute function product_listing_sync_update()`,
  // Room on each page for HOT updates: price and stock changes rewrite these narrow rows without
  // touching their indexes while the new version fits beside the old one (applies to pages written
  // after this, i.e. the bulk load). products itself gets none: best_price is indexed there.
  `alter table offers set (fillfactor = 85)`,
  `alter table product_listing set (fillfactor = 85)`,
  // The outbox relay's lease (platform/events/relay.ts): one relay drains at a time, across processes.
  `create table if not exists outbox_relay_lease (
    name       text primary key,
    holder     text not null,
    expires_at timestamptz not null
  )`,
];
