// The cache of a thread that shares its process's in-process cache: the generation counters are a
// mirror of the owner's (kept current by the messages `watchCounters` sends), cached values are the
// thread's own. Values need no sharing: every key a module caches under a namespace embeds the
// namespace's generation, so a bump in the owner makes this thread's copies unreachable too.
import { memoryCache, type CounterListener } from './memory.js';
import type { Cache } from './cache.js';

export interface MirroredCache extends Cache {
  /** a counter change from the owner */
  apply: CounterListener;
}

/** `bump` asks the owner to increment a counter (its change then comes back through `apply`). */
export function mirroredCache(initial: [string, number][], maxEntries: number, ttlSeconds: number, bump: (key: string) => void): MirroredCache {
  const own = memoryCache(maxEntries, ttlSeconds);
  const counters = new Map(initial);
  return {
    kind: 'memory',
    async get<T>(key: string) {
      return (counters.has(key) ? counters.get(key) : await own.get<T>(key)) as T | undefined;
    },
    set: own.set,
    async del(...keys) {
      await own.del(...keys);
    },
    async incr(key) {
      // answered from the mirror at once; the owner's count, which may be higher, arrives by `apply`
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      bump(key);
      return n;
    },
    apply(key, value) {
      if (value === undefined) counters.delete(key);
      else if (value > (counters.get(key) ?? 0)) counters.set(key, value);
    },
    close: own.close,
  };
}
