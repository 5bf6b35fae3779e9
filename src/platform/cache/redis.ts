import { Redis } from 'ioredis';
import type { Cache } from './cache.js';

export async function redisCache(url: string, defaultTtlSeconds: number, prefix = 'vitrina:'): Promise<Cache> {
  const redis = new Redis(url, { keyPrefix: prefix, lazyConnect: true, maxRetriesPerRequest: 2 });
  // a lost connection surfaces as rejected commands (maxRetriesPerRequest) to the callers, who
  // decide; without a listener ioredis would print every reconnect attempt as an unhandled error
  redis.on('error', () => {});
  await redis.connect();
  return {
    kind: 'redis',
    async get<T>(key: string) {
      const raw = await redis.get(key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async set(key, value, ttl) {
      await redis.set(key, JSON.stringify(value), 'EX', ttl ?? defaultTtlSeconds);
    },
    async del(...keys) {
      if (keys.length) await redis.del(...keys);
    },
    async incr(key) {
      return redis.incr(key);
    },
    async close() {
      await redis.quit();
    },
  };
}
