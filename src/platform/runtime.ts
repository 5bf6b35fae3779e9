// Opens the platform's dependencies from config, in one place for the server and the CLI.
import type { Config } from '../config.js';
import { openCache } from './cache/index.js';
import type { PlatformDeps } from './context.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { EventBus } from './events/relay.js';
import { createLogger } from './logging.js';
import { createMetrics } from './metrics.js';

export async function openPlatform(config: Config, command: string, opts: { migrate?: boolean } = {}): Promise<PlatformDeps & { close(): Promise<void> }> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config.database, command);
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrate(db);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
    const cache = await openCache(config);
    const bus = new EventBus(db, log);
    return {
      config,
      db,
      cache,
      log,
      bus,
      metrics: createMetrics(),
      async close() {
        await bus.stop();
        await cache.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
