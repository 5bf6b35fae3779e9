// The 1C consumers on the real broker: one consumer group per kind of work, dead letters to
// <topic>.dlq with the reason in headers. Started by `vitrina serve` when KAFKA_BROKERS is set.
import type { Logger } from 'pino';
import {
  BatchConsumer, createProducer, dlqName, ensureTopics, kafkaMetrics, topicName, type KafkaSettings,
} from '../../platform/kafka/index.js';
import type { Metrics } from '../../platform/metrics.js';
import type { DeadLetter, OnecService } from './service.js';

export const INBOUND_TOPICS = ['product.updated', 'price.changed', 'stock.changed', 'order.status_changed', 'customer.updated'] as const;
export const OUTBOUND_TOPICS = ['order.created', 'order.cancelled', 'customer.registered', 'customer.updated'] as const;

/** Publishes dead letters, keeping key, body and headers, adding dlq_* headers with the reason. */
export function createDeadLetterer(settings: KafkaSettings) {
  const producer = createProducer(settings, 'dlq');
  return {
    async deadLetter(items: DeadLetter[]): Promise<void> {
      if (!items.length) return;
      const failedAt = new Date().toISOString();
      await producer.send({
        messages: items.map(({ msg, rejection }) => {
          const headers: Record<string, string> = {};
          if (msg.headers) for (const [k, v] of msg.headers) headers[String(k)] = String(v);
          Object.assign(headers, {
            dlq_reason_code: rejection.code,
            dlq_reason: rejection.reason.slice(0, 1000),
            dlq_original_topic: msg.topic,
            dlq_original_partition: String(msg.partition),
            dlq_original_offset: String(msg.offset),
            dlq_failed_at: failedAt,
          });
          return { topic: dlqName(msg.topic), key: msg.key ?? undefined, value: msg.value ?? '', headers };
        }),
      });
    },
    close: () => producer.close(),
  };
}

/**
 * Price/stock messages per apply transaction under a backlog (a steady trickle makes smaller batches:
 * the consumer waits only ~20 ms for one to fill). 5,000 rather than 2,000: the per-transaction costs
 * (commit and WAL flush, five statements' planning and round trips, the offset commit) are spread over
 * more events — bench/kafka-profile.ts on the 1M catalog, six interleaved pairs, fresh rows each run,
 * load 6–9 (shared machine): 390/408/516/271/318/515 µs per event at 2,000 vs 304/407/403/233/280/366
 * at 5,000 (mean 403 → 332). Bigger was not better (10,000: a ~1.7 s transaction holding its offers'
 * row locks, no faster per event in bench:kafka), and a batch's pages must still fit the buffer cache.
 */
export const CATALOG_MAX_BATCH = 5000;

/**
 * Catalog batches in flight: the next batch's lanes start while the slowest lane of the previous one
 * is still at work (service.ts: each lane is a queue), so the cores are not left idle at every batch
 * end. Offsets are committed in order all the same. `bench:kafka -- --in-flight N` to re-measure.
 */
export const CATALOG_IN_FLIGHT = 2;

export interface OnecConsumers {
  start(): Promise<void>;
  /** finishes the batches in hand, commits them, leaves the groups */
  stop(): Promise<void>;
  consumers: BatchConsumer[];
}

export interface ConsumerSetup {
  settings: KafkaSettings;
  service: OnecService;
  log: Logger;
  metrics: Metrics;
  /** consumer group prefix (default "vitrina-onec") */
  groupPrefix?: string;
  maxBatch?: number;
  /** catalog batches in flight (default CATALOG_IN_FLIGHT) */
  inFlight?: number;
  partitions?: number;
  /** which groups to run (default all) */
  only?: ('catalog' | 'products' | 'orders' | 'customers')[];
  close?: () => Promise<void>;
}

export function createOnecConsumers(s: ConsumerSetup): OnecConsumers {
  const t = (name: string) => topicName(s.settings, name);
  const group = (name: string) => `${s.groupPrefix ?? 'vitrina-onec'}-${name}`;
  const metrics = kafkaMetrics(s.metrics.registry);
  const all = {
    catalog: { topics: [t('price.changed'), t('stock.changed')], handle: s.service.handleCatalogBatch },
    products: { topics: [t('product.updated')], handle: s.service.handleProductBatch },
    orders: { topics: [t('order.status_changed')], handle: s.service.handleOrderStatusBatch },
    customers: { topics: [t('customer.updated')], handle: s.service.handleCustomerBatch },
  };
  const chosen = (s.only ?? (Object.keys(all) as (keyof typeof all)[])).map((k) => [k, all[k]] as const);
  const consumers = chosen.map(
    ([name, c]) =>
      new BatchConsumer({
        settings: s.settings, groupId: group(name), topics: c.topics, handle: c.handle, log: s.log, metrics,
        maxBatch: name === 'catalog' ? (s.maxBatch ?? CATALOG_MAX_BATCH) : Math.min(s.maxBatch ?? 200, 200),
        inFlight: name === 'catalog' ? (s.inFlight ?? CATALOG_IN_FLIGHT) : 1,
      }),
  );
  return {
    consumers,
    async start() {
      const topics = [...INBOUND_TOPICS, ...OUTBOUND_TOPICS].map(t);
      await ensureTopics(s.settings, [...topics, ...INBOUND_TOPICS.map((n) => dlqName(t(n)))], s.partitions ?? 3);
      for (const c of consumers) c.start();
    },
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await s.close?.();
    },
  };
}
