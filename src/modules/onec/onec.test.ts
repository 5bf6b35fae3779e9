// The 1C consumers on the real broker (KAFKA_BROKERS) and server PostgreSQL: per-key order, dead
// letters, duplicates, stale events, a database failure mid-stream, product.updated through the
// catalog's validation, and the outbox → Kafka sink. Each suite uses its own topic prefix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { databaseKinds } from '../../../test/db.js';
import { KAFKA_BROKERS, requireService } from '../../../test/services.js';
import { publish } from '../../platform/events/outbox.js';
import { deleteTopics, dlqName, topicName, type KafkaMessage, type KafkaSettings } from '../../platform/kafka/index.js';
import { seedCatalog } from '../products/testing.js';
import { createDeadLetterer, createOnecConsumers, createOnecService, INBOUND_TOPICS, OUTBOUND_TOPICS, type OnecConsumers } from './index.js';
import { createKafkaSink } from './sink.js';
import { replay } from './replay.js';
import { ORDER_FLOW, startEmulator } from './emulator.js';
import { announcedOfferChanges, probeKafka, produce, readTopic, uniquePrefix, waitFor } from './test-helpers.js';

const skipKafka = await requireService('Kafka', 'KAFKA_BROKERS; start it with npm run infra:kafka', () => probeKafka(KAFKA_BROKERS));
const pgKind = (await databaseKinds()).find((k) => k.kind === 'postgres')!;
const skip = skipKafka || pgKind.skip;

const h = (version: number, extra: Record<string, string> = {}) => ({
  event_id: randomUUID(), source_version: String(version), occurred_at: new Date().toISOString(), ...extra,
});

describe('1C consumers on the real broker (postgres)', { skip }, () => {
  let t: TestApp;
  let settings: KafkaSettings;
  let consumers: OnecConsumers;
  let service: ReturnType<typeof createOnecService>;
  let cat: Awaited<ReturnType<typeof seedCatalog>>['cat'];
  const failNext = { terminate: 0 };
  const T = (n: string) => topicName(settings, n);

  const ownOffer = async (sku: string) =>
    (await sql<{ price: number; old_price: number | null; stock: Record<string, number>; stock_total: number; best_price: number | null }>`
      select o.price, o.old_price, o.stock, o.stock_total, p.best_price from products p
      join offers o on o.product_id = p.id and o.source = 'own' where p.sku = ${sku}`.execute(t.deps.db.kysely)).rows[0];
  const offerEvents = async (sku: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${announcedOfferChanges} c where c.sku = ${sku}`.execute(t.deps.db.kysely)).rows[0]!.n);
  const metric = async (topic: string, outcome: string) => {
    const m = await t.deps.metrics.registry.getSingleMetric('vitrina_kafka_messages_total')!.get();
    return m.values.find((v) => v.labels.topic === topic && v.labels.outcome === outcome)?.value ?? 0;
  };

  before(async () => {
    t = await createTestApp('postgres');
    ({ cat } = await seedCatalog(t.deps.db.kysely));
    for (let i = 0; i < 5; i++) {
      await t.services.products.create({ sku: `K-${i}`, name: `Чехол ${i}`, category_ids: [cat.accessories], status: 'published' });
      await t.services.offers.create(`K-${i}`, { source: 'own', price: 1000, stock: { msk: 1 } });
    }
    await t.services.products.create({ sku: 'NOOFFER', name: 'Без цены', category_ids: [cat.accessories] });
    settings = { brokers: KAFKA_BROKERS, prefix: uniquePrefix('onec'), clientId: 'vitrina-test' };
    const dlq = createDeadLetterer(settings);
    service = createOnecService(t.deps, t.services, { prefix: settings.prefix, deadLetter: dlq.deadLetter });
    const catalog = service.handleCatalogBatch;
    // a database failure on demand: a second session locks the batch's offer rows, so the batch's
    // transaction is caught mid-way (waiting on the lock) and its backend is terminated
    service.handleCatalogBatch = async (batch: KafkaMessage[]) => {
      if (failNext.terminate <= 0) return catalog(batch);
      const other = new pg.Client({ connectionString: t.testDb.url });
      await other.connect();
      await other.query('begin');
      await other.query(`select 1 from offers where source = 'own' for update`);
      const work = catalog(batch);
      work.catch(() => {});
      try {
        for (let i = 0; i < 500; i++) {
          const r = await other.query(`select pg_terminate_backend(pid) as k from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`);
          if (r.rows.some((x) => x.k)) {
            failNext.terminate--;
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        await other.query('rollback');
        await other.end();
      }
      return work;
    };
    consumers = createOnecConsumers({
      settings, service, log: t.deps.log, metrics: t.deps.metrics, groupPrefix: `g-${settings.prefix}`, partitions: 3,
      only: ['catalog', 'products', 'orders', 'customers'], close: () => dlq.close(),
    });
    await consumers.start();
    await Promise.all(consumers.consumers.map((c) => c.ready));
  });

  after(async () => {
    await consumers?.stop();
    const names = [...INBOUND_TOPICS, ...OUTBOUND_TOPICS].map(T);
    await deleteTopics(settings, [...names, ...names.map(dlqName)]).catch(() => {});
    await t?.close();
  });

  it('applies each SKU\'s price changes in key order and recomputes the best offer', async () => {
    const msgs = [];
    for (let v = 1; v <= 20; v++) for (const sku of ['K-0', 'K-1']) msgs.push({ key: sku, value: { sku, price: 1000 + v }, headers: h(v) });
    await produce(settings, T('price.changed'), msgs);
    await waitFor('last prices', async () => (await ownOffer('K-0'))?.price === 1020 && (await ownOffer('K-1'))?.price === 1020);
    // the best offer is recomputed right after the commit, before the offsets are committed
    await waitFor('best price', async () => (await ownOffer('K-0'))!.best_price === 1020);
    assert.ok((await offerEvents('K-0')) >= 1, 'the offer change announced through the outbox (catalog.offers_changed)');
  });

  it('merges stock per warehouse in both message shapes and keeps the total', async () => {
    await produce(settings, T('stock.changed'), [
      { key: 'K-2', value: { sku: 'K-2', warehouse: 'spb', quantity: 7 }, headers: h(1) },
      { key: 'K-2', value: { sku: 'K-2', stock: { msk: 3, ekb: 2 } }, headers: h(2) },
    ]);
    await waitFor('stock', async () => (await ownOffer('K-2'))?.stock_total === 12);
    assert.deepEqual((await ownOffer('K-2'))!.stock, { msk: 3, spb: 7, ekb: 2 });
  });

  it('dead-letters poison messages with the reason in headers while the rest of the partition flows', async () => {
    await produce(settings, T('price.changed'), [
      { key: 'K-3', value: '{"sku": "K-3", "price": ', headers: h(1) },
      { key: 'K-3', value: { sku: 'K-3', price: -5 }, headers: h(2) },
      { key: 'K-3', value: { sku: 'NOPE-404', price: 100 }, headers: h(3) },
      { key: 'K-3', value: { sku: 'K-3', price: 777 }, headers: h(4) },
    ]);
    await produce(settings, T('stock.changed'), [{ key: 'K-3', value: { sku: 'K-3', warehouse: 'msk', quantity: -1 }, headers: h(5) }]);
    await waitFor('good price after poison', async () => (await ownOffer('K-3'))?.price === 777);
    const dead = await readTopic(settings, dlqName(T('price.changed')), 3);
    assert.deepEqual(dead.map((d) => d.headers.dlq_reason_code).sort(), ['BAD_JSON', 'SCHEMA_VIOLATION', 'UNKNOWN_SKU']);
    assert.ok(dead.every((d) => d.headers.dlq_reason && d.headers.dlq_original_offset !== undefined && d.key === 'K-3'));
    const stockDead = await readTopic(settings, dlqName(T('stock.changed')), 1);
    assert.equal(stockDead[0]!.headers.dlq_reason_code, 'SCHEMA_VIOLATION');
    const res = await t.admin('GET', `/api/admin/integration/rejects?topic=price.changed`);
    if (res.statusCode === 200) assert.ok(res.json().items.length >= 3);
  });

  it('replays dead letters once their cause is fixed (vitrina kafka replay --dlq)', async () => {
    await t.services.products.create({ sku: 'NOPE-404', name: 'Появился', category_ids: [cat.accessories] });
    await t.services.offers.create('NOPE-404', { source: 'own', price: 1 });
    const r = await replay(settings, service, { topic: 'price.changed', dlq: true });
    assert.ok(r.read >= 3);
    assert.equal((await ownOffer('NOPE-404'))!.price, 100);
    // replaying the topic itself from the start changes nothing: everything is a duplicate or stale
    const k3 = (await ownOffer('K-3'))!.price;
    await replay(settings, service, { topic: 'price.changed', fromOffset: 0n });
    assert.equal((await ownOffer('K-3'))!.price, k3);
  });

  it('applies a duplicate delivery once', async () => {
    const headers = h(50);
    const before = await offerEvents('K-4');
    const dupsBefore = await metric('price.changed', 'duplicate');
    await produce(settings, T('price.changed'), [{ key: 'K-4', value: { sku: 'K-4', price: 4444 }, headers }]);
    await waitFor('first delivery', async () => (await ownOffer('K-4'))?.price === 4444);
    await produce(settings, T('price.changed'), [
      { key: 'K-4', value: { sku: 'K-4', price: 4444 }, headers },
      { key: 'K-4', value: { sku: 'K-4', price: 4444 }, headers },
    ]);
    await waitFor('duplicates counted', async () => (await metric('price.changed', 'duplicate')) - dupsBefore >= 2);
    assert.equal((await offerEvents('K-4')) - before, 1, 'one announced offer change for one change');
  });

  it('ignores an older event that arrives after a newer one, by source version and by time', async () => {
    await produce(settings, T('price.changed'), [
      { key: 'K-1', value: { sku: 'K-1', price: 9000 }, headers: h(100) },
      { key: 'K-1', value: { sku: 'K-1', price: 1 }, headers: h(99) },
    ]);
    const newer = new Date().toISOString();
    const older = new Date(Date.now() - 60_000).toISOString();
    await produce(settings, T('stock.changed'), [
      { key: 'K-1', value: { sku: 'K-1', warehouse: 'kzn', quantity: 5 }, headers: { event_id: randomUUID(), occurred_at: newer } },
      { key: 'K-1', value: { sku: 'K-1', warehouse: 'kzn', quantity: 1 }, headers: { event_id: randomUUID(), occurred_at: older } },
    ]);
    await waitFor('stale counted', async () => (await metric('price.changed', 'stale')) >= 1 && (await metric('stock.changed', 'stale')) >= 1);
    const o = (await ownOffer('K-1'))!;
    assert.equal(o.price, 9000);
    assert.equal(o.stock.kzn, 5);
  });

  it('retries a batch when the database drops its connections mid-stream, losing nothing', async () => {
    failNext.terminate = 1;
    const msgs = [];
    for (let v = 200; v < 260; v++) msgs.push({ key: 'K-0', value: { sku: 'K-0', price: v * 10 }, headers: h(v) });
    await produce(settings, T('price.changed'), msgs);
    await waitFor('price after the failure', async () => (await ownOffer('K-0').catch(() => undefined))?.price === 2590, 40_000);
    assert.equal(failNext.terminate, 0);
    const retries = (await t.deps.metrics.registry.getSingleMetric('vitrina_kafka_batch_retries_total')!.get()).values;
    assert.ok(retries.reduce((a, v) => a + v.value, 0) >= 1, 'the batch was retried');
  });

  it('accepts product.updated exactly as in the design document, mapping attribute names and reporting unknown ones', async () => {
    await produce(settings, T('product.updated'), [
      {
        key: 'IP15P-256GB-BLUE',
        value: {
          id: '1001', sku: 'IP15P-256GB-BLUE', name: 'iPhone 15 Pro', price: 98000, stock: { msk: 100, spb: 50 },
          attributes: { color: 'Синий', memory: 256, 'Диагональ экрана': 6.1, 'Вес': '187 г' },
          category_id: cat.smartphones,
        },
        headers: h(1),
      },
      { key: 'NEW-NOCAT', value: { id: '1002', sku: 'NEW-NOCAT', name: 'Без категории', price: 100 }, headers: h(1) },
    ]);
    const p = await waitFor('product', async () => (await ownOffer('IP15P-256GB-BLUE')) ?? false);
    assert.equal(p.price, 98000);
    assert.equal(p.stock_total, 150);
    const prod = await t.services.products.get('IP15P-256GB-BLUE');
    assert.equal(prod.attributes.color, 'blue');
    assert.equal(prod.attributes.memory, 256);
    const rejects = await waitFor('reports', async () => {
      const r = await t.deps.db.kysely.selectFrom('integration_rejects').selectAll().where('topic', '=', 'product.updated').execute();
      return r.length >= 2 ? r : false;
    });
    assert.ok(rejects.some((r) => r.reason_code === 'UNKNOWN_ATTRIBUTE' && r.reason.includes('Вес') && !r.dead_lettered));
    assert.ok(rejects.some((r) => r.reason_code === 'CATEGORY_REQUIRED' && r.dead_lettered));
    // an update of the existing product with a newer version renames it and moves the price
    await produce(settings, T('product.updated'), [
      { key: 'IP15P-256GB-BLUE', value: { id: '1001', sku: 'IP15P-256GB-BLUE', name: 'iPhone 15 Pro Max', price: 99000 }, headers: h(2) },
    ]);
    await waitFor('renamed and repriced', async () =>
      (await t.services.products.get('IP15P-256GB-BLUE')).name === 'iPhone 15 Pro Max' && (await ownOffer('IP15P-256GB-BLUE'))!.price === 99000);
  });

  it('hands CRM customers to the customers service, newest wins, skipping Vitrina\'s own customer.updated', async () => {
    const now = Date.now();
    await produce(settings, T('customer.updated'), [
      { key: 'CRM-1', value: { external_ref: 'CRM-1', email: 'ivan@example.ru', first_name: 'Иван', last_name: 'Петров' }, headers: { event_id: randomUUID(), occurred_at: new Date(now).toISOString() } },
      { key: 'CRM-1', value: { external_ref: 'CRM-1', email: 'old@example.ru', first_name: 'Старый', last_name: 'Петров' }, headers: { event_id: randomUUID(), occurred_at: new Date(now - 60_000).toISOString() } },
      { key: '42', value: { customer_id: '42', email: 'x@example.ru', first_name: 'X', last_name: 'Y', external_ref: null, updated_at: new Date().toISOString() }, headers: { producer: 'vitrina', event_id: randomUUID() } },
    ]);
    const row = await waitFor('customer', async () =>
      (await t.deps.db.kysely.selectFrom('customers').select(['email', 'first_name']).where('external_ref', '=', 'CRM-1').executeTakeFirst()) ?? false);
    await waitFor('stale counted', async () => (await metric('customer.updated', 'stale')) >= 1);
    assert.deepEqual(row, { email: 'ivan@example.ru', first_name: 'Иван' });
    assert.equal((await metric('customer.updated', 'dead_lettered')), 0, 'the outbound message was skipped, not rejected');
  });

  it('hands order statuses to the orders service, in order, and dead-letters an unknown order', async () => {
    await t.deps.db.kysely.insertInto('orders')
      .values({ number: 'VT-900001', status: 'created', payment_method: 'cash', subtotal: 1000, total: 1000 } as never).execute();
    const at = (s: number) => ({ event_id: randomUUID(), occurred_at: new Date(Date.now() + s * 1000).toISOString() });
    await produce(settings, T('order.status_changed'), [
      { key: 'VT-NOPE', value: { order_id: 'VT-NOPE', status: 'accepted' }, headers: h(1) },
      { key: 'VT-900001', value: { order_id: 'VT-900001', status: 'accepted' }, headers: at(1) },
      { key: 'VT-900001', value: { order_id: 'VT-900001', status: 'assembled', comment: 'собран' }, headers: at(2) },
    ]);
    const dead = await readTopic(settings, dlqName(T('order.status_changed')), 1);
    assert.equal(dead[0]!.headers.dlq_reason_code, 'UNKNOWN_ORDER');
    await waitFor('assembled', async () =>
      (await t.deps.db.kysely.selectFrom('orders').select('status').where('number', '=', 'VT-900001').executeTakeFirst())?.status === 'assembled');
  });

  it('emulates 1C: answers order.created with accepted, assembled, shipped, delivered', async () => {
    const emu = startEmulator(settings, { skus: ['K-0', 'K-1'], rate: 20, duration: 1, statusDelayMs: 50 });
    await new Promise((r) => setTimeout(r, 1500)); // the emulator's group joins before the order arrives
    await produce(settings, T('order.created'), [{ key: 'VT-77', value: { order_id: 'VT-77' }, headers: { producer: 'vitrina' } }]);
    const statuses = (await readTopic(settings, T('order.status_changed'), 7)).filter((m) => m.key === 'VT-77');
    await emu.stop();
    assert.deepEqual(statuses.map((s) => JSON.parse(s.value).status), [...ORDER_FLOW]);
    assert.ok(statuses.every((s) => s.key === 'VT-77' && s.headers.event_id && s.headers.occurred_at));
    assert.ok(emu.stats.price + emu.stats.stock + emu.stats.product > 0);
  });

  it('publishes outbound outbox events to Kafka keyed and in order, and still feeds in-process handlers', async () => {
    const sink = createKafkaSink(settings, t.deps.metrics);
    const seen: string[] = [];
    t.deps.bus.subscribe('order.cancelled', (e) => void seen.push(e.payload.order_id));
    t.deps.bus.setSink(sink);
    try {
      await t.deps.bus.drain();
      await t.deps.db.kysely.transaction().execute(async (tx) => {
        for (let i = 0; i < 5; i++) {
          await publish(tx, 'order.cancelled', 'VT-1', { order_id: 'VT-1', reason: `r${i}`, cancelled_at: new Date().toISOString() });
        }
      });
      await t.deps.bus.drain();
    } finally {
      t.deps.bus.setSink(null);
      await sink.close();
    }
    const got = await readTopic(settings, T('order.cancelled'), 5);
    assert.deepEqual(got.map((g) => JSON.parse(g.value).reason), ['r0', 'r1', 'r2', 'r3', 'r4']);
    assert.ok(got.every((g) => g.key === 'VT-1' && g.headers.producer === 'vitrina' && g.headers.event_id));
    assert.equal(seen.length, 5);
  });
});
