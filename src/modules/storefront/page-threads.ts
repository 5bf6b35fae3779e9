// Anonymous product pages that miss the page cache are read and rendered on page threads.
//
// Why: the app answers from one thread, and at 1M products a shop's long tail makes a third or more
// of product views page-cache misses. A hit costs the main thread ~0.1 ms; a miss several times that
// (the card's statement and rows, JSON parsing, assembly, the template, UTF-8 encoding, the ETag),
// and every hit queued behind it waits. Measured at 1M with 50 connections (bench:storefront), the
// main thread ran at 95–99 % of a core while the machine had a quarter of its CPU idle. Moving only
// the template to a thread did not pay (ea21961, reverted): the card data's structured clone cost
// the main thread almost what the template saved. So the WHOLE miss moves: the job is a slug and
// the origin (a few bytes), the answer the page's bytes, transferred. The main thread keeps routing,
// the page cache (pinned before the job, so a change that lands meanwhile leaves the page
// stale-marked, never stale-trusted) and the sends.
//
// The embedded PGlite database can be opened by one thread only, so threads need server PostgreSQL
// (config: STOREFRONT_PAGE_THREADS). A thread that is starting, busy restarting or failing leaves
// its pages to the main thread: `product` answers null and the route renders in-process.
import { Worker } from 'node:worker_threads';
import { Counter } from 'prom-client';
import type { Config } from '../../config.js';
import { isMemoryCache } from '../../platform/cache/memory.js';
import type { PlatformDeps } from '../../platform/context.js';
import { turnBatch, type TurnBatch } from '../../platform/threads/turn-batch.js';
import type { EncodedPage } from './page-encoding.js';

export interface ThreadJob { id: number; slug: string; proto: string; host: string }
export interface ThreadSetup {
  config: Config;
  /** the in-process cache's counters to mirror; null when the cache is shared (Redis) */
  counters: [string, number][] | null;
}
export type ThreadAnswerMessage =
  | { type: 'page'; id: number; page: EncodedPage }
  | { type: 'notFound'; id: number }
  | { type: 'error'; id: number; message: string };
export type ThreadMessage =
  | { type: 'ready' }
  | { type: 'answers'; answers: ThreadAnswerMessage[] }
  | { type: 'incr'; key: string };

export type ThreadAnswer = { page: EncodedPage } | { notFound: true };

export interface PageThreads {
  /** the product page rendered on a thread, or null when no thread can take it now */
  product(slug: string, proto: string, host: string): Promise<ThreadAnswer | null>;
  /** resolves once every thread has started and can take pages */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  pending: Map<number, { resolve(a: ThreadAnswer | null): void }>;
  /** jobs of this turn of the event loop, posted together at its end (one message, one wake-up) */
  outbox: TurnBatch<ThreadJob>;
  stopWatching(): void;
}

const RESTART_DELAY_MS = 1_000;
/** V8's young generation of a page thread (3 × the semi-space: 64 MB semi-spaces, as `npm start` gives
 *  the main thread with --max-semi-space-size=64). A miss allocates short-lived rows, strings and
 *  template output; with the default 16 MB semi-spaces GC was 10.5 % of the thread's busy time at 1M
 *  (CPU profile), 6.3 % with these. Measured at 1M (bench:storefront, 3 pairs of
 *  runs): uncached product pages 2,123–2,253 against 1,669–1,891 req/s, app CPU per page ~0.51
 *  against ~0.61 ms. Explicit, so it holds whatever flags the process was started with. */
const YOUNG_GENERATION_MB = 192;

export function startPageThreads({ config, cache, log, metrics }: PlatformDeps, threads: number): PageThreads {
  const slots: (Slot | null)[] = Array.from({ length: threads }, () => null);
  const pages = new Counter({
    name: 'vitrina_storefront_page_thread_pages_total',
    help: 'Anonymous product pages asked of the page threads, by outcome (unavailable: rendered on the main thread)',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });
  let readyWaiters: (() => void)[] = [];
  const allReady = () => slots.every((s) => s?.ready);
  let nextId = 0;
  let turn = 0;
  let closed = false;

  function start(i: number) {
    const memory = isMemoryCache(cache) ? cache : null;
    // the mirror's counters are sent before the worker exists and every change after, in order
    const queued: [string, number | undefined][] = [];
    let worker: Worker | null = null;
    const watch = memory?.watchCounters((key, value) => (worker ? worker.postMessage({ type: 'counter', key, value }) : queued.push([key, value])));
    worker = new Worker(new URL('./page-thread.mjs', import.meta.url), {
      workerData: { config, counters: watch?.counters ?? null } satisfies ThreadSetup,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    for (const [key, value] of queued) worker.postMessage({ type: 'counter', key, value });
    // an idle thread must not keep a finished process (a CLI, a test) alive
    worker.unref();
    const slot: Slot = {
      worker, ready: false, pending: new Map(), stopWatching: () => watch?.stop(),
      outbox: turnBatch((jobs) => slots.includes(slot) && slot.worker.postMessage({ type: 'jobs', jobs })),
    };
    slots[i] = slot;
    function settle(m: ThreadAnswerMessage) {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (!p) return;
      if (m.type === 'page') {
        pages.inc({ outcome: 'rendered' });
        p.resolve({ page: m.page });
      } else if (m.type === 'notFound') {
        pages.inc({ outcome: 'not_found' });
        p.resolve({ notFound: true });
      } else {
        pages.inc({ outcome: 'failed' });
        log.warn({ error: m.message }, 'page thread: render failed, rendering on the main thread');
        p.resolve(null);
      }
    }
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'ready') {
        slot.ready = true;
        if (allReady()) {
          for (const w of readyWaiters) w();
          readyWaiters = [];
        }
        return;
      }
      if (m.type === 'incr') {
        void cache.incr(m.key).catch((err: unknown) => log.warn({ err, key: m.key }, 'page thread: counter bump failed'));
        return;
      }
      for (const a of m.answers) settle(a);
    });
    // a thread that dies hands its pages back to the main thread and is started again
    const down = (err: Error) => {
      if (slots[i] !== slot) return;
      slots[i] = null;
      slot.stopWatching();
      for (const p of slot.pending.values()) p.resolve(null);
      slot.pending.clear();
      if (closed) return;
      log.error({ err }, 'page thread stopped; restarting');
      setTimeout(() => !closed && start(i), RESTART_DELAY_MS).unref();
    };
    worker.on('error', down);
    worker.on('exit', (code) => down(new Error(`page thread exited with code ${code}`)));
  }

  for (let i = 0; i < threads; i++) start(i);

  return {
    product(slug, proto, host) {
      // round robin over the ready threads
      for (let k = 0; k < threads; k++) {
        const slot = slots[(turn + k) % threads];
        if (!slot?.ready) continue;
        turn = (turn + k + 1) % threads;
        const id = nextId++;
        return new Promise((resolve) => {
          slot.pending.set(id, { resolve });
          slot.outbox.push({ id, slug, proto, host });
        });
      }
      pages.inc({ outcome: 'unavailable' });
      return Promise.resolve(null);
    },
    ready() {
      return allReady() ? Promise.resolve() : new Promise((resolve) => readyWaiters.push(resolve));
    },
    async close() {
      closed = true;
      await Promise.all(slots.map(async (slot, i) => {
        if (!slot) return;
        slots[i] = null;
        slot.stopWatching();
        for (const p of slot.pending.values()) p.resolve(null);
        // the thread closes its pool and cache, then exits; terminate is the backstop
        const exited = new Promise((resolve) => slot.worker.once('exit', resolve));
        slot.worker.postMessage({ type: 'close' });
        const timer = setTimeout(() => void slot.worker.terminate(), 5_000);
        await exited;
        clearTimeout(timer);
      }));
    },
  };
}
