// Indexing warm-up: a rebuild into a scratch index, untimed, before the measured rebuild.
//
// Why: a node just started runs its first rebuild on code it has not compiled yet. Measured on the 1M
// catalog (2026-12-07, bench:search-reindex on a node started 2 minutes before): the first 300k
// documents went at 6,772 docs/s while the JIT compiler threads worked for 24 s; the full rebuild
// after that reached 10,395 docs/s, and a third one 10,366 (JIT 3.3 s). Without the 300k first, a
// rebuild on a node just started made 9,616 docs/s and the next one 10,660 (session 29). So the first
// rebuild after a start measures the JVM's warm-up, not the engine's indexing rate. Benchmark tools
// for these engines exclude that phase the same way: Rally's and OpenSearch Benchmark's bulk tasks
// carry `"warmup-time-period": 120`, whose samples do not count.
//
// How: documents from the catalog, from the start, in the bench's batch size, into an engine of its own
// index prefix; it stops feeding them once steady.ts says the rate has levelled off and the node's
// compilers are quiet (or at `maxSeconds`, or when the catalog runs out), then drops its indices. The
// report keeps the curve, so the cold rate stays visible in the result.
import type { SearchDocument, SearchEngine } from '../src/modules/search/engine.js';
import { SteadyWatch, type WarmupOptions, type WarmupReport } from './steady.js';

export interface IndexWarmupReport extends WarmupReport {
  docs: number;
  docs_per_s: number;
}

/** Rebuilds `scratch` from `batches` until the rate is steady; `scratch` is then dropped and closed. */
export async function warmIndexing(
  scratch: SearchEngine & { drop(): Promise<void> },
  batches: AsyncIterable<SearchDocument[]>,
  total: number,
  limits: WarmupOptions,
): Promise<IndexWarmupReport> {
  const watch = new SteadyWatch(limits);
  let report = await watch.begin();
  let docs = 0;
  const t = performance.now();
  async function* untilSteady() {
    if (report) return;
    for await (const b of batches) {
      yield b;
      docs += b.length;
      report = await watch.add(b.length);
      if (report) return;
    }
  }
  try {
    await scratch.init();
    await scratch.reindex(untilSteady(), total);
  } finally {
    await scratch.drop();
    await scratch.close();
  }
  const seconds = (performance.now() - t) / 1000;
  // the catalog ran out before the rate levelled off: a warm-up cut short
  const done = report ?? watch.report(false);
  return { ...done, docs, docs_per_s: seconds > 0 ? Math.round(docs / seconds) : 0 };
}
