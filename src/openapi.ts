// The OpenAPI document as the routes declare it. Committed as docs/openapi.json so API changes show
// up in review; a test fails when the routes and the committed document differ.
import { Kysely } from 'kysely';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { memoryCache } from './platform/cache/memory.js';
import type { Database } from './platform/db/database.js';
import { EventBus } from './platform/events/relay.js';
import { createLogger } from './platform/logging.js';
import { createMetrics } from './platform/metrics.js';

export async function renderOpenApi(): Promise<string> {
  // Building routes touches no database; one that is never connected proves it.
  const unused = (): never => {
    throw new Error('the OpenAPI render must not query the database');
  };
  const db = { kind: 'postgres', kysely: {} as Kysely<never>, withSession: unused, ping: unused, close: async () => {} } as unknown as Database;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const { app } = await buildApp({ config, db, cache: memoryCache(10, 10), log, bus: new EventBus(db, log), metrics: createMetrics() });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return JSON.stringify(doc, null, 2) + '\n';
}
