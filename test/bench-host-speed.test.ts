import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { hostProbe, sampleHostSpeed, summarize, threadSched } from '../bench/host-speed.js';

const linux = existsSync('/proc/thread-self/schedstat');

test('summarize gives the samples lowest, median and highest, and the sampler own CPU', () => {
  assert.deepEqual(summarize([15.2, 14.1, 30.04, 14.9], 401.26), {
    samples: 4, cpu_ms_min: 14.1, cpu_ms_median: 14.9, cpu_ms_max: 30, own_cpu_ms: 401.3,
  });
  assert.deepEqual(summarize([], 12), { samples: 0, cpu_ms_min: null, cpu_ms_median: null, cpu_ms_max: null, own_cpu_ms: 12 });
});

test('threadSched counts the CPU time of this thread only', { skip: !linux && 'no /proc/thread-self/schedstat here' }, async () => {
  const before = threadSched()!;
  // another thread busy for 300 ms: none of that is this thread's
  const other = new Worker('const t = Date.now(); while (Date.now() - t < 300) {}', { eval: true });
  await new Promise((r) => other.once('exit', r));
  const idle = threadSched()!;
  assert.ok(idle.run_ms - before.run_ms < 200, `this thread ran ${idle.run_ms - before.run_ms} ms while it waited`);
  const t = performance.now();
  while (performance.now() - t < 100) {
    // busy on this thread
  }
  const busy = threadSched()!;
  assert.ok(busy.run_ms - idle.run_ms >= 50, `this thread ran ${busy.run_ms - idle.run_ms} ms of a 100 ms busy loop`);
});

test('hostProbe reads the clock and, on Linux, the CPU time and the wait of its own thread', () => {
  const r = hostProbe(0.25, 2);
  assert.ok(r.wall_ms > 0);
  if (!linux) return assert.deepEqual([r.cpu_ms, r.wait_ms], [null, null]);
  assert.ok(r.cpu_ms! > 0 && r.cpu_ms! <= r.wall_ms * 1.1 + 2, `cpu ${r.cpu_ms} ms within the ${r.wall_ms} ms it took`);
  assert.ok(r.wait_ms! >= 0);
});

test('sampleHostSpeed samples on its own thread, window by window, with what each window cost it', { skip: !linux && 'no /proc/thread-self/schedstat here' }, async () => {
  const sampler = sampleHostSpeed(200);
  try {
    const first = await sampler.window(); // its thread is up: start-up and the first sample
    assert.ok(first.own_cpu_ms > 0);
    await new Promise((r) => setTimeout(r, 1500));
    const s = await sampler.window();
    assert.ok(s.samples >= 4 && s.samples <= 9, `${s.samples} samples in 1.5 s at one per 200 ms`);
    assert.ok(s.cpu_ms_min! > 0 && s.cpu_ms_min! <= s.cpu_ms_median! && s.cpu_ms_median! <= s.cpu_ms_max!);
    assert.ok(s.own_cpu_ms >= s.cpu_ms_min! * s.samples, 'its own CPU covers at least the samples');
    const next = await sampler.window();
    assert.ok(next.samples <= 1, 'a window holds only the samples since the previous one');
  } finally {
    await sampler.stop();
  }
});
