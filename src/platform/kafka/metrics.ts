// Kafka metrics, registered once per app registry (tests build several apps, each with its own registry).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

function build(registry: Registry) {
  const registers = [registry];
  return {
    consumed: new Counter({
      name: 'vitrina_kafka_messages_total',
      help: 'Inbound Kafka messages by topic and outcome (applied, stale, duplicate, dead_lettered)',
      labelNames: ['topic', 'outcome'] as const,
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'vitrina_kafka_batch_seconds',
      help: 'Time to apply one consumer batch (one database transaction)',
      labelNames: ['group'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    retries: new Counter({
      name: 'vitrina_kafka_batch_retries_total',
      help: 'Consumer batches retried after a transient failure (database or broker)',
      labelNames: ['group'] as const,
      registers,
    }),
    optimisticRetries: new Counter({
      name: 'vitrina_kafka_optimistic_retries_total',
      help: '1C price/stock apply transactions re-run with their offers locked: another writer changed one between read and write',
      registers,
    }),
    lag: new Gauge({
      name: 'vitrina_kafka_consumer_lag',
      help: 'Messages not yet consumed, by topic and partition',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    published: new Counter({
      name: 'vitrina_kafka_published_total',
      help: 'Outbox events published to Kafka by topic',
      labelNames: ['topic'] as const,
      registers,
    }),
  };
}

export type KafkaMetrics = ReturnType<typeof build>;
const byRegistry = new WeakMap<Registry, KafkaMetrics>();

export function kafkaMetrics(registry: Registry): KafkaMetrics {
  let m = byRegistry.get(registry);
  if (!m) byRegistry.set(registry, (m = build(registry)));
  return m;
}
