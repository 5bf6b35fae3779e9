// The broker that `npm run infra:kafka` starts is a real Kafka: topics, keyed produce, consume back.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { KAFKA_BROKERS, requireService } from '../services.js';

const probe = () =>
  new Promise<void>((resolve, reject) => {
    const [host, port] = KAFKA_BROKERS[0]!.split(':');
    const s = connect(Number(port), host, () => {
      s.end();
      resolve();
    });
    s.on('error', reject);
    s.setTimeout(2000, () => reject(new Error('timeout')));
  });

const skip = await requireService('Kafka', 'KAFKA_BROKERS; start it with npm run infra:kafka', probe);

describe('Kafka broker from Maven Central', { skip }, () => {
  const topic = `vitrina-smoke-${process.pid}-${Date.now()}`;
  const admin = new Admin({ clientId: 'vitrina-test', bootstrapBrokers: KAFKA_BROKERS });
  after(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.close();
  });

  it('keeps per-key order of keyed messages through produce and consume', async () => {
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    // Idempotent with acks=all, as the app's producer is (src/platform/kafka/client.ts): a plain producer that
    // retries a request the new topic's leaders half-refused writes the accepted partition twice (seen in CI).
    const producer = new Producer({
      clientId: 'vitrina-test',
      bootstrapBrokers: KAFKA_BROKERS,
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
    });
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) sent.push(JSON.stringify({ sku: `SKU-${i % 3}`, n: i }));
    await producer.send({
      messages: sent.map((value) => ({ topic, key: JSON.parse(value).sku, value, headers: { event_id: `e-${value}` } })),
    });
    await producer.close();

    const consumer = new Consumer({
      groupId: `vitrina-test-${process.pid}-${Date.now()}`, // a group of its own: a pid can repeat across runs
      clientId: 'vitrina-test',
      bootstrapBrokers: KAFKA_BROKERS,
      deserializers: stringDeserializers,
    });
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: true });
    // A consumer may see a record again after a group rebalance (delivery is at least once), so each
    // (partition, offset) counts once, at its first delivery; records written twice would still count twice.
    const firstSeen = new Map<string, { key: string; n: number; partition: number }>();
    let deliveries = 0;
    for await (const m of stream) {
      deliveries++;
      const id = `${m.partition}:${m.offset}`;
      if (!firstSeen.has(id)) firstSeen.set(id, { key: m.key as string, n: JSON.parse(m.value as string).n, partition: m.partition });
      if (firstSeen.size === 30) break;
    }
    await stream.close();
    await consumer.close();
    const got = [...firstSeen.values()];
    for (const key of ['SKU-0', 'SKU-1', 'SKU-2']) {
      const mine = got.filter((g) => g.key === key);
      const ns = mine.map((g) => g.n);
      assert.equal(ns.length, 10, `${key}: 10 distinct messages (${deliveries} deliveries in all)`);
      assert.equal(new Set(mine.map((g) => g.partition)).size, 1, `${key} lives in one partition`);
      assert.deepEqual(ns, [...ns].sort((a, b) => a - b), `order of ${key}`);
    }
  });
});
