// The set-based catalog apply without a broker (handler called with Kafka-shaped messages), on PGlite
// and PostgreSQL: what changed is written once with one outbox event; what did not change writes
// nothing; a price and stock for a SKU without an own offer create it with both; the best offer
// and the listing follow in the same transaction.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { databaseKinds } from '../../../test/db.js';
import { kafkaMetrics, type KafkaMessage } from '../../platform/kafka/index.js';
import { seedCatalog } from '../products/testing.js';
import { createOnecService, type OnecService } from './index.js';
import { announcedOfferChanges, waitFor } from './test-helpers.js';

let offset = 0n;
const msg = (topic: string, body: unknown, version: number): KafkaMessage =>
  ({
    topic, partition: 0, offset: offset++, key: (body as { sku: string }).sku, value: JSON.stringify(body), timestamp: BigInt(Date.now()),
    headers: new Map([['event_id', randomUUID()], ['source_version', String(version)]]), commit: () => {},
  }) as unknown as KafkaMessage;

// PostgreSQL also runs with two apply lanes (concurrent transactions split by SKU), an option the default leaves off
for (const { kind, skip, lanes } of (await databaseKinds()).flatMap((k) => (k.kind === 'postgres' ? [1, 2] : [1]).map((lanes) => ({ ...k, lanes })))) {
  describe(`1C catalog apply, set-based, on ${kind}, ${lanes} lane(s)`, { skip }, () => {
    let t: TestApp;
    let svc: OnecService;
    const dead: string[] = [];
    const row = async (sku: string) =>
      (await sql<{ price: number; stock: Record<string, number>; stock_total: number; best_price: number | null; in_stock: boolean; listed: number | null; updated: Date }>`
        select o.price, o.stock, o.stock_total, p.best_price, p.in_stock, l.best_price as listed, o.updated_at as updated
        from products p join offers o on o.product_id = p.id and o.source = 'own' left join product_listing l on l.product_id = p.id
        where p.sku = ${sku}`.execute(t.deps.db.kysely)).rows[0];
    const events = async (sku: string) =>
      (await sql<{ change: string }>`select c.change from ${announcedOfferChanges} c where c.sku = ${sku}`
        .execute(t.deps.db.kysely)).rows.map((r) => r.change);

    before(async () => {
      t = await createTestApp(kind);
      const { cat } = await seedCatalog(t.deps.db.kysely);
      for (const sku of ['S-1', 'S-2', 'S-NEW', 'S-BEST', 'S-BIG', 'S-RACE']) {
        await t.services.products.create({ sku, name: sku, category_ids: [cat.accessories], status: 'published' });
      }
      await t.services.offers.create('S-1', { source: 'own', price: 1000, stock: { msk: 1 } });
      await t.services.offers.create('S-2', { source: 'own', price: 2000, stock: { msk: 1 } });
      await t.services.offers.create('S-BIG', { source: 'own', price: 2000, stock: { msk: 1 } });
      await t.services.offers.create('S-RACE', { source: 'own', price: 2000, stock: { msk: 1 } });
      await t.services.offers.create('S-BEST', { source: 'own', price: 3000, stock: { msk: 1 } });
      await t.services.offers.create('S-BEST', { source: 'seller', source_ref: 'shop-1', price: 2500, stock: { msk: 1 } });
      svc = createOnecService(t.deps, t.services, {
        prefix: '', applyLanes: lanes, deadLetter: async (items) => void dead.push(...items.map((d) => d.rejection.code)),
      });
    });
    after(async () => { await t?.close(); });

    it('writes a batch of prices and stock with one event per changed offer and the best offer in step', async () => {
      const before = (await events('S-1')).length;
      await svc.handleCatalogBatch([
        msg('price.changed', { sku: 'S-1', price: 1500 }, 10),
        msg('stock.changed', { sku: 'S-1', warehouse: 'spb', quantity: 4 }, 11),
        msg('price.changed', { sku: 'S-2', price: 2500 }, 10),
        msg('price.changed', { sku: 'S-2', price: 2600 }, 12),
      ]);
      const s1 = (await row('S-1'))!;
      assert.equal(s1.price, 1500);
      assert.deepEqual(s1.stock, { msk: 1, spb: 4 });
      assert.equal(s1.stock_total, 5);
      assert.equal(Number(s1.best_price), 1500);
      assert.equal(Number(s1.listed), 1500, 'the listing follows the best price');
      assert.equal(Number((await row('S-2'))!.best_price), 2600, 'the newest event of a key wins within a batch');
      assert.deepEqual((await events('S-1')).slice(before), ['updated'], 'price and stock of one offer: one event');
    });

    it('writes nothing for a newer event that changes no value', async () => {
      const was = (await row('S-1'))!;
      const n = (await events('S-1')).length;
      await svc.handleCatalogBatch([
        msg('price.changed', { sku: 'S-1', price: 1500 }, 20),
        msg('stock.changed', { sku: 'S-1', stock: { spb: 4 } }, 21),
      ]);
      const now = (await row('S-1'))!;
      assert.equal(new Date(now.updated).getTime(), new Date(was.updated).getTime(), 'the offer row was not rewritten');
      assert.equal((await events('S-1')).length, n, 'no event without a change');
    });

    it('compares source versions beyond 2^53 exactly (an equal version from another event is stale)', async () => {
      // 2^53 + 1 read back as a JS number would be 2^53, and the same version again would look newer
      const v = '9007199254740993';
      const big = (body: unknown) => {
        const m = msg('price.changed', body, 0);
        (m.headers as unknown as Map<string, string>).set('source_version', v);
        return m;
      };
      await svc.handleCatalogBatch([big({ sku: 'S-BIG', price: 1111 })]);
      assert.equal((await row('S-BIG'))!.price, 1111);
      await svc.handleCatalogBatch([big({ sku: 'S-BIG', price: 2222 })]);
      assert.equal((await row('S-BIG'))!.price, 1111, 'the same version from another event is ignored');
      const stored = await sql<{ v: string }>`select o.price_version::text as v from offers o join products p on p.id = o.product_id
        where p.sku = 'S-BIG' and o.source = 'own'`.execute(t.deps.db.kysely);
      assert.equal(stored.rows[0]!.v, v);
    });

    it('keeps the best offer exact when the own offer loses, takes, keeps or gives up first place', async () => {
      // the product's best offer must always equal a full recompute, whichever refreshes the batch skipped
      const best = async () => {
        const r = (await sql<{ best_offer_id: number; best_price: number; in_stock: boolean; source: string }>`
          select p.best_offer_id, p.best_price, p.in_stock, o.source from products p join offers o on o.id = p.best_offer_id
          where p.sku = 'S-BEST'`.execute(t.deps.db.kysely)).rows[0]!;
        return { source: r.source, price: Number(r.best_price), in_stock: r.in_stock };
      };
      const steps: [KafkaMessage, { source: string; price: number; in_stock: boolean }][] = [
        [msg('price.changed', { sku: 'S-BEST', price: 2800 }, 100), { source: 'seller', price: 2500, in_stock: true }], // still behind
        [msg('price.changed', { sku: 'S-BEST', price: 2500 }, 101), { source: 'own', price: 2500, in_stock: true }], // tie: own first
        [msg('stock.changed', { sku: 'S-BEST', warehouse: 'spb', quantity: 3 }, 102), { source: 'own', price: 2500, in_stock: true }],
        [msg('price.changed', { sku: 'S-BEST', price: 2400, old_price: 2600 }, 103), { source: 'own', price: 2400, in_stock: true }],
        [msg('price.changed', { sku: 'S-BEST', price: 2700 }, 104), { source: 'seller', price: 2500, in_stock: true }], // gives it up
        [msg('price.changed', { sku: 'S-BEST', price: 100 }, 105), { source: 'own', price: 100, in_stock: true }],
        [msg('stock.changed', { sku: 'S-BEST', stock: { msk: 0, spb: 0 } }, 106), { source: 'seller', price: 2500, in_stock: true }], // sold out
        [msg('stock.changed', { sku: 'S-BEST', warehouse: 'ekb', quantity: 1 }, 107), { source: 'own', price: 100, in_stock: true }],
      ];
      for (const [m, expected] of steps) {
        await svc.handleCatalogBatch([m]);
        assert.deepEqual(await best(), expected, m.value!);
        assert.equal(await t.services.offers.recomputeBestOffers(null), 0, `nothing left for a full recompute after ${m.value}`);
      }
    });

    it('creates the own offer with its stock when the price arrives first, and rejects stock alone for it', async () => {
      await svc.handleCatalogBatch([msg('stock.changed', { sku: 'S-NEW', warehouse: 'msk', quantity: 1 }, 1)]);
      assert.deepEqual(dead, ['OFFER_MISSING']);
      await svc.handleCatalogBatch([
        msg('price.changed', { sku: 'S-NEW', price: 700 }, 2),
        msg('stock.changed', { sku: 'S-NEW', stock: { msk: 2, ekb: 3 } }, 3),
      ]);
      const r = (await row('S-NEW'))!;
      assert.equal(r.price, 700);
      assert.equal(r.stock_total, 5);
      assert.equal(r.in_stock, true);
      assert.equal(Number(r.best_price), 700);
      assert.deepEqual(await events('S-NEW'), ['created']);
    });

    // server PostgreSQL only: PGlite has one session, so there is no other writer
    if (kind === 'postgres') it('applies again with the offers locked when another writer changes one between read and write, losing neither change', async () => {
      const db = t.deps.db.kysely;
      const retries = async () => (await kafkaMetrics(t.deps.metrics.registry).optimisticRetries.get()).values[0]?.value ?? 0;
      const before = await retries();
      // another writer (an admin edit, a CommerceML import) holds S-RACE's own offer: a new warehouse, not committed yet
      let release!: () => void;
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      const other = db.transaction().execute(async (tx) => {
        await sql`update offers o set stock = o.stock || '{"kzn": 7}'::jsonb, stock_total = o.stock_total + 7
          from products p where p.id = o.product_id and p.sku = 'S-RACE' and o.source = 'own'`.execute(tx);
        held();
        await new Promise<void>((r) => (release = r));
      });
      await holding;
      // the batch reads the committed row unlocked, then its write waits for the other writer
      const batch = svc.handleCatalogBatch([msg('price.changed', { sku: 'S-RACE', price: 2777 }, 40)]);
      await waitFor('the batch\'s write to wait for the row lock', async () => (await sql<{ n: number }>`select count(*)::int as n
        from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n > 0, 10_000);
      release();
      await other;
      await batch;
      const r = (await row('S-RACE'))!;
      assert.equal(r.price, 2777, 'the event is applied');
      assert.equal(r.stock.kzn, 7, 'the other writer\'s change is kept');
      assert.equal(Number(r.best_price), 2777);
      assert.equal((await retries()) - before, 1, 'one optimistic retry');
    });

    it('announces a batch\'s changed offers in one outbox row, which search indexing follows', async () => {
      const batchEvents = async () => Number((await sql<{ n: number }>`select count(*)::int as n from outbox
        where topic = 'catalog.offers_changed'`.execute(t.deps.db.kysely)).rows[0]!.n);
      const idOf = async (sku: string) =>
        Number((await sql<{ id: number }>`select id from products where sku = ${sku}`.execute(t.deps.db.kysely)).rows[0]!.id);
      const indexedAt = async (sku: string, price: number) => {
        const r = await t.app.inject({ method: 'GET', url: `/api/search?filter[price]=${price}..${price}` });
        assert.equal(r.statusCode, 200, r.body);
        const id = await idOf(sku);
        return (r.json().items as { id: number; best_price: number }[]).some((i) => Number(i.id) === id && i.best_price === price);
      };
      // the index is built and current before the batch, so only the batch's event can move it
      await t.deps.bus.drain();
      await t.services.search.settled();
      const s1 = Number((await row('S-1'))!.best_price);
      assert.ok(await indexedAt('S-1', s1), `S-1 indexed at its current price ${s1}`);
      const before = await batchEvents();
      await svc.handleCatalogBatch([
        msg('price.changed', { sku: 'S-1', price: 1234 }, 30),
        msg('price.changed', { sku: 'S-2', price: 2345 }, 30),
      ]);
      // one row per apply transaction: one with one lane; with two lanes (split by SKU hash) one or two
      const added = (await batchEvents()) - before;
      assert.ok(added >= 1 && added <= lanes, `${added} catalog.offers_changed rows for ${lanes} lane(s)`);
      assert.equal(await indexedAt('S-1', 1234), false, 'not indexed before the event is relayed');
      await t.deps.bus.drain();
      await t.services.search.settled();
      assert.ok(await indexedAt('S-1', 1234), 'S-1 indexed at its new price');
      assert.ok(await indexedAt('S-2', 2345), 'S-2 indexed at its new price');
    });
  });
}
