// Thin wrapper over @platformatic/kafka (chosen by measurement, docs/kafka.md): one place that knows
// broker addresses, the topic prefix, serialization (string keys/values/headers) and topic admin.
import { Admin, Producer, stringDeserializers, stringSerializers, type Message } from '@platformatic/kafka';

export interface KafkaSettings {
  brokers: string[];
  /** prepended to every logical topic name ("" or e.g. "prod." → "prod.price.changed") */
  prefix: string;
  clientId: string;
}

export type KafkaMessage = Message<string, string, string, string>;

export const topicName = (s: Pick<KafkaSettings, 'prefix'>, logical: string) => `${s.prefix}${logical}`;
export const dlqName = (topic: string) => `${topic}.dlq`;

/** Kafka header map → plain record (the last value wins for repeated keys). */
export function headersOf(m: { headers?: Map<string, string> | null }): Record<string, string> {
  const out: Record<string, string> = {};
  if (m.headers) for (const [k, v] of m.headers) out[String(k)] = String(v);
  return out;
}

export const serde = { serializers: stringSerializers, deserializers: stringDeserializers };

/** Short retries: the callers (consumer supervisor, relay) own the longer backoff loop. */
const base = (s: KafkaSettings, suffix: string) => ({
  clientId: `${s.clientId}-${suffix}`,
  bootstrapBrokers: s.brokers,
  retries: 3,
  retryDelay: 250,
  timeout: 10_000,
});

/** Idempotent producer with acks=all: a retried send never duplicates or reorders within a partition. */
export function createProducer(s: KafkaSettings, suffix = 'producer') {
  return new Producer<string, string, string, string>({
    ...base(s, suffix),
    serializers: stringSerializers,
    idempotent: true,
    acks: -1,
    autocreateTopics: false,
  });
}

export function createAdmin(s: KafkaSettings) {
  return new Admin({ ...base(s, 'admin') });
}

/** Creates the topics that do not exist yet (idempotent; concurrent creators are tolerated). */
export async function ensureTopics(s: KafkaSettings, topics: string[], partitions = 3): Promise<void> {
  const admin = createAdmin(s);
  try {
    const existing = new Set(await admin.listTopics({ includeInternals: false } as never));
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    for (const t of missing) {
      try {
        await admin.createTopics({ topics: [t], partitions, replicas: 1 });
      } catch (e) {
        if (!/exist/i.test(String((e as Error).message) + JSON.stringify((e as { errors?: unknown }).errors ?? ''))) throw e;
      }
    }
  } finally {
    await admin.close();
  }
}

export async function deleteTopics(s: KafkaSettings, topics: string[]): Promise<void> {
  const admin = createAdmin(s);
  try {
    const existing = new Set(await admin.listTopics());
    const present = [...new Set(topics)].filter((t) => existing.has(t));
    if (present.length) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.close();
  }
}
