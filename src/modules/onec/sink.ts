// Outbox → Kafka: the relay hands committed outbox rows of the outbound topics here, in id order;
// they are sent keyed (order id / customer id) by an idempotent acks=all producer, and the relay marks
// them published only after the broker acknowledged — at least once, per-key order, restart-safe.
import type { EventSink, OutboxEvent } from '../../platform/events/relay.js';
import { createProducer, kafkaMetrics, topicName, type KafkaSettings } from '../../platform/kafka/index.js';
import type { Metrics } from '../../platform/metrics.js';
import { OUTBOUND_TOPICS } from './consumers.js';
import { OWN_PRODUCER } from './service.js';

export function createKafkaSink(settings: KafkaSettings, metrics: Metrics): EventSink & { close(): Promise<void> } {
  const producer = createProducer(settings, 'outbox');
  const m = kafkaMetrics(metrics.registry);
  return {
    topics: new Set<string>(OUTBOUND_TOPICS),
    async publish(events: OutboxEvent[]) {
      await producer.send({
        messages: events.map((e) => ({
          topic: topicName(settings, e.topic),
          key: e.key,
          value: JSON.stringify(e.payload),
          headers: {
            ...Object.fromEntries(Object.entries(e.headers ?? {}).map(([k, v]) => [k, String(v)])),
            producer: OWN_PRODUCER,
            outbox_id: String(e.id),
            content_type: 'application/json',
          },
        })),
      });
      for (const e of events) m.published.inc({ topic: e.topic });
    },
    close: () => producer.close(),
  };
}
