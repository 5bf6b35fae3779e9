// Public API of the 1C integration module (Kafka side): the inbound service, its consumers, the outbox
// sink for outbound topics, the emulator, and the message contracts.
export {
  APPLY_LANES, createOnecService, isTransient, OWN_PRODUCER, type OnecService, type OnecModuleDeps, type OnecOptions, type OrderStatusPort,
  type CrmCustomerPort, type DeadLetter,
} from './service.js';
export { CATALOG_IN_FLIGHT, CATALOG_MAX_BATCH, createOnecConsumers, createDeadLetterer, INBOUND_TOPICS, OUTBOUND_TOPICS, type OnecConsumers } from './consumers.js';
export { CONTRACTS } from './schemas.js';
export { startOnecKafka, kafkaSettingsFrom, type OnecKafka } from './runtime.js';
export { onecRoutes } from './routes.js';
