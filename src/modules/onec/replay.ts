// `vitrina kafka replay`: re-reads a topic (or its dead letters) from an offset or a time up to the end
// as it was when the replay started, and applies it through the same idempotent handlers, so replaying
// what was already applied changes nothing. It uses no consumer group and commits nothing.
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { dlqName, topicName, type KafkaMessage, type KafkaSettings } from '../../platform/kafka/index.js';
import type { OnecService } from './service.js';

export interface ReplayOptions {
  topic: string;
  dlq?: boolean;
  fromOffset?: bigint;
  fromTime?: Date;
  batch?: number;
  onProgress?(read: number, total: number): void;
}

export async function replay(settings: KafkaSettings, service: OnecService, o: ReplayOptions): Promise<{ read: number }> {
  const logical = o.topic.startsWith(settings.prefix) ? o.topic.slice(settings.prefix.length) : o.topic;
  const source = topicName(settings, logical);
  const physical = o.dlq ? dlqName(source) : source;
  const handle = {
    'price.changed': service.handleCatalogBatch,
    'stock.changed': service.handleCatalogBatch,
    'product.updated': service.handleProductBatch,
    'order.status_changed': service.handleOrderStatusBatch,
    'customer.updated': service.handleCustomerBatch,
  }[logical];
  if (!handle) throw new Error(`cannot replay "${logical}": not an inbound topic`);

  const consumer = new Consumer<string, string, string, string>({
    clientId: `${settings.clientId}-replay`, bootstrapBrokers: settings.brokers, groupId: `vitrina-replay-${process.pid}-${Date.now()}`,
    deserializers: stringDeserializers, maxWaitTime: 200,
  });
  try {
    const end = (await consumer.listOffsets({ topics: [physical], timestamp: -1n })).get(physical) ?? [];
    const start = o.fromTime
      ? (await consumer.listOffsets({ topics: [physical], timestamp: BigInt(o.fromTime.getTime()) })).get(physical) ?? []
      : end.map(() => o.fromOffset ?? 0n);
    const remaining = new Map<number, bigint>();
    let total = 0;
    end.forEach((e, p) => {
      const s = start[p]! < 0n ? e : start[p]! > e ? e : start[p]!;
      if (s < e) remaining.set(p, e);
      total += Number(e - s);
    });
    if (!remaining.size) return { read: 0 };
    const stream = await consumer.consume({
      topics: [physical], mode: 'manual', autocommit: false,
      offsets: [...remaining.keys()].map((p) => ({ topic: physical, partition: p, offset: start[p]! < 0n ? end[p]! : start[p]! })),
    });
    let read = 0;
    let batch: KafkaMessage[] = [];
    const flush = async () => {
      if (!batch.length) return;
      // dead letters are applied as messages of their original topic
      await handle(batch.map((m) => Object.assign(Object.create(Object.getPrototypeOf(m)), m, { topic: source }) as KafkaMessage));
      batch = [];
    };
    for await (const m of stream as AsyncIterable<KafkaMessage>) {
      const stop = remaining.get(m.partition);
      if (stop === undefined || m.offset >= stop) continue;
      batch.push(m);
      read++;
      if (m.offset + 1n >= stop) remaining.delete(m.partition);
      if (batch.length >= (o.batch ?? 500)) await flush();
      o.onProgress?.(read, total);
      if (!remaining.size) break;
    }
    await flush();
    await stream.close().catch(() => {});
    return { read };
  } finally {
    await new Promise<void>((r) => consumer.close(true, () => r()));
  }
}
