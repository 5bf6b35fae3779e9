import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { Namespace, type Cache } from './cache.js';
import { memoryCache } from './memory.js';
import { redisCache } from './redis.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/15';
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

async function redisUnavailable(): Promise<string | false> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return false;
  } catch (e) {
    if (IN_CI) throw new Error(`CI=true and Redis at TEST_REDIS_URL (${REDIS_URL}) is not reachable: ${(e as Error).message}`);
    return `Redis at TEST_REDIS_URL (${REDIS_URL}) is not reachable`;
  } finally {
    r.disconnect();
  }
}

const kinds: { name: string; skip: string | false; open: () => Promise<Cache> }[] = [
  { name: 'memory', skip: false, open: async () => memoryCache(100, 60) },
  { name: 'redis', skip: await redisUnavailable(), open: () => redisCache(REDIS_URL, 60, `vitrina-test-${process.pid}:`) },
];

for (const k of kinds) {
  describe(`${k.name} cache`, { skip: k.skip }, () => {
    let cache: Cache;
    before(async () => {
      cache = await k.open();
    });
    after(async () => cache.close());

    it('returns what was set and forgets what was deleted', async () => {
      await cache.set('a', { n: 1, s: 'Синий' });
      assert.deepEqual(await cache.get('a'), { n: 1, s: 'Синий' });
      await cache.del('a');
      assert.equal(await cache.get('a'), undefined);
    });

    it('expires entries after their TTL', async () => {
      await cache.set('short', 1, 1);
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(await cache.get('short'), undefined);
    });

    it('a namespace invalidation makes every key of the namespace miss', async () => {
      const ns = new Namespace(cache, `matrix-${Date.now()}`);
      let loads = 0;
      const load = async () => ++loads;
      assert.equal(await ns.getOrLoad('cat:1', load), 1);
      assert.equal(await ns.getOrLoad('cat:1', load), 1);
      await ns.invalidate();
      assert.equal(await ns.getOrLoad('cat:1', load), 2);
    });
  });
}
