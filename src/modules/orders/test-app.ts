// A full app for shop tests, like test/app.ts but with the shop's env (SMTP, SMS gateway, a temp
// var dir) and cookie-carrying helpers that act as one browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../config.js';
import { memoryCache } from '../../platform/cache/memory.js';
import { redisCache } from '../../platform/cache/redis.js';
import { createToken } from '../../platform/http/auth.js';
import { EventBus } from '../../platform/events/relay.js';
import { createLogger } from '../../platform/logging.js';
import { createMetrics } from '../../platform/metrics.js';
import type { PlatformDeps } from '../../platform/context.js';
import type { Services } from '../../services.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../../../test/db.js';

export interface Browser {
  cookies: Record<string, string>;
  request(method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface ShopTestApp {
  app: FastifyInstance;
  services: Services;
  deps: PlatformDeps;
  testDb: TestDatabase;
  admin(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  browser(): Browser;
  close(): Promise<void>;
}

export async function createShopTestApp(kind: DbKind, env: Record<string, string> = {}): Promise<ShopTestApp> {
  const testDb = await createTestDatabase(kind);
  const varDir = mkdtempSync(path.join(tmpdir(), 'vitrina-shop-'));
  // a server database is named in the config as in production, so the storefront's page threads
  // (which open their own pool) run in the postgres suites
  const database = testDb.url ? { DATABASE_URL: testDb.url } : {};
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', VITRINA_VAR_DIR: varDir, ...database, ...env });
  const log = createLogger(config.logLevel);
  // with REDIS_URL the cache port (and so the session store) is Redis, under a prefix of this app's own
  const cache = config.redisUrl ? await redisCache(config.redisUrl, 60, `vitrina-test-${process.pid}-${Date.now()}:`) : memoryCache(1000, 60);
  const deps: PlatformDeps = {
    config, db: testDb.db, cache, log, bus: new EventBus(testDb.db, log), metrics: createMetrics(),
  };
  const { app, services } = await (await import('../../app.js')).buildApp(deps);
  await app.ready();
  const adminToken = await createToken(testDb.db, 'test-admin', 'admin');
  return {
    app, services, deps, testDb,
    admin: (method, url, payload) => app.inject({
      method: method as 'GET', url, headers: { authorization: `Bearer ${adminToken}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    }),
    browser() {
      const cookies: Record<string, string> = {};
      return {
        cookies,
        async request(method, url, payload, headers = {}) {
          const res = await app.inject({
            method: method as 'GET', url, cookies, headers,
            ...(payload !== undefined ? { payload: payload as object } : {}),
          });
          for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
            if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete cookies[c.name];
            else cookies[c.name] = c.value;
          }
          return res;
        },
      };
    },
    async close() {
      await app.close(); // closes the notifications dispatcher too
      await cache.close();
      await testDb.drop();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
}
