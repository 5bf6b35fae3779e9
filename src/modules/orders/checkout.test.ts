import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../../test/db.js';
import { createShopTestApp, type Browser, type ShopTestApp } from './test-app.js';
import { offerStock, seedShopOffers, type SeededOffer } from './testing.js';
import { startSmsGateway, startSmtpSink, type SmsSink, type SmtpSink } from '../notifications/testing.js';
import { allocate } from './rules.js';

const contact = { name: 'Иван Петров', email: 'buyer@example.ru', phone: '+7 912 345-67-89' };
const pickup = { method: 'pickup', pickup_point: 'spb' };
const body = (extra: object = {}) => ({ contact, delivery: pickup, payment_method: 'cash_on_delivery', ...extra });

describe('stock allocation', () => {
  it('takes the pickup warehouse first, then the fullest, and refuses when short', () => {
    assert.deepEqual(allocate({ msk: 10, spb: 5 }, 7, 'spb')!.allocations, [{ warehouse: 'spb', quantity: 5 }, { warehouse: 'msk', quantity: 2 }]);
    assert.deepEqual(allocate({ msk: 10, spb: 5 }, 7, null)!.stock, { msk: 3, spb: 5 });
    assert.equal(allocate({ msk: 1, spb: 1 }, 3, null), null);
  });
});

for (const { kind, skip } of await databaseKinds()) {
  describe(`cart and checkout on ${kind}`, { skip }, () => {
    let t: ShopTestApp;
    let smtp: SmtpSink;
    let sms: SmsSink;
    let offers: SeededOffer[];
    before(async () => {
      [smtp, sms] = await Promise.all([startSmtpSink(), startSmsGateway()]);
      t = await createShopTestApp(kind, { SMTP_URL: smtp.url, SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: sms.token });
      offers = await seedShopOffers(t.deps.db.kysely, { count: 6, stock: { msk: 10, spb: 5 } });
    });
    after(async () => {
      await t.close();
      await Promise.all([smtp.close(), sms.close()]);
    });

    const checkout = (b: Browser, payload: unknown, key: string) => b.request('POST', '/api/checkout', payload, { 'idempotency-key': key });

    it('keeps a guest cart under vt_cart and refuses more than the stock', async () => {
      const b = t.browser();
      assert.deepEqual((await b.request('GET', '/api/cart')).json().items, []);
      const add = await b.request('POST', '/api/cart/items', { offer_id: offers[0]!.offer_id, quantity: 2 });
      assert.equal(add.statusCode, 200, add.body);
      assert.ok(b.cookies.vt_cart);
      await b.request('POST', '/api/cart/items', { offer_id: offers[0]!.offer_id, quantity: 3 });
      const cart = (await b.request('GET', '/api/cart')).json();
      assert.equal(cart.items[0].quantity, 5);
      assert.equal(cart.subtotal, offers[0]!.price * 5);
      const tooMany = await b.request('POST', '/api/cart/items', { offer_id: offers[0]!.offer_id, quantity: 11 });
      assert.equal(tooMany.statusCode, 409);
      assert.equal(tooMany.json().code, 'CART_QUANTITY_EXCEEDS_STOCK');
      assert.equal(tooMany.json().details.available, 15);
      assert.match(tooMany.json().message, /в наличии только 15 шт/);
      assert.equal((await b.request('PATCH', `/api/cart/items/${offers[0]!.offer_id}`, { quantity: 1 })).json().count, 1);
      assert.equal((await b.request('DELETE', `/api/cart/items/${offers[0]!.offer_id}`)).json().count, 0);
      assert.equal((await b.request('DELETE', `/api/cart/items/${offers[0]!.offer_id}`)).json().code, 'CART_ITEM_NOT_FOUND');
    });

    it('validates contacts, delivery and payment and needs an Idempotency-Key, leaving nothing behind', async () => {
      const b = t.browser();
      await b.request('POST', '/api/cart/items', { offer_id: offers[1]!.offer_id, quantity: 1 });
      const cases: [object, string, string][] = [
        [body({ contact: { ...contact, phone: '12-34' } }), 'CONTACT_INVALID', 'contact.phone'],
        [body({ contact: { ...contact, email: 'ivan@' } }), 'CONTACT_INVALID', 'contact.email'],
        [body({ delivery: { method: 'courier' } }), 'CHECKOUT_INVALID', 'delivery.address.city'],
        [body({ delivery: { method: 'pickup', pickup_point: 'mars' } }), 'CHECKOUT_INVALID', 'delivery.pickup_point'],
        [body({ payment_method: 'bitcoin' }), 'CHECKOUT_INVALID', 'payment_method'],
      ];
      for (const [payload, code, field] of cases) {
        const r = await checkout(b, payload, `bad-${field}`);
        assert.equal(r.json().code, code, r.body);
        assert.equal(r.json().field, field);
      }
      const noKey = await b.request('POST', '/api/checkout', body());
      assert.equal(noKey.json().code, 'IDEMPOTENCY_KEY_REQUIRED');
      const n = await t.deps.db.kysely.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
      assert.equal((await offerStock(t.deps.db.kysely, offers[1]!.offer_id)).total, 15);
      const empty = await checkout(t.browser(), body(), 'empty-cart-key');
      assert.equal(empty.json().code, 'CHECKOUT_CART_EMPTY');
    });

    it('places an order: stock per warehouse, items, first status, order.created event, e-mail and SMS', async () => {
      const b = t.browser();
      await b.request('POST', '/api/cart/items', { offer_id: offers[2]!.offer_id, quantity: 7 });
      await b.request('POST', '/api/cart/items', { offer_id: offers[3]!.offer_id, quantity: 1 });
      const r = await checkout(b, body({ comment: 'Позвоните заранее' }), 'order-key-0001');
      assert.equal(r.statusCode, 201, r.body);
      const order = r.json().order;
      assert.match(order.number, /^VT-\d{6}$/);
      assert.equal(order.status, 'created');
      assert.equal(order.status_label, 'Оформлен');
      assert.equal(order.phone, '+79123456789');
      assert.equal(order.subtotal, offers[2]!.price * 7 + offers[3]!.price);
      assert.equal(order.total, order.subtotal); // pickup is free
      assert.equal(order.items.length, 2);
      assert.deepEqual(order.history.map((h: { status: string }) => h.status), ['created']);
      // spb is the pickup point: its 5 go first, the other 2 come from msk
      assert.deepEqual(await offerStock(t.deps.db.kysely, offers[2]!.offer_id), { stock: { msk: 8, spb: 0 }, total: 8 });
      assert.equal((await b.request('GET', '/api/cart')).json().count, 0, 'ordered lines leave the cart');

      const ev = await t.deps.db.kysely.selectFrom('outbox').select(['key', 'payload']).where('topic', '=', 'order.created').execute();
      assert.equal(ev.length, 1);
      const p = ev[0]!.payload as Record<string, unknown>;
      // §19 fields (jsonb stores keys in its own order, so presence is what can be checked here)
      for (const k of ['order_id', 'user_id', 'items', 'total', 'status']) assert.ok(k in p, k);
      assert.equal(p.status, 'created');
      assert.equal(p.user_id, null);
      assert.equal(p.order_id, order.number);
      assert.equal(p.total, order.total);
      assert.deepEqual((p.items as { product_id: string; quantity: number }[]).map((i) => [i.product_id, i.quantity]),
        [[String(offers[2]!.product_id), 7], [String(offers[3]!.product_id), 1]]);

      await t.services.notifications.flush();
      const mail = await smtp.waitFor((m) => m.subject === `Заказ ${order.number} оформлен`);
      assert.deepEqual(mail.to, ['buyer@example.ru']);
      assert.match(mail.text, /Здравствуйте, Иван Петров!/);
      assert.match(mail.text, /Самовывоз/);
      const text = await sms.waitFor((m) => m.text.includes(order.number));
      assert.equal(text.to, '+79123456789');
    });

    it('answers the same order for the same Idempotency-Key and 409 for another body under it', async () => {
      const b = t.browser();
      await b.request('POST', '/api/cart/items', { offer_id: offers[4]!.offer_id, quantity: 1 });
      const first = await checkout(b, body(), 'idem-key-42');
      assert.equal(first.statusCode, 201, first.body);
      const again = await checkout(b, body(), 'idem-key-42');
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().replayed, true);
      assert.equal(again.json().order.number, first.json().order.number);
      const other = await checkout(b, body({ comment: 'другое' }), 'idem-key-42');
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().code, 'IDEMPOTENCY_KEY_REUSED');
      const orders = await t.deps.db.kysely.selectFrom('orders').select('id').where('idempotency_key', '=', 'idem-key-42').execute();
      assert.equal(orders.length, 1);
      assert.equal((await offerStock(t.deps.db.kysely, offers[4]!.offer_id)).total, 14);
    });

    it('says what changed when the price or stock moved since the cart, and orders once confirmed', async () => {
      const b = t.browser();
      const o = offers[5]!;
      await b.request('POST', '/api/cart/items', { offer_id: o.offer_id, quantity: 2 });
      await t.admin('PATCH', `/api/admin/offers/${o.offer_id}`, { price: o.price + 5000 });
      const r = await checkout(b, body(), 'changed-key-1');
      assert.equal(r.statusCode, 409, r.body);
      assert.equal(r.json().code, 'CHECKOUT_CART_CHANGED');
      assert.deepEqual(r.json().details.changes, [{ offer_id: o.offer_id, sku: o.sku, name: o.name, kind: 'price', was: o.price, now: o.price + 5000 }]);
      assert.match(r.json().message, /цена изменилась/);
      const cart = (await b.request('GET', '/api/cart')).json();
      assert.equal(cart.items[0].price_seen, o.price + 5000, 'the cart now shows the new price');
      assert.equal((await offerStock(t.deps.db.kysely, o.offer_id)).total, 15, 'no reservation left behind');

      await t.admin('PUT', `/api/admin/offers/${o.offer_id}/stock`, { msk: 1 });
      const short = await checkout(b, body(), 'changed-key-2');
      assert.equal(short.json().code, 'CHECKOUT_CART_CHANGED');
      assert.equal(short.json().details.changes[0].kind, 'stock');
      assert.equal(short.json().details.changes[0].now, 1);
      await b.request('PATCH', `/api/cart/items/${o.offer_id}`, { quantity: 1 });
      const ok = await checkout(b, body({ delivery: { method: 'courier', address: { city: 'Москва', line1: 'ул. Арбат, 1, кв. 2', postcode: '119002' } } }), 'changed-key-3');
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().order.delivery_cost, 30000);
      assert.equal((await offerStock(t.deps.db.kysely, o.offer_id)).total, 0);
      const product = await t.deps.db.kysely.selectFrom('products').select('in_stock').where('id', '=', o.product_id).executeTakeFirstOrThrow();
      assert.equal(product.in_stock, false, 'sold out shows on the product');
    });

    it('merges the guest cart at login, lists the account orders and lets the buyer cancel a created order', async () => {
      const b = t.browser();
      await b.request('POST', '/api/account/register', { email: 'merge@example.ru', password: 'secret-123' });
      await b.request('POST', '/api/cart/items', { offer_id: offers[1]!.offer_id, quantity: 1 });
      await b.request('POST', '/api/account/logout');
      await b.request('POST', '/api/cart/items', { offer_id: offers[1]!.offer_id, quantity: 2 });
      await b.request('POST', '/api/cart/items', { offer_id: offers[0]!.offer_id, quantity: 1 });
      const guestCookie = b.cookies.vt_cart;
      assert.ok(guestCookie);
      await b.request('POST', '/api/account/login', { email: 'merge@example.ru', password: 'secret-123' });
      assert.equal(b.cookies.vt_cart, undefined, 'the guest cookie is cleared');
      const cart = (await b.request('GET', '/api/cart')).json();
      assert.deepEqual(cart.items.map((i: { offer_id: number; quantity: number }) => [i.offer_id, i.quantity]).sort(),
        [[offers[0]!.offer_id, 1], [offers[1]!.offer_id, 3]].sort());

      const placed = await checkout(b, body({ contact: { ...contact, email: 'merge@example.ru' } }), 'merge-order-1');
      assert.equal(placed.statusCode, 201, placed.body);
      const number = placed.json().order.number;
      const list = (await b.request('GET', '/api/account/orders')).json();
      assert.equal(list.total, 1);
      assert.equal(list.items[0].number, number);
      assert.equal(list.items[0].items_count, 4);
      assert.equal((await t.browser().request('GET', `/api/account/orders/${number}`)).statusCode, 401);
      const stranger = t.browser();
      await stranger.request('POST', '/api/account/register', { email: 'stranger@example.ru', password: 'secret-123' });
      assert.equal((await stranger.request('GET', `/api/account/orders/${number}`)).json().code, 'ORDER_NOT_FOUND');

      const before1 = (await offerStock(t.deps.db.kysely, offers[1]!.offer_id)).total;
      const cancel = await b.request('POST', `/api/account/orders/${number}/cancel`, { reason: 'Передумал' });
      assert.equal(cancel.statusCode, 200, cancel.body);
      assert.equal(cancel.json().status, 'cancelled');
      assert.equal((await offerStock(t.deps.db.kysely, offers[1]!.offer_id)).total, before1 + 3, 'stock returned');
      const ev = await t.deps.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'order.cancelled').execute();
      assert.ok(ev.some((e) => (e.payload as { order_id: string }).order_id === number));
      const twice = await b.request('POST', `/api/account/orders/${number}/cancel`, {});
      assert.equal(twice.json().code, 'ORDER_NOT_CANCELLABLE');
    });
  });
}
