// Reused response bodies for pages assembled per request from cached bytes (a cached page with the
// visitor's CSRF token spliced in: Fastify sends one payload, so the parts are copied into one Buffer).
//
// Why not a fresh Buffer each time: a body over 4 KB is an ArrayBuffer outside V8's heap, and V8
// answers every ~64 MB of new external memory with a full mark-compact of the main heap. At ~5,600
// product pages/s (10.5 KB each) that was a 10–24 ms pause of the only thread that answers, every ~2 s
// (bench:storefront with --trace-incremental-marking: 20 of 44 marking starts were "external memory
// pressure"); every request in flight waited it out. A body goes back to the pool once its response
// has finished, i.e. was handed to the kernel, so nothing still reads it.
import type { ServerResponse } from 'node:http';

export interface BodyPool {
  /** A Buffer of exactly `size` bytes for `res`'s body, returned to the pool when `res` finishes. */
  take(size: number, res: ServerResponse): Buffer;
  /** buffers allocated since start (reuse keeps it flat under steady load) */
  readonly allocated: number;
}

const MIN_CLASS = 4 * 1024;

export function createBodyPool({ maxBytes = 256 * 1024, keepPerClass = 128 } = {}): BodyPool {
  // free buffers by size class (powers of two from 4 KB to maxBytes)
  const free = new Map<number, Buffer[]>();
  let allocated = 0;
  return {
    take(size, res) {
      if (size > maxBytes) return Buffer.allocUnsafe(size);
      let cls = MIN_CLASS;
      while (cls < size) cls *= 2;
      const list = free.get(cls) ?? free.set(cls, []).get(cls)!;
      let whole = list.pop();
      if (!whole) {
        // its own ArrayBuffer, never a slice of Node's shared pool (which others keep writing into)
        whole = Buffer.allocUnsafeSlow(cls);
        allocated++;
      }
      const buffer = whole;
      // only a response that finished gives its body back: one closed early may still have it queued
      // in a write, and is left to the garbage collector
      res.once('finish', () => {
        if (list.length < keepPerClass) list.push(buffer);
      });
      return buffer.subarray(0, size);
    },
    get allocated() {
      return allocated;
    },
  };
}
