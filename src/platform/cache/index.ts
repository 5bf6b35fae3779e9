import type { Config } from '../../config.js';
import type { Cache } from './cache.js';
import { memoryCache } from './memory.js';
import { redisCache } from './redis.js';

export { Namespace, type Cache } from './cache.js';

export function openCache(config: Config): Promise<Cache> {
  return config.redisUrl
    ? redisCache(config.redisUrl, config.cache.ttlSeconds)
    : Promise.resolve(memoryCache(config.cache.maxEntries, config.cache.ttlSeconds));
}
