import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

export function memoryCache(maxEntries: number, defaultTtlSeconds: number): Cache {
  const lru = new LRUCache<string, { v: unknown }>({ max: maxEntries, ttl: defaultTtlSeconds * 1000 });
  const counters = new Map<string, number>();
  return {
    kind: 'memory',
    async get<T>(key: string) {
      if (counters.has(key)) return counters.get(key) as T;
      return lru.get(key)?.v as T | undefined;
    },
    async set(key, value, ttl) {
      // structuredClone keeps callers from mutating a cached object, as Redis would
      lru.set(key, { v: structuredClone(value) }, ttl ? { ttl: ttl * 1000 } : undefined);
    },
    async del(...keys) {
      for (const k of keys) {
        lru.delete(k);
        counters.delete(k);
      }
    },
    async incr(key) {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    },
    async close() {
      lru.clear();
    },
  };
}
