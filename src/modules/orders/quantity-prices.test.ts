// Quantity tiers ("from 5 pieces, X each", e.g. ocStore's product discounts): the cart shows the unit
// price of the line's quantity and checkout charges exactly that; expired tiers and other customer
// groups' tiers are not offered; a tier never raises the price of a piece.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { unitPrice } from '../offers/index.js';
import { createShopTestApp, type ShopTestApp } from './test-app.js';
import { seedShopOffers, type SeededOffer } from './testing.js';

describe('unit price of a quantity', () => {
  const tiers = [
    { min_quantity: 5, price: 900, priority: 1 },
    { min_quantity: 10, price: 800, priority: 1 },
    { min_quantity: 10, price: 850, priority: 0 },
  ];
  it('takes the reached tier of the lowest priority, then the lowest price, never above the base', () => {
    assert.equal(unitPrice(1000, tiers, 1), 1000);
    assert.equal(unitPrice(1000, tiers, 5), 900);
    assert.equal(unitPrice(1000, tiers, 12), 850);
    assert.equal(unitPrice(700, tiers, 12), 700, 'a running special below the tier wins');
    assert.equal(unitPrice(1000, undefined, 50), 1000);
  });
});

const contact = { name: 'Иван Петров', email: 'buyer@example.ru', phone: '+7 912 345-67-89' };
const body = { contact, delivery: { method: 'pickup', pickup_point: 'spb' }, payment_method: 'cash_on_delivery' };

for (const { kind, skip } of await databaseKinds()) {
  describe(`quantity prices in the cart and checkout on ${kind}`, { skip }, () => {
    let t: ShopTestApp;
    let offers: SeededOffer[];
    before(async () => {
      t = await createShopTestApp(kind);
      offers = await seedShopOffers(t.deps.db.kysely, { count: 2, stock: { msk: 20, spb: 20 } });
      const o = offers[0]!;
      const db = t.deps.db.kysely;
      await sql`insert into offer_quantity_prices (offer_id, min_quantity, price, customer_group, priority, starts_at, ends_at) values
        (${o.offer_id}, 5, ${o.price - 100}, '', 0, null, null),
        (${o.offer_id}, 3, ${o.price - 500}, '', 0, null, now() - interval '1 day'),
        (${o.offer_id}, 2, ${o.price - 700}, 'ocstore:2', 0, null, null)`.execute(db);
    });
    after(async () => { await t.close(); });

    it('shows the tier price once the quantity reaches it and charges it at checkout', async () => {
      const o = offers[0]!;
      const b = t.browser();
      await b.request('POST', '/api/cart/items', { offer_id: o.offer_id, quantity: 3 });
      let cart = (await b.request('GET', '/api/cart')).json();
      assert.equal(cart.items[0].price, o.price, 'the expired tier (3+) and the other group\'s tier (2+) are not offered');
      const patched = await b.request('PATCH', `/api/cart/items/${o.offer_id}`, { quantity: 6 });
      assert.equal(patched.statusCode, 200, patched.body);
      cart = (await b.request('GET', '/api/cart')).json();
      assert.equal(cart.items[0].price, o.price - 100);
      assert.equal(cart.items[0].old_price, o.price, 'the regular price is shown struck through');
      assert.equal(cart.items[0].price_changed, false);
      assert.equal(cart.subtotal, (o.price - 100) * 6);
      await b.request('POST', '/api/cart/items', { offer_id: offers[1]!.offer_id, quantity: 1 });

      const r = await b.request('POST', '/api/checkout', body, { 'idempotency-key': 'qty-tier-1' });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().order.subtotal, (o.price - 100) * 6 + offers[1]!.price);
      const items = await t.deps.db.kysely.selectFrom('order_items').select(['offer_id', 'price', 'quantity']).orderBy('offer_id').execute();
      assert.deepEqual(items.map((i) => [Number(i.offer_id), Number(i.price), i.quantity]), [
        [o.offer_id, o.price - 100, 6], [offers[1]!.offer_id, offers[1]!.price, 1],
      ]);
    });

    it('flags the line when a smaller quantity loses the tier, and checkout charges the base price', async () => {
      const o = offers[0]!;
      const b = t.browser();
      await b.request('POST', '/api/cart/items', { offer_id: o.offer_id, quantity: 5 });
      assert.equal((await b.request('GET', '/api/cart')).json().items[0].price, o.price - 100);
      await b.request('PATCH', `/api/cart/items/${o.offer_id}`, { quantity: 2 });
      const cart = (await b.request('GET', '/api/cart')).json();
      assert.equal(cart.items[0].price, o.price);
      assert.equal(cart.items[0].price_changed, false, 'the buyer saw the new price when changing the quantity');
      const r = await b.request('POST', '/api/checkout', body, { 'idempotency-key': 'qty-tier-2' });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().order.subtotal, o.price * 2);
    });
  });
}
