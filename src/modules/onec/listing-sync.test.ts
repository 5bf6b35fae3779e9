// The products update trigger of migration 011 (cheap for price and stock writes, which change only
// the listing's sort columns): after any mix of updates in one statement, product_listing must hold
// exactly what a full recompute from products gives.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/db.js';

for (const { kind, skip } of await databaseKinds()) {
  describe(`product listing update trigger on ${kind}`, { skip }, () => {
    let d: TestDatabase;
    before(async () => { d = await createTestDatabase(kind); });
    after(async () => { await d.drop(); });

    it('matches a full recompute after price-only, attribute, category and status changes in one statement', async () => {
      const db = d.db.kysely;
      const cats: number[] = [];
      for (const slug of ['ls-a', 'ls-b']) {
        cats.push((await db.insertInto('categories').values({ slug, name: slug, path: slug, depth: 0, ancestor_ids: [] })
          .returning('id').executeTakeFirstOrThrow()).id);
      }
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) {
        ids.push((await db.insertInto('products').values({
          sku: `LS-${i}`, slug: `ls-${i}`, name: 'P', primary_category_id: cats[0]!, category_tree_ids: [cats[0]!],
          attributes: JSON.stringify({ color: 'white' }), status: i === 5 ? 'draft' : 'published', best_price: 100, in_stock: true,
        } as never).returning('id').executeTakeFirstOrThrow()).id);
      }
      // a row lost from the listing must come back on the next update
      await sql`delete from product_listing where product_id = ${ids[4]!}`.execute(db);
      const expected = sql`select id as product_id, listing_keys(category_tree_ids, attributes)::text[] as keys, best_price, in_stock
        from products where status = 'published' order by id`;
      const actual = sql`select product_id, keys::text[] as keys, best_price, in_stock from product_listing order by product_id`;

      // one statement: price only (0), stock flag only (1), attributes (2), category (3), untouched
      // but missing (4), published from draft (5)
      await sql`update products p set
          best_price = case when p.id = ${ids[0]!} then 90 else p.best_price end,
          in_stock = case when p.id = ${ids[1]!} then false else p.in_stock end,
          attributes = case when p.id = ${ids[2]!} then '{"color":"black"}'::jsonb else p.attributes end,
          category_tree_ids = case when p.id = ${ids[3]!} then array[${cats[1]!}]::int[] else p.category_tree_ids end,
          status = case when p.id = ${ids[5]!} then 'published' else p.status end
        where p.id = any(${ids}::bigint[])`.execute(db);
      const norm = (rows: { product_id: unknown; keys: string[]; best_price: unknown; in_stock: boolean }[]) =>
        rows.map((r) => ({ id: Number(r.product_id), keys: r.keys.map(String).sort(), price: Number(r.best_price), in_stock: r.in_stock }));
      assert.deepEqual(norm((await actual.execute(db)).rows as never), norm((await expected.execute(db)).rows as never));
      assert.equal((await actual.execute(db)).rows.length, 6);

      await sql`update products set status = 'archived' where id = ${ids[0]!}`.execute(db);
      assert.deepEqual(norm((await actual.execute(db)).rows as never), norm((await expected.execute(db)).rows as never));

      // the best-offer refresh's cheap path (017): only best_* change; a listed row follows, a missing one comes back
      await sql`delete from product_listing where product_id = ${ids[3]!}`.execute(db);
      await db.transaction().execute(async (tx) => {
        await sql`select set_config('vitrina.best_offer_refresh', 'on', true)`.execute(tx);
        await sql`update products p set best_price = p.best_price + 7, in_stock = not p.in_stock where p.id = any(${ids}::bigint[])`.execute(tx);
        await sql`select set_config('vitrina.best_offer_refresh', 'off', true)`.execute(tx);
      });
      assert.deepEqual(norm((await actual.execute(db)).rows as never), norm((await expected.execute(db)).rows as never));
      assert.equal((await actual.execute(db)).rows.length, 5);
    });
  });
}
