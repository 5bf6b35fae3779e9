// BatchConsumer with batches in flight, on the real broker: the newer batch may finish first, but its
// offsets are committed only after the older one succeeded (here: after a failed first attempt and
// its retry), so a crash in between redelivers both; a graceful stop commits everything handled.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { KAFKA_BROKERS, requireService } from '../../../test/services.js';
import { probeKafka, produce, uniquePrefix, waitFor } from '../../modules/onec/test-helpers.js';
import { BatchConsumer, createAdmin, deleteTopics, ensureTopics, type KafkaMessage, type KafkaSettings } from './index.js';

const skip = await requireService('Kafka', 'KAFKA_BROKERS; start it with npm run infra:kafka', () => probeKafka(KAFKA_BROKERS));

describe('BatchConsumer with 2 batches in flight (real broker)', { skip }, () => {
  let settings: KafkaSettings;
  let topic: string;
  const group = `inflight-${process.pid}-${Date.now()}`;

  async function committed(): Promise<bigint | null> {
    const admin = createAdmin(settings);
    try {
      const [g] = await admin.listConsumerGroupOffsets({ groups: [group] });
      const p = g?.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partitionIndex === 0);
      return p && p.committedOffset >= 0n ? p.committedOffset : null;
    } finally {
      await admin.close();
    }
  }

  before(async () => {
    settings = { brokers: KAFKA_BROKERS, prefix: uniquePrefix('inflight'), clientId: 'vitrina-test' };
    topic = `${settings.prefix}events`;
    await ensureTopics(settings, [topic], 1);
    await produce(settings, topic, Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: { n: i } })));
  });
  after(async () => {
    await deleteTopics(settings, [topic]).catch(() => {});
  });

  it('commits a newer batch only after the older one, retried, has succeeded', async () => {
    const seen: string[] = [];
    let firstAttempts = 0;
    let releaseFirst!: () => void;
    const firstMayFail = new Promise<void>((r) => (releaseFirst = r));
    let secondDone = false;
    const consumer = new BatchConsumer({
      settings, groupId: group, topics: [topic], log: pino({ level: 'silent' }), maxBatch: 5, lingerMs: 50, inFlight: 2,
      async handle(batch: KafkaMessage[]) {
        const first = batch[0]!.offset === 0n;
        seen.push(`${batch[0]!.offset}-${batch.at(-1)!.offset}${first ? `#${firstAttempts + 1}` : ''}`);
        if (!first) {
          secondDone = true;
          return;
        }
        // the first attempt of the older batch fails only once the newer batch has been applied
        if (++firstAttempts === 1) {
          await firstMayFail;
          throw Object.assign(new Error('database restarting'), { code: '57P01' });
        }
      },
    });
    consumer.start();
    try {
      await waitFor('the newer batch to be applied', async () => secondDone, 20_000);
      await new Promise((r) => setTimeout(r, 300)); // a commit of the newer batch would have landed by now
      assert.equal(await committed(), null, 'nothing committed while the older batch is unresolved');
      releaseFirst();
      await waitFor('both batches committed', async () => (await committed()) === 10n, 20_000);
      assert.deepEqual(seen, ['0-4#1', '5-9', '0-4#2'], 'the older batch retried after the newer one ran');
    } finally {
      await consumer.stop();
    }
    assert.equal(await committed(), 10n);
  });
});
