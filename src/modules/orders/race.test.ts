import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { createShopTestApp, type ShopTestApp } from './test-app.js';
import { offerStock, seedShopOffers, type SeededOffer } from './testing.js';

const kinds = (await databaseKinds()).filter((k) => k.kind === 'postgres');

for (const { kind, skip } of kinds) {
  describe(`checkout race on ${kind}`, { skip }, () => {
    let t: ShopTestApp;
    let offer: SeededOffer;
    before(async () => {
      t = await createShopTestApp(kind);
      [offer] = await seedShopOffers(t.deps.db.kysely, { count: 1, stock: { msk: 2, spb: 1 }, prefix: 'race' });
    });
    after(async () => { await t.close(); });

    it('lets exactly 3 of 50 buyers racing for the last 3 units order, with no negative stock and nothing half-made', async () => {
      const buyers = await Promise.all(Array.from({ length: 50 }, async () => {
        const b = t.browser();
        const add = await b.request('POST', '/api/cart/items', { offer_id: offer.offer_id, quantity: 1 });
        assert.equal(add.statusCode, 200, add.body);
        return b;
      }));
      const results = await Promise.all(buyers.map((b, i) => b.request('POST', '/api/checkout', {
        contact: { name: `Покупатель ${i}`, email: `buyer${i}@example.ru`, phone: `+7912000${String(i).padStart(4, '0')}` },
        delivery: { method: 'pickup', pickup_point: 'msk' }, payment_method: 'cash_on_delivery',
      }, { 'idempotency-key': `race-${i}-key` })));
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 201).length, 3, JSON.stringify(results.filter((r) => r.statusCode !== 409 && r.statusCode !== 201).map((r) => r.body)));
      assert.equal(codes.filter((c) => c === 409).length, 47);
      for (const r of results.filter((x) => x.statusCode === 409)) {
        assert.equal(r.json().code, 'CHECKOUT_CART_CHANGED');
        assert.equal(r.json().details.changes[0].kind, 'unavailable');
      }
      assert.deepEqual(await offerStock(t.deps.db.kysely, offer.offer_id), { stock: { msk: 0, spb: 0 }, total: 0 });
      const db = t.deps.db.kysely;
      const counts = await sql<{ orders: number; items: number; held: number; events: number; history: number }>`
        select (select count(*) from orders)::int as orders, (select coalesce(sum(quantity), 0) from order_items)::int as items,
               (select coalesce(sum(quantity), 0) from stock_reservations where status = 'held')::int as held,
               (select count(*) from outbox where topic = 'order.created')::int as events,
               (select count(*) from order_status_history)::int as history`.execute(db);
      assert.deepEqual(counts.rows[0], { orders: 3, items: 3, held: 3, events: 3, history: 3 });
    });
  });
}
