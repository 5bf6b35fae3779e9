// Kafka port: client settings, producer/admin factories, the batch consumer and its metrics.
export {
  type KafkaSettings, type KafkaMessage, topicName, dlqName, headersOf, createProducer, createAdmin, ensureTopics,
  deleteTopics, serde,
} from './client.js';
export { BatchConsumer, type BatchConsumerOptions } from './consumer.js';
export { kafkaMetrics, type KafkaMetrics } from './metrics.js';
