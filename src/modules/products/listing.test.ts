// The listing read model: the SQL keys (triggers) and the TypeScript keys (bulk loader) must agree,
// and the triggers must keep product_listing in step with every kind of product write.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { TokenCache, valueToken } from './listing-keys.js';

const cases: Record<string, unknown>[] = [
  { color: 'white', nfc: true, bands: ['lte', '5g'], memory: 256, size: { min: 1, max: 2 } },
  { 'цвет': 'Синий', 'память': '256 ГБ', waterproof: false },
  { empty: [], note: 'a\\tb "quoted"' },
];

for (const { kind, skip } of await databaseKinds()) {
  describe(`product listing keys on ${kind}`, { skip }, () => {
    let d: TestDatabase;
    before(async () => { d = await createTestDatabase(kind); });
    after(async () => { await d.drop(); });

    it('computes the same keys in SQL and in TypeScript', async () => {
      const tokens = new TokenCache();
      for (const attrs of cases) {
        const r = await sql<{ keys: string[] }>`select listing_keys(${'{3,7}'}::int[], ${JSON.stringify(attrs)}::jsonb)::text[] as keys`.execute(d.db.kysely);
        const fromSql = r.rows[0]!.keys.map(String).sort();
        const fromTs = tokens.keys([3, 7], attrs as never).sort();
        assert.deepEqual(fromSql, fromTs, JSON.stringify(attrs));
      }
      assert.ok(BigInt(valueToken('color', 'white')) < 0n, 'tokens are negative, apart from category ids');
    });

    it('follows inserts, updates and unpublishing through the triggers', async () => {
      const db = d.db.kysely;
      const cat = await db.insertInto('categories').values({ slug: 'lk', name: 'LK', path: 'lk', depth: 0, ancestor_ids: [] })
        .returning('id').executeTakeFirstOrThrow();
      const base = { name: 'P', primary_category_id: cat.id, category_tree_ids: [cat.id], attributes: JSON.stringify({ color: 'white' }) };
      const p = await db.insertInto('products').values({ ...base, sku: 'LK-1', slug: 'lk-1', status: 'published', best_price: 100, in_stock: true } as never)
        .returning('id').executeTakeFirstOrThrow();
      await db.insertInto('products').values({ ...base, sku: 'LK-2', slug: 'lk-2', status: 'draft' } as never).execute();
      // keys as text: PGlite reads int8[] into JS numbers, which cannot hold 63-bit tokens
      const rows = async () => (await sql<{ keys: string[]; best_price: number }>`select keys::text[] as keys, best_price from product_listing`.execute(db)).rows;
      let l = await rows();
      assert.equal(l.length, 1, 'only the published product is listed');
      assert.deepEqual(l[0]!.keys.map(String).sort(), [String(cat.id), valueToken('color', 'white')].sort());
      assert.equal(Number(l[0]!.best_price), 100);

      await db.updateTable('products').set({ best_price: 90, attributes: JSON.stringify({ color: 'black' }) as never }).where('id', '=', p.id).execute();
      l = await rows();
      assert.equal(Number(l[0]!.best_price), 90);
      assert.ok(l[0]!.keys.map(String).includes(valueToken('color', 'black')));

      await db.updateTable('products').set({ status: 'archived' }).where('id', '=', p.id).execute();
      assert.equal((await rows()).length, 0, 'unpublished products leave the listing');
      await db.deleteFrom('products').where('id', '=', p.id).execute();
    });
  });
}
