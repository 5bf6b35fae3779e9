import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Cache } from './cache/index.js';
import type { Database } from './db/database.js';
import type { EventBus } from './events/relay.js';
import type { Metrics } from './metrics.js';

/** What the composition root hands every module: explicit dependencies, no globals. */
export interface PlatformDeps {
  config: Config;
  db: Database;
  cache: Cache;
  log: Logger;
  bus: EventBus;
  metrics: Metrics;
}
