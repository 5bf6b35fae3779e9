// Schema changes for Kafka price/stock apply throughput (issue 3). One statement per string (PGlite runs
// them one at a time); each is idempotent so a bench database can re-run the migration.
//
// 1. The source versions of 1C's price and stock (per SKU, and per SKU and warehouse) move onto the own
//    offer row they guard: the apply path locks the offer rows it writes anyway, reads their versions in
//    the same statement and writes value and version together — no separate versions upsert (another
//    row, index entry and page per event). integration_versions keeps the `product` entity.
// 2. The products update trigger gets a cheap path for best-offer refreshes, which change only the
//    best_* columns: no old/new comparison of attributes and category trees, only the listing's sort
//    columns (and rows missing from the listing). The refresh announces itself with a transaction-local
//    setting (offers/repository.ts refreshBestOffers); every other update takes the full path of 011.
// 3. No index on products' best_price: it made every best-offer change a non-HOT update of the ~1.6 KB
//    products row (a new row version elsewhere plus an entry in each of its six indexes, GIN included).
//    Without it a refresh whose page has room is HOT. Listings sort on product_listing.best_price (not
//    indexed either, for the same reason); only the admin list sorted by price loses an index.
// 4. Not done here: products pages filled to 80 % would leave room for those HOT updates (measured on
//    the 1M catalog with bench/kafka-profile.ts, 2,000-event batches: products updates 52 % → ~100 % HOT,
//    the batch's WAL 40 → 26 MB) but grow the table by ~16 % (1,595 → 1,855 MB), and the 1M bulk import
//    (issue 2: ≥ 0.3 × a raw COPY) writes that table — `alter table products set (fillfactor = 80)` is the
//    switch for a shop whose 1C price stream matters more than its bulk loads.
export const up: string[] = [
  `drop index if exists products_price_idx`,
  `alter table offers add column if not exists price_version bigint`,
  `alter table offers add column if not exists price_occurred_at timestamptz`,
  `alter table offers add column if not exists price_event_id text`,
  // warehouse → [source_version | null, occurred_at epoch ms, event_id]
  `alter table offers add column if not exists stock_versions jsonb not null default '{}'::jsonb`,
  // carry the versions already recorded over to the own offers (then they live only there)
  `update offers o set price_version = v.source_version, price_occurred_at = v.occurred_at, price_event_id = v.event_id
     from integration_versions v join products p on p.sku = v.sku
    where v.entity = 'price' and v.warehouse = '' and o.product_id = p.id and o.source = 'own' and o.source_ref = ''`,
  `update offers o set stock_versions = o.stock_versions || s.versions
     from (select p.id as product_id,
                  jsonb_object_agg(v.warehouse, jsonb_build_array(v.source_version,
                    floor(extract(epoch from v.occurred_at) * 1000)::bigint, v.event_id)) as versions
             from integration_versions v join products p on p.sku = v.sku
            where v.entity = 'stock' group by p.id) s
    where o.product_id = s.product_id and o.source = 'own' and o.source_ref = ''`,
  `delete from integration_versions where entity in ('price', 'stock')`,
  `create or replace function product_listing_sync_update() returns trigger language plpgsql as $$
   begin
     if current_setting('vitrina.best_offer_refresh', true) = 'on' then
       -- only best_* changed: the sort columns of listed rows, and rows missing from the listing (a
       -- left join probing the listing by primary key, like the full path below)
       insert into product_listing (product_id, keys, best_price, in_stock)
         select n.id, coalesce(l.keys, listing_keys(n.category_tree_ids, n.attributes)), n.best_price, n.in_stock
           from changed_products n
           left join product_listing l on l.product_id = n.id
          where n.status = 'published'
            and (l.product_id is null or (l.best_price, l.in_stock) is distinct from (n.best_price, n.in_stock))
         on conflict (product_id) do update set best_price = excluded.best_price, in_stock = excluded.in_stock;
       return null;
     end if;
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
];
