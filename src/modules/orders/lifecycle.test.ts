import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../../test/db.js';
import { createShopTestApp, type ShopTestApp } from './test-app.js';
import { offerStock, seedShopOffers, type SeededOffer } from './testing.js';
import { startSmsGateway, startSmtpSink, type SmsSink, type SmtpSink } from '../notifications/testing.js';
import { ORDER_STATUS_LABELS } from './index.js';

const contact = { name: 'Мария', email: 'maria@example.ru', phone: '89035556677' };

for (const { kind, skip } of await databaseKinds()) {
  describe(`order lifecycle on ${kind}`, { skip }, () => {
    let t: ShopTestApp;
    let smtp: SmtpSink;
    let sms: SmsSink;
    let offers: SeededOffer[];
    before(async () => {
      [smtp, sms] = await Promise.all([startSmtpSink(), startSmsGateway()]);
      t = await createShopTestApp(kind, { SMTP_URL: smtp.url, SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: sms.token });
      offers = await seedShopOffers(t.deps.db.kysely, { count: 2, stock: { msk: 3 }, prefix: 'life' });
    });
    after(async () => {
      await t.close();
      await Promise.all([smtp.close(), sms.close()]);
    });

    const place = (quantity = 1) => t.services.orders.placeOrder({
      customer_id: null, items: [{ offer_id: offers[0]!.offer_id, quantity }], contact,
      delivery: { method: 'pickup', pickup_point: 'msk' }, payment_method: 'card_on_delivery',
    });

    it('applies 1C status changes in order, ignores stale and duplicate ones, and notifies the buyer of each', async () => {
      const { number } = await place();
      const o = t.services.orders;
      const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 10, m));
      assert.equal(await o.applyStatusChange({ order_ref: number, status: 'accepted', occurred_at: at(1), source: '1c' }), 'applied');
      assert.equal(await o.applyStatusChange({ order_ref: number, status: 'accepted', occurred_at: at(1), source: '1c' }), 'duplicate');
      assert.equal(await o.applyStatusChange({ order_ref: number, status: 'shipped', occurred_at: at(5), comment: 'Трек 123', source: '1c' }), 'applied');
      assert.equal(await o.applyStatusChange({ order_ref: number, status: 'assembled', occurred_at: at(3), source: '1c' }), 'stale');
      assert.equal(await o.applyStatusChange({ order_ref: 'VT-999999', status: 'shipped', occurred_at: at(6), source: '1c' }), 'unknown_order');
      await assert.rejects(o.applyStatusChange({ order_ref: number, status: 'lost', occurred_at: at(7), source: '1c' }), /ORDER_STATUS_INVALID|Unknown order status/);

      const view = await o.getByNumber(number);
      assert.equal(view.status, 'shipped');
      assert.equal(view.status_label, ORDER_STATUS_LABELS.shipped);
      assert.deepEqual(view.history.map((h) => [h.status, h.source]), [['created', 'web'], ['accepted', '1c'], ['shipped', '1c']]);
      assert.equal(view.history[2]!.comment, 'Трек 123');

      await t.services.notifications.flush();
      const mail = await smtp.waitFor((m) => m.subject === `Заказ ${number}: Передан в доставку`);
      assert.match(mail.text, /Ваш заказ VT-\d+ передан в доставку/);
      assert.match(mail.text, /Комментарий: Трек 123/);
      await smtp.waitFor((m) => m.subject === `Заказ ${number}: Принят`);
      assert.equal(smtp.messages.filter((m) => m.subject.startsWith(`Заказ ${number}:`)).length, 2, 'no mail for stale or duplicate events');
      const text = await sms.waitFor((m) => m.text === `Заказ ${number}: передан в доставку.`);
      assert.equal(text.to, '+79035556677');
    });

    it('finds orders by 1C external_ref, and a 1C cancellation returns the stock without echoing order.cancelled', async () => {
      const { number, order_id } = await place(2);
      await t.deps.db.kysely.updateTable('orders').set({ external_ref: '1c-guid-77' }).where('id', '=', order_id).execute();
      const before1 = (await offerStock(t.deps.db.kysely, offers[0]!.offer_id)).total;
      assert.equal(await t.services.orders.applyStatusChange({ order_ref: '1c-guid-77', status: 'cancelled', occurred_at: new Date(), source: '1c' }), 'applied');
      assert.equal((await offerStock(t.deps.db.kysely, offers[0]!.offer_id)).total, before1 + 2);
      const echoes = await t.deps.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'order.cancelled').execute();
      assert.ok(!echoes.some((e) => (e.payload as { order_id: string }).order_id === number));
    });

    it('serves the admin order desk behind the admin role', async () => {
      const { number, order_id } = await place();
      const list = await t.admin('GET', '/api/admin/orders?status=created');
      assert.equal(list.statusCode, 200, list.body);
      assert.ok(list.json().items.some((o: { number: string }) => o.number === number));
      const found = await t.admin('GET', `/api/admin/orders?q=${encodeURIComponent('maria@')}`);
      assert.ok(found.json().total >= 1);
      const one = await t.admin('GET', `/api/admin/orders/${order_id}`);
      assert.equal(one.json().number, number);
      assert.equal(one.json().items[0].sku, offers[0]!.sku);
      const moved = await t.admin('POST', `/api/admin/orders/${order_id}/status`, { status: 'cancelled', comment: 'Нет связи с покупателем' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().result, 'applied');
      assert.equal(moved.json().order.status, 'cancelled');
      const ev = await t.deps.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'order.cancelled').execute();
      assert.ok(ev.some((e) => (e.payload as { order_id: string }).order_id === number), "the admin's cancellation goes to 1C");
      const bad = await t.admin('POST', `/api/admin/orders/${order_id}/status`, { status: 'lost' });
      assert.equal(bad.json().code, 'ORDER_STATUS_INVALID');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/orders' })).statusCode, 401);
      // a logged-in buyer's cookie is not an admin token
      const b = t.browser();
      await b.request('POST', '/api/account/register', { email: 'notadmin@example.ru', password: 'secret-123' });
      assert.equal((await b.request('GET', `/api/admin/orders/${order_id}`)).statusCode, 401);
      assert.equal((await t.admin('GET', '/api/admin/orders/999999')).json().code, 'ORDER_NOT_FOUND');
    });

    it('retries an SMS the gateway refused and records the delivery in the notification log', async () => {
      await t.services.notifications.flush(); // earlier tests' messages must not take the refusal
      sms.failNext(1);
      const { order_id, number } = await place();
      await t.services.notifications.flush();
      let log = await t.services.notifications.log({ order_id });
      const failed = log.find((n) => n.channel === 'sms')!;
      assert.equal(failed.status, 'pending');
      assert.match(failed.last_error ?? '', /503/);
      // make it due now instead of after the backoff
      await t.deps.db.kysely.updateTable('notifications').set({ next_attempt_at: new Date() }).where('order_id', '=', order_id).execute();
      await t.services.notifications.flush();
      log = await t.services.notifications.log({ order_id });
      assert.deepEqual(log.map((n) => [n.channel, n.status]).sort(), [['email', 'sent'], ['sms', 'sent']]);
      assert.equal(log.find((n) => n.channel === 'sms')!.attempts, 2);
      const viaApi = await t.admin('GET', `/api/admin/orders/${order_id}/notifications`);
      assert.equal(viaApi.statusCode, 200, viaApi.body);
      assert.equal(viaApi.json().items.length, 2);
      await sms.waitFor((m) => m.text.includes(number));
    });
  });
}
