import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import type { Offer } from './index.js';

for (const { kind, skip } of await databaseKinds()) {
  describe(`offers on ${kind}`, { skip }, () => {
    let t: TestApp;
    let categoryId: number;
    let n = 0;
    before(async () => {
      t = await createTestApp(kind);
      // a category without a matrix: offers do not care about attributes
      const c = await t.deps.db.kysely
        .insertInto('categories')
        .values({ slug: 'tovary', name: 'Товары', path: 'tovary', depth: 0, ancestor_ids: [] })
        .returning('id')
        .executeTakeFirstOrThrow();
      categoryId = c.id;
      await t.deps.db.kysely.updateTable('categories').set({ ancestor_ids: [c.id] }).where('id', '=', c.id).execute();
    });
    after(async () => {
      await t?.close();
    });

    const db = () => t.deps.db.kysely;
    const product = async () => {
      const r = await t.admin('POST', '/api/admin/products', { sku: `OF-${++n}`, name: `Товар ${n}`, category_ids: [categoryId] });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { id: number; sku: string };
    };
    const add = async (productId: number, body: Record<string, unknown>): Promise<Offer> => {
      const r = await t.admin('POST', `/api/admin/products/${productId}/offers`, body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    const best = async (productId: number) =>
      db()
        .selectFrom('products')
        .select(['best_offer_id', 'best_price', 'best_old_price', 'best_currency', 'in_stock'])
        .where('id', '=', productId)
        .executeTakeFirstOrThrow();

    it('creates an offer with stock per warehouse and keeps stock_total in sync', async () => {
      const p = await product();
      const o = await add(p.id, { source: 'own', price: 129_900, old_price: 149_900, stock: { msk: 100, spb: 50 } });
      assert.deepEqual(
        { source: o.source, source_ref: o.source_ref, currency: o.currency, stock_total: o.stock_total, best: o.best },
        { source: 'own', source_ref: '', currency: 'RUB', stock_total: 150, best: true },
      );
      assert.deepEqual(await best(p.id), { best_offer_id: o.id, best_price: 129_900, best_old_price: 149_900, best_currency: 'RUB', in_stock: true });
      const s = await t.admin('PUT', `/api/admin/offers/${o.id}/stock`, { msk: 0, ekb: 0 });
      assert.equal(s.statusCode, 200, s.body);
      assert.deepEqual([s.json().stock, s.json().stock_total], [{ msk: 0, ekb: 0 }, 0]);
      assert.equal((await best(p.id)).in_stock, false);
      const listed = await t.admin('GET', `/api/admin/products/${p.sku}/offers`);
      assert.deepEqual(listed.json().items.map((x: Offer) => x.id), [o.id]);
    });

    it('answers 422 OFFER_INVALID naming the field for bad prices, currency and stock', async () => {
      const p = await product();
      const cases: [Record<string, unknown>, string][] = [
        [{ source: 'own', price: 1000, old_price: 1000 }, 'old_price'],
        [{ source: 'own', price: 1000, old_price: 900 }, 'old_price'],
        [{ source: 'own', price: -1 }, 'price'],
        [{ source: 'own', price: 1000, currency: 'XYZ' }, 'currency'],
        [{ source: 'own', price: 1000, stock: { 'Москва': 1 } }, 'stock.Москва'],
        [{ source: 'own', price: 1000, stock: { msk: -5 } }, 'stock.msk'],
      ];
      for (const [body, field] of cases) {
        const r = await t.admin('POST', `/api/admin/products/${p.id}/offers`, body);
        assert.equal(r.statusCode, 422, `${JSON.stringify(body)} → ${r.body}`);
        assert.deepEqual([r.json().code, r.json().field], ['OFFER_INVALID', field]);
      }
      const o = await add(p.id, { source: 'own', price: 1000, old_price: 1200, currency: 'usd' });
      assert.equal(o.currency, 'USD');
      const up = await t.admin('PATCH', `/api/admin/offers/${o.id}`, { price: 1300 });
      assert.deepEqual([up.statusCode, up.json().field], [422, 'price']);
      assert.equal((await t.admin('PATCH', `/api/admin/offers/${o.id}`, { price: 1300, old_price: null })).json().old_price, null);
      assert.equal((await t.admin('POST', '/api/admin/products/999999/offers', { source: 'own', price: 1 })).statusCode, 404);
    });

    it('refuses a second offer from the same source and ref, writing nothing', async () => {
      const p = await product();
      await add(p.id, { source: 'supplier', source_ref: 'SUP-1', price: 500, stock: { msk: 1 } });
      await add(p.id, { source: 'supplier', source_ref: 'SUP-2', price: 400 });
      const before = await sql<{ o: number; e: number }>`select (select count(*) from offers) as o,
        (select count(*) from outbox) as e`.execute(db());
      const bestBefore = await best(p.id);
      const r = await t.admin('POST', `/api/admin/products/${p.id}/offers`, { source: 'supplier', source_ref: 'SUP-1', price: 1 });
      assert.equal(r.statusCode, 409);
      assert.deepEqual([r.json().code, r.json().field], ['OFFER_DUPLICATE', 'source_ref']);
      const afterCounts = await sql<{ o: number; e: number }>`select (select count(*) from offers) as o,
        (select count(*) from outbox) as e`.execute(db());
      assert.deepEqual(afterCounts.rows, before.rows);
      assert.deepEqual(await best(p.id), bestBefore);
    });

    describe('best-offer rule', () => {
      it('prefers an offer in stock to a cheaper one out of stock', async () => {
        const p = await product();
        await add(p.id, { source: 'own', price: 900, stock: { msk: 0 } });
        const inStock = await add(p.id, { source: 'supplier', source_ref: 'A', price: 1500, stock: { msk: 2 } });
        assert.equal((await best(p.id)).best_offer_id, inStock.id);
        assert.equal((await best(p.id)).in_stock, true);
      });

      it('among equally stocked offers picks the lowest price', async () => {
        const p = await product();
        await add(p.id, { source: 'own', price: 1200, stock: { msk: 1 } });
        const cheap = await add(p.id, { source: 'supplier', source_ref: 'B', price: 1100, old_price: 1300, stock: { spb: 7 } });
        await add(p.id, { source: 'seller', source_ref: '42', price: 1150, stock: { msk: 3 } });
        assert.deepEqual(await best(p.id), { best_offer_id: cheap.id, best_price: 1100, best_old_price: 1300, best_currency: 'RUB', in_stock: true });
        // out of stock everywhere: still the cheapest, and the product is not in stock
        const p2 = await product();
        await add(p2.id, { source: 'own', price: 700 });
        const c2 = await add(p2.id, { source: 'seller', source_ref: '1', price: 600 });
        assert.deepEqual([(await best(p2.id)).best_offer_id, (await best(p2.id)).in_stock], [c2.id, false]);
      });

      it('breaks a price tie by source: own, then seller, then supplier', async () => {
        const p = await product();
        const sup = await add(p.id, { source: 'supplier', source_ref: 'C', price: 1000, stock: { msk: 1 } });
        assert.equal((await best(p.id)).best_offer_id, sup.id);
        const sel = await add(p.id, { source: 'seller', source_ref: '7', price: 1000, stock: { msk: 1 } });
        assert.equal((await best(p.id)).best_offer_id, sel.id);
        const own = await add(p.id, { source: 'own', price: 1000, stock: { msk: 1 } });
        assert.equal((await best(p.id)).best_offer_id, own.id);
        const list = (await t.admin('GET', `/api/admin/products/${p.id}/offers`)).json().items as Offer[];
        assert.deepEqual(list.map((o) => [o.id, o.best]), [[own.id, true], [sel.id, false], [sup.id, false]]);
        // the card's list and the stored best offer follow one rule
        const svc = await t.services.offers.listForProduct(p.id);
        assert.deepEqual(svc.map((o: Offer) => o.id), [own.id, sel.id, sup.id]);
      });

      it('moves the best offer when stock or price changes and clears it when no offer is left', async () => {
        const p = await product();
        const a = await add(p.id, { source: 'own', price: 1000, stock: { msk: 1 } });
        const b = await add(p.id, { source: 'seller', source_ref: '9', price: 2000, stock: { msk: 1 } });
        await t.admin('PUT', `/api/admin/offers/${a.id}/stock`, {});
        assert.equal((await best(p.id)).best_offer_id, b.id);
        await t.admin('PATCH', `/api/admin/offers/${b.id}`, { price: 2500, old_price: 3000 });
        assert.deepEqual([(await best(p.id)).best_price, (await best(p.id)).best_old_price], [2500, 3000]);
        assert.equal((await t.admin('DELETE', `/api/admin/offers/${b.id}`)).statusCode, 204);
        assert.equal((await best(p.id)).best_offer_id, a.id);
        await t.admin('DELETE', `/api/admin/offers/${a.id}`);
        assert.deepEqual(await best(p.id), { best_offer_id: null, best_price: null, best_old_price: null, best_currency: null, in_stock: false });
        assert.equal((await t.admin('GET', `/api/admin/offers/${a.id}`)).statusCode, 404);
      });

      it('recomputes every product in one set-based pass', async () => {
        const p = await product();
        const o = await add(p.id, { source: 'own', price: 4200, stock: { msk: 1 } });
        // corrupt the denormalized columns behind the service's back
        await db().updateTable('products').set({ best_offer_id: null, best_price: 1, in_stock: false }).execute();
        const changed = await t.services.offers.recomputeBestOffers(null);
        assert.ok(changed >= 1);
        assert.deepEqual(await best(p.id), { best_offer_id: o.id, best_price: 4200, best_old_price: null, best_currency: 'RUB', in_stock: true });
        assert.equal(await t.services.offers.recomputeBestOffers(null), 0, 'a second pass has nothing to change');
        assert.equal(await t.services.offers.recomputeBestOffers([]), 0);
      });
    });

    it('publishes catalog.offer_changed for every change', async () => {
      const p = await product();
      const o = await add(p.id, { source: 'own', price: 10 });
      await t.admin('PATCH', `/api/admin/offers/${o.id}`, { price: 20 });
      await t.admin('PUT', `/api/admin/offers/${o.id}/stock`, { msk: 1 });
      await t.admin('DELETE', `/api/admin/offers/${o.id}`);
      const ev = await db().selectFrom('outbox').select(['topic', 'payload']).where('key', '=', p.sku).orderBy('id').execute();
      assert.deepEqual(
        ev.filter((e: { topic: string }) => e.topic === 'catalog.offer_changed').map((e: { payload: unknown }) => (e.payload as { change: string }).change),
        ['created', 'updated', 'updated', 'deleted'],
      );
    });
  });
}
