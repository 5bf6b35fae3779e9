// Product cards asked for in the same turn of the event loop are read with one statement.
//
// Why: on a busy storefront every page-cache miss is one card read, and the app's one thread pays
// per statement (a pooled checkout, the protocol messages, a socket write that wakes PostgreSQL,
// the reply's parsing) as much as for the card itself; PostgreSQL pays its per-statement overhead
// too. Requests that arrive together (the same poll phase) wait at most until the end of that turn
// (setImmediate), then share one round trip.

/** Loads many keys at once; must answer every key it found and may leave out the missing ones. */
export type BatchLoad<K, V> = (keys: K[]) => Promise<Map<K, V>>;

export interface Batcher<K, V> {
  /** The value of `key`, or undefined when the batch load did not find it. */
  load(key: K): Promise<V | undefined>;
}

/** `maxBatch` bounds one statement's size (a crawler burst must not build a 5,000-slug query). */
export function createBatcher<K, V>(loadMany: BatchLoad<K, V>, maxBatch = 64): Batcher<K, V> {
  let pending = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  let scheduled = false;

  function flush() {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += maxBatch) {
      const part = keys.slice(i, i + maxBatch);
      loadMany(part).then(
        (found) => {
          for (const k of part) for (const w of batch.get(k)!) w.resolve(found.get(k));
        },
        (err) => {
          for (const k of part) for (const w of batch.get(k)!) w.reject(err);
        },
      );
    }
  }

  return {
    load(key) {
      return new Promise<V | undefined>((resolve, reject) => {
        const waiting = pending.get(key);
        if (waiting) waiting.push({ resolve, reject });
        else pending.set(key, [{ resolve, reject }]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
