// Switches the Kafka side on for a running process (`vitrina serve`, `vitrina kafka consume`):
// the inbound consumers and the outbox sink. Without KAFKA_BROKERS nothing here runs and the outbox
// keeps feeding in-process handlers only.
import type { Config } from '../../config.js';
import type { PlatformDeps } from '../../platform/context.js';
import type { KafkaSettings } from '../../platform/kafka/index.js';
import type { Services } from '../../services.js';
import { createDeadLetterer, createOnecConsumers, type OnecConsumers } from './consumers.js';
import { createOnecService } from './service.js';
import { createKafkaSink } from './sink.js';

export const kafkaSettingsFrom = (config: Config, clientId = 'vitrina'): KafkaSettings | null =>
  config.kafkaBrokers ? { brokers: config.kafkaBrokers, prefix: config.kafkaTopicPrefix, clientId } : null;

export interface OnecKafka {
  consumers: OnecConsumers;
  stop(): Promise<void>;
}

export async function startOnecKafka(
  deps: PlatformDeps,
  services: Services,
  settings: KafkaSettings,
  opts: { groupPrefix?: string; maxBatch?: number; sink?: boolean } = {},
): Promise<OnecKafka> {
  const dlq = createDeadLetterer(settings);
  const service = createOnecService(
    deps,
    services,
    { prefix: settings.prefix, deadLetter: dlq.deadLetter },
  );
  const consumers = createOnecConsumers({
    settings, service, log: deps.log, metrics: deps.metrics, groupPrefix: opts.groupPrefix, maxBatch: opts.maxBatch,
    close: () => dlq.close(),
  });
  await consumers.start();
  const sink = opts.sink === false ? null : createKafkaSink(settings, deps.metrics);
  if (sink) deps.bus.setSink(sink);
  return {
    consumers,
    async stop() {
      await consumers.stop();
      if (sink) {
        deps.bus.setSink(null);
        await sink.close();
      }
    },
  };
}
