import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warmIndexing } from '../bench/index-warmup.js';
import type { SearchDocument, SearchEngine } from '../src/modules/search/engine.js';

/** An engine that only takes batches in (what warmIndexing drives), recording what happened to it. */
function scratchEngine() {
  const seen = { docs: 0, inits: 0, drops: 0, closes: 0 };
  const engine = {
    name: 'scratch',
    async init() {
      seen.inits++;
    },
    async reindex(batches: AsyncIterable<SearchDocument[]>) {
      for await (const b of batches) seen.docs += b.length;
    },
    async drop() {
      seen.drops++;
    },
    async close() {
      seen.closes++;
    },
  } as unknown as SearchEngine & { drop(): Promise<void> };
  return { engine, seen };
}

/** Batches of 10 documents; each takes `delayMs(elapsed)` to produce. */
async function* batches(count: number, delayMs: (elapsedMs: number) => number) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, delayMs(performance.now() - start)));
    yield Array.from({ length: 10 }, (_, j) => ({ product_id: i * 10 + j }) as unknown as SearchDocument);
  }
}

test('warmIndexing feeds the scratch index until the rate levels off, then drops it', async () => {
  const { engine, seen } = scratchEngine();
  // faster for the first 0.6 s (a JIT at work), then flat; far more batches than the warm-up needs
  const report = await warmIndexing(engine, batches(100_000, (t) => (t < 600 ? 12 - t / 60 : 3)), 1_000_000, {
    minSeconds: 0, maxSeconds: 20, windowSeconds: 0.1,
  });
  assert.ok(report.steady, JSON.stringify(report));
  assert.ok(report.windows_per_s.at(-1)! > report.windows_per_s[0]! * 1.5, JSON.stringify(report.windows_per_s));
  assert.equal(seen.docs, report.docs, 'every document counted was sent');
  assert.ok(report.docs < 1_000_000 && report.docs_per_s > 0);
  assert.deepEqual([seen.inits, seen.drops, seen.closes], [1, 1, 1]);
});

test('warmIndexing ends with the catalog when that runs out first, and reports it as not steady', async () => {
  const { engine, seen } = scratchEngine();
  // a compiler that never goes quiet (one core of it all along) keeps the warm-up going to the end
  const report = await warmIndexing(engine, batches(40, () => 5), 400, {
    minSeconds: 0, maxSeconds: 20, windowSeconds: 0.02, background: () => performance.now() / 1000,
  });
  assert.equal(report.steady, false);
  assert.equal(report.docs, 400);
  assert.ok(report.windows_per_s.length >= 3, `the curve so far is kept: ${JSON.stringify(report)}`);
  assert.ok(report.background_cores!.every((c) => c > 0.5), JSON.stringify(report.background_cores));
  assert.equal(seen.docs, 400);
  assert.deepEqual([seen.drops, seen.closes], [1, 1]);
});

test('warmIndexing drops the scratch index when the rebuild fails', async () => {
  const { engine, seen } = scratchEngine();
  engine.reindex = async () => {
    throw new Error('node down');
  };
  await assert.rejects(warmIndexing(engine, batches(1, () => 1), 10, { minSeconds: 0, maxSeconds: 1 }), /node down/);
  assert.deepEqual([seen.drops, seen.closes], [1, 1]);
});
