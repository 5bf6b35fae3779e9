// Broker stopped and restarted mid-stream: a private Kafka (scripts/infra/kafka.mjs on other ports,
// data in a temp dir; the shared broker on 9092 is never touched). Nothing may be lost and nothing
// applied twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { databaseKinds } from '../../../test/db.js';
import { IN_CI } from '../../../test/services.js';
import { createProducer, topicName, type KafkaSettings } from '../../platform/kafka/index.js';
import { seedCatalog } from '../products/testing.js';
import { createDeadLetterer, createOnecConsumers, createOnecService, type OnecConsumers } from './index.js';
import { announcedOfferChanges, waitFor } from './test-helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PORT = 19_400 + (process.pid % 500);
const javaMissing = spawnSync('java', ['-version']).status !== 0;
const jarsMissing = !existsSync(path.join(ROOT, '.cache'));
const pgKind = (await databaseKinds()).find((k) => k.kind === 'postgres')!;
const why = javaMissing ? 'java is not installed' : jarsMissing ? 'Kafka jars not cached (run node scripts/infra/kafka.mjs fetch)' : false;
if (why && IN_CI) throw new Error(`CI=true and ${why}`);
const skip = why || pgKind.skip;

describe('broker stopped and restarted mid-stream', { skip, timeout: 150_000 }, () => {
  const varDir = mkdtempSync(path.join(tmpdir(), 'vitrina-kafka-'));
  const broker = (cmd: 'start' | 'stop') => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/infra/kafka.mjs'), cmd], {
      env: { ...process.env, VITRINA_VAR_DIR: varDir, KAFKA_PORT: String(PORT), KAFKA_HEAP: '384m' }, encoding: 'utf8', timeout: 90_000,
    });
    if (r.status !== 0) throw new Error(`kafka ${cmd} failed: ${r.stdout}${r.stderr}`);
  };
  let t: TestApp;
  let consumers: OnecConsumers;
  const settings: KafkaSettings = { brokers: [`127.0.0.1:${PORT}`], prefix: 'restart.', clientId: 'vitrina-restart-test' };
  let setupEvents = 0;
  const SKUS = Array.from({ length: 8 }, (_, i) => `R-${i}`);

  before(async () => {
    broker('start');
    t = await createTestApp('postgres');
    const { cat } = await seedCatalog(t.deps.db.kysely);
    for (const sku of SKUS) {
      await t.services.products.create({ sku, name: `Товар ${sku}`, category_ids: [cat.accessories] });
      await t.services.offers.create(sku, { source: 'own', price: 1, stock: {} });
    }
    setupEvents = Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from outbox`.execute(t.deps.db.kysely)).rows[0]!.n);
    const dlq = createDeadLetterer(settings);
    const service = createOnecService(t.deps, t.services, { prefix: settings.prefix, deadLetter: dlq.deadLetter });
    consumers = createOnecConsumers({
      settings, service, log: t.deps.log, metrics: t.deps.metrics, only: ['catalog'], partitions: 3, maxBatch: 20, close: () => dlq.close(),
    });
    await consumers.start();
  });

  after(async () => {
    await consumers?.stop().catch(() => {});
    await t?.close();
    try {
      broker('stop');
    } finally {
      rmSync(varDir, { recursive: true, force: true });
    }
  });

  it('loses nothing and applies nothing twice', async () => {
    const ROUNDS = 30;
    let producer = createProducer(settings, 'restart-producer');
    for (let round = 1; round <= ROUNDS; round++) {
      if (round === 11) {
        await producer.close().catch(() => {});
        broker('stop'); // mid-stream: the consumers hold uncommitted work and lose their connections
        await new Promise((r) => setTimeout(r, 1000));
        broker('start');
        producer = createProducer(settings, 'restart-producer');
      }
      const messages = SKUS.map((sku) => ({
        topic: topicName(settings, 'price.changed'), key: sku, value: JSON.stringify({ sku, price: round * 100 }),
        headers: { event_id: randomUUID(), source_version: String(round) },
      }));
      for (let attempt = 0; ; attempt++) {
        try {
          await producer.send({ messages });
          break;
        } catch (e) {
          if (attempt > 20) throw e;
          await producer.close().catch(() => {});
          await new Promise((r) => setTimeout(r, 500));
          producer = createProducer(settings, 'restart-producer');
        }
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    await producer.close();

    const prices = () => sql<{ sku: string; price: number }>`select p.sku, o.price from offers o join products p on p.id = o.product_id
      where p.sku like 'R-%'`.execute(t.deps.db.kysely).then((r) => r.rows);
    await waitFor('every last price', async () => (await prices()).every((r) => r.price === ROUNDS * 100), 60_000);

    const m = (await t.deps.metrics.registry.getSingleMetric('vitrina_kafka_messages_total')!.get()).values;
    const applied = m.filter((v) => v.labels.outcome === 'applied').reduce((a, v) => a + v.value, 0);
    const accounted = m.reduce((a, v) => a + v.value, 0);
    assert.ok(applied <= ROUNDS * SKUS.length, `applied ${applied} ≤ events ${ROUNDS * SKUS.length}`);
    assert.ok(accounted >= ROUNDS * SKUS.length, 'every event got an outcome');
    // each applied event leaves exactly one announced offer change; a redelivered one must leave none
    const events = await sql<{ key: string; n: number }>`select c.sku as key, count(*)::int as n from ${announcedOfferChanges} c
      where c.outbox_id > ${setupEvents} group by c.sku`.execute(t.deps.db.kysely);
    for (const e of events.rows) assert.ok(e.n <= ROUNDS, `${e.key}: ${e.n} offer changes for ${ROUNDS} events`);
    assert.equal(events.rows.reduce((a, e) => a + e.n, 0), applied, 'one offer change per applied event, none for redeliveries');
  });
});
