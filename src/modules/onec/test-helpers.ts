// Test helpers for the Kafka suites: broker probe, unique prefixes, produce, read back, wait.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { sql } from 'kysely';
import { createProducer, headersOf, type KafkaSettings } from '../../platform/kafka/index.js';

export function probeKafka(brokers: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const [host, port] = brokers[0]!.split(':');
    const s = connect(Number(port), host, () => {
      s.end();
      resolve();
    });
    s.on('error', reject);
    s.setTimeout(2000, () => reject(new Error('timeout')));
  });
}

export const uniquePrefix = (name: string) => `t-${name}-${process.pid}-${randomBytes(3).toString('hex')}.`;

export interface Out {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

export async function produce(settings: KafkaSettings, topic: string, messages: Out[]): Promise<void> {
  const p = createProducer(settings, 'test');
  try {
    await p.send({
      messages: messages.map((m) => ({
        topic, key: m.key, value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value), headers: m.headers ?? {},
      })),
    });
  } finally {
    await p.close();
  }
}

/** Reads `n` messages of a topic from the beginning (a throwaway group). */
export async function readTopic(settings: KafkaSettings, topic: string, n: number, timeoutMs = 20_000) {
  const c = new Consumer<string, string, string, string>({
    clientId: 'test-reader', bootstrapBrokers: settings.brokers, groupId: `reader-${randomBytes(4).toString('hex')}`,
    deserializers: stringDeserializers, maxWaitTime: 100,
  });
  const out: { key: string | null; value: string; headers: Record<string, string>; offset: bigint; partition: number }[] = [];
  try {
    const stream = await c.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    const timer = setTimeout(() => void stream.close(), timeoutMs);
    for await (const m of stream) {
      out.push({ key: m.key ?? null, value: m.value ?? '', headers: headersOf(m), offset: m.offset, partition: m.partition });
      if (out.length >= n) break;
    }
    clearTimeout(timer);
    await stream.close().catch(() => {});
  } finally {
    await new Promise<void>((r) => c.close(true, () => r()));
  }
  return out;
}

export { waitFor } from '../../../test/wait.js';

/** The offer changes the 1C catalog apply announced, one row per offer (outbox_id, sku, change): a batch
 *  writes them all into one catalog.offers_changed outbox row. Use as a FROM item. */
export const announcedOfferChanges = sql`(select x.id as outbox_id, e->>'sku' as sku, e->>'change' as change
  from outbox x cross join lateral jsonb_array_elements(x.payload->'offers') with ordinality as a(e, n)
  where x.topic = 'catalog.offers_changed' order by x.id, a.n)`;
