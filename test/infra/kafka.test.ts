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
    const producer = new Producer({ clientId: 'vitrina-test', bootstrapBrokers: KAFKA_BROKERS, serializers: stringSerializers });
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
    const got: { key: string; n: number }[] = [];
    for await (const m of stream) {
      got.push({ key: m.key as string, n: JSON.parse(m.value as string).n });
      if (got.length === 30) break;
    }
    await stream.close();
    await consumer.close();
    for (const key of ['SKU-0', 'SKU-1', 'SKU-2']) {
      const ns = got.filter((g) => g.key === key).map((g) => g.n);
      assert.equal(ns.length, 10);
      assert.deepEqual(ns, [...ns].sort((a, b) => a - b), `order of ${key}`);
    }
  });
});
