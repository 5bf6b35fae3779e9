// Product cards asked for in the same turn of the event loop are read with one statement.
//
// Why: on a busy storefront every page-cache miss is one card read, and the app's one thread pays
// per statement (a pooled checkout, the protocol messages, a socket write that wakes PostgreSQL,
// the reply's parsing) as much as for the card itself; PostgreSQL pays its per-statement overhead
// too. Requests that arrive together (the same poll phase) wait at most until the end of that turn
// (setImmediate), then share one round trip.
//
// `maxInFlight` bounds the statements out at once: keys asked for while that many are out wait for
// the first of them to answer and then leave together. Under light load nothing waits (a statement
// leaves at the end of its turn); under heavy load the batches grow with the load instead of each
// turn's one or two misses paying a statement of their own. On this 2-core VM a statement's socket
// write alone costs 60–130 µs (profiled at 1M, bench:storefront).

/** Loads many keys at once; must answer every key it found and may leave out the missing ones. */
export type BatchLoad<K, V> = (keys: K[]) => Promise<Map<K, V>>;

export interface Batcher<K, V> {
  /** The value of `key`, or undefined when the batch load did not find it. */
  load(key: K): Promise<V | undefined>;
}

type Waiter<V> = { resolve: (v: V | undefined) => void; reject: (e: unknown) => void };

/** `maxBatch` bounds one statement's size (a crawler burst must not build a 5,000-slug query). */
export function createBatcher<K, V>(loadMany: BatchLoad<K, V>, maxBatch = 64, maxInFlight = Infinity): Batcher<K, V> {
  let pending = new Map<K, Waiter<V>[]>();
  let scheduled = false;
  let inFlight = 0;

  function send(batch: Map<K, Waiter<V>[]>) {
    inFlight++;
    loadMany([...batch.keys()])
      .then(
        (found) => {
          for (const [k, waiters] of batch) for (const w of waiters) w.resolve(found.get(k));
        },
        (err) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
        },
      )
      .finally(() => {
        inFlight--;
        if (pending.size) flush();
      });
  }

  function flush() {
    scheduled = false;
    while (pending.size && inFlight < maxInFlight) {
      const batch = new Map<K, Waiter<V>[]>();
      for (const [k, waiters] of pending) {
        if (batch.size >= maxBatch) break;
        batch.set(k, waiters);
      }
      for (const k of batch.keys()) pending.delete(k);
      send(batch);
    }
  }

  return {
    load(key) {
      return new Promise<V | undefined>((resolve, reject) => {
        const waiting = pending.get(key);
        if (waiting) waiting.push({ resolve, reject });
        else pending.set(key, [{ resolve, reject }]);
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
