// Builds a full app on a suite database, with an admin token, for inject()-driven tests.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { memoryCache } from '../src/platform/cache/memory.js';
import { createToken } from '../src/platform/http/auth.js';
import { EventBus } from '../src/platform/events/relay.js';
import { createLogger } from '../src/platform/logging.js';
import { createMetrics } from '../src/platform/metrics.js';
import type { PlatformDeps } from '../src/platform/context.js';
import type { Services } from '../src/services.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  deps: PlatformDeps;
  testDb: TestDatabase;
  adminToken: string;
  /** inject() with the admin bearer token */
  admin(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(kind: DbKind): Promise<TestApp> {
  const testDb = await createTestDatabase(kind);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const log = createLogger(config.logLevel);
  const deps: PlatformDeps = {
    config,
    db: testDb.db,
    cache: memoryCache(1000, 60),
    log,
    bus: new EventBus(testDb.db, log),
    metrics: createMetrics(),
  };
  const { app, services } = await (await import('../src/app.js')).buildApp(deps);
  await app.ready();
  const adminToken = await createToken(testDb.db, 'test-admin', 'admin');
  return {
    app,
    services,
    deps,
    testDb,
    adminToken,
    admin: (method, url, payload) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${adminToken}` },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      }),
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}
