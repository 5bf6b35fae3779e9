// A whole-table read model in process memory, valid for one generation of a cache namespace.
// Hot storefront reads (matrices, breadcrumbs) hit random keys across thousands of categories, so
// per-key caching misses on most first reads; a snapshot built in one or two set-based statements
// answers them all from memory. Any invalidation of the namespace (here, or by another process
// through Redis) makes the snapshot unusable; a rebuild then starts on the next read, and callers
// fall back to their per-key path until it is ready.
import type { Namespace } from './cache.js';

export interface Snapshot<T> {
  /** the current snapshot, or undefined (and a rebuild starts) when it is missing or stale */
  current(): Promise<T | undefined>;
  /** builds now and waits (used at start-up so the first buyers already hit memory) */
  build(): Promise<void>;
}

export function generationSnapshot<T>(ns: Namespace, load: () => Promise<T>, onError: (err: unknown) => void): Snapshot<T> {
  let held: { generation: string; value: T } | null = null;
  let building: Promise<void> | null = null;

  function rebuild(generation: string): Promise<void> {
    building ??= load()
      .then(async (value) => {
        // a change that landed while loading bumped the generation: this one is already stale
        if ((await ns.key('')) === generation) held = { generation, value };
      })
      .catch(onError)
      .finally(() => (building = null));
    return building;
  }

  return {
    async current() {
      const generation = await ns.key('');
      if (held?.generation === generation) return held.value;
      void rebuild(generation);
      return undefined;
    },
    async build() {
      await rebuild(await ns.key(''));
    },
  };
}
