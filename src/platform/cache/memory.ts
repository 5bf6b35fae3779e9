import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

export type CounterListener = (key: string, value: number | undefined) => void;

/** The in-process cache. Its generation counters can be watched, so a thread of the same process that
 *  keeps its own copy of the data (the storefront's page threads) sees every invalidation. */
export interface MemoryCache extends Cache {
  readonly kind: 'memory';
  /** the counters now, and `listener` called for every later change (undefined: deleted) */
  watchCounters(listener: CounterListener): { counters: [string, number][]; stop(): void };
}

export const isMemoryCache = (c: Cache): c is MemoryCache => c.kind === 'memory' && 'watchCounters' in c;

export function memoryCache(maxEntries: number, defaultTtlSeconds: number): MemoryCache {
  const lru = new LRUCache<string, { v: unknown }>({ max: maxEntries, ttl: defaultTtlSeconds * 1000 });
  const counters = new Map<string, number>();
  const listeners = new Set<CounterListener>();
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
        if (counters.delete(k)) for (const l of listeners) l(k, undefined);
      }
    },
    async incr(key) {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      for (const l of listeners) l(key, n);
      return n;
    },
    watchCounters(listener) {
      listeners.add(listener);
      return { counters: [...counters], stop: () => listeners.delete(listener) };
    },
    async close() {
      lru.clear();
    },
  };
}
