// Items produced during one turn of the event loop, flushed together at its end (setImmediate).
// Why: each postMessage between threads wakes the receiving thread; a batch of jobs (or of answers)
// that arrive in the same turn costs one message and one wake-up instead of one per item.

export interface TurnBatch<T> {
  /** adds an item; the first of a turn schedules the flush */
  push(item: T): void;
}

export function turnBatch<T>(flush: (items: T[]) => void): TurnBatch<T> {
  let items: T[] = [];
  return {
    push(item) {
      if (items.push(item) > 1) return;
      setImmediate(() => {
        const batch = items;
        items = [];
        flush(batch);
      });
    },
  };
}
