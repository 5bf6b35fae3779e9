// `node --import ./scripts/heap-sample.mjs …` (or BENCH_SERVER_NODE_ARGS="--import ./scripts/heap-sample.mjs")
//
// Samples the main thread's allocations — objects garbage-collected since included, unlike
// `node --heap-prof`, which keeps only what is still alive — and writes them for
// scripts/profile-summary.mjs: where the bytes that keep the GC busy come from. Environment:
//   HEAP_SAMPLE_FILE     where to write (default heap-<pid>.heapprofile in the working directory)
//   HEAP_SAMPLE_START_S  seconds after start before sampling begins (skip start-up and warm-up; default 0)
//   HEAP_SAMPLE_STOP_S   seconds after start at which it stops and writes (default: at SIGINT/SIGTERM,
//                        at exit, or when a parent process sends the message 'rss' or 'stop', as
//                        bench:storefront does to its app when the load is over)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const file = process.env.HEAP_SAMPLE_FILE ?? `heap-${process.pid}.heapprofile`;
  const session = new Session();
  session.connect();
  let state = 'waiting';
  const start = () => {
    if (state !== 'waiting') return;
    state = 'sampling';
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  };
  // the inspector session answers in the same thread, synchronously: safe to call from exit handlers
  const stop = () => {
    if (state !== 'sampling') return;
    state = 'written';
    session.post('HeapProfiler.stopSampling', (err, result) => {
      if (err) return console.error(`heap-sample: ${err.message}`);
      writeFileSync(file, JSON.stringify(result.profile));
      console.error(`heap-sample: wrote ${file}`);
    });
  };
  const delay = Number(process.env.HEAP_SAMPLE_START_S ?? 0) * 1000;
  if (delay > 0) setTimeout(start, delay).unref();
  else start();
  if (process.env.HEAP_SAMPLE_STOP_S) setTimeout(stop, Number(process.env.HEAP_SAMPLE_STOP_S) * 1000).unref();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stop();
      process.kill(process.pid, signal);
    });
  }
  process.on('exit', stop);
  process.on('message', (m) => {
    if (m === 'rss' || m === 'stop') stop();
  });
}
