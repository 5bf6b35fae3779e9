import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { bulkIndexes } from '../../platform/db/migrations/001_catalog.js';
import { catalogStats, type SeedResult } from './index.js';

for (const { kind, skip } of await databaseKinds()) {
  describe(`seeding a generated catalog on ${kind}`, { skip }, () => {
    let t: TestApp;
    let first: SeedResult;
    const opts = { categories: 60, products: 500, seed: 42 };
    const db = () => t.deps.db.kysely;

    before(async () => {
      t = await createTestApp(kind);
      first = await t.services.bulk.seed(opts);
    });
    after(async () => {
      await t?.close();
    });

    it('loads the whole catalog into an empty database on the fast path', async () => {
      assert.equal(first.mode, 'fast');
      assert.equal(first.rejected, 0);
      assert.equal(first.products, 500);
      const stats = await catalogStats(t.deps.db);
      assert.deepEqual(Object.keys(stats).sort(), ['attributes', 'categories', 'offers', 'products']);
      assert.equal(stats.categories, 60);
      assert.equal(stats.products, 500);
      assert.equal(stats.offers, first.offers);
      assert.ok(stats.offers >= 500 && stats.attributes > 30);
      const { rows } = await sql<{ depth: number }>`select max(depth) as depth from categories`.execute(db());
      assert.ok(rows[0]!.depth >= 3, 'at least four levels');
    });

    it('lands every product valid against its categories’ matrix', async () => {
      const products = await db().selectFrom('products').select(['id', 'primary_category_id', 'attributes']).execute();
      const links = await db().selectFrom('product_categories').select(['product_id', 'category_id', 'is_primary']).execute();
      const byProduct = new Map<number, number[]>();
      for (const l of links) byProduct.set(l.product_id, [...(byProduct.get(l.product_id) ?? []), l.category_id]);
      for (const p of products) {
        const cats = byProduct.get(p.id)!;
        assert.ok(cats.includes(p.primary_category_id));
        const { problems } = (await t.services.attributes.validatorFor(p.primary_category_id, cats))(p.attributes);
        assert.deepEqual(problems, [], `product ${p.id}`);
        const n = Object.keys(p.attributes).length;
        assert.ok(n >= 10 && n <= 30, `${n} values`);
      }
    });

    it('fills category_tree_ids from the ancestors of every category of the product', async () => {
      const { rows } = await sql<{ bad: number }>`
        select count(*)::int as bad from products p
         where p.category_tree_ids <> (
           select array_agg(distinct a order by a) from product_categories pc
             join categories c on c.id = pc.category_id cross join lateral unnest(c.ancestor_ids) a
            where pc.product_id = p.id)`.execute(db());
      assert.equal(rows[0]!.bad, 0);
    });

    it('sets best offers by the offers rule (a recompute changes nothing)', async () => {
      const missing = await db().selectFrom('products').select('id').where('best_offer_id', 'is', null).execute();
      assert.equal(missing.length, 0);
      assert.equal(await t.services.offers.recomputeBestOffers(null), 0);
      const stocked = await db().selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('in_stock', '=', true).executeTakeFirstOrThrow();
      assert.ok(Number(stocked.n) > 250);
    });

    it('restores every bulk index and foreign key it set aside', async () => {
      const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename in ('products', 'product_categories', 'offers')`.execute(db());
      const names = new Set(rows.map((r) => r.indexname));
      for (const name of [...Object.keys(bulkIndexes), 'products_sku_uq', 'products_slug_uq']) assert.ok(names.has(name), name);
      const fks = await sql<{ conname: string; convalidated: boolean }>`
        select conname, convalidated from pg_constraint
         where contype = 'f' and conrelid in ('products'::regclass, 'product_categories'::regclass, 'offers'::regclass)`.execute(db());
      assert.equal(fks.rows.length, 5);
      assert.ok(fks.rows.every((r) => r.convalidated));
    });

    it('publishes one catalog.bulk_imported event for the load', async () => {
      const events = await db().selectFrom('outbox').select(['payload']).where('topic', '=', 'catalog.bulk_imported').execute();
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]!.payload, { products: 500, offers: first.offers });
    });

    it('seeding again goes through the upsert path and duplicates nothing', async () => {
      const before = await catalogStats(t.deps.db);
      const again = await t.services.bulk.seed(opts);
      assert.equal(again.mode, 'upsert');
      assert.equal(again.rejected, 0);
      assert.equal(again.categories, 0, 'categories matched by path');
      assert.deepEqual(await catalogStats(t.deps.db), before);
      assert.equal(await t.services.offers.recomputeBestOffers(null), 0);
    });
  });
}
