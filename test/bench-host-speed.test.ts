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
  // compared with the process's CPU (all threads), not with the clock: on a busy machine a thread gets
  // less CPU than the time that passes, but both counts see the same work
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const [before, processBefore] = [threadSched()!, cpu()];
  // another thread busy for 300 ms while this one waits: that work is the process's, not this thread's
  const other = new Worker('const t = Date.now(); while (Date.now() - t < 300) {}', { eval: true });
  await new Promise((r) => other.once('exit', r));
  const [idle, processIdle] = [threadSched()!, cpu()];
  const mine = idle.run_ms - before.run_ms;
  const all = processIdle - processBefore;
  assert.ok(mine < all / 2, `this thread ran ${mine} ms of the process's ${all} ms while another thread worked`);
  // busy on this thread only: both counts see it
  let x = 0;
  for (let i = 0; i < 3e7; i++) x += Math.sqrt(i);
  assert.ok(x > 0);
  const busy = threadSched()!.run_ms - idle.run_ms;
  const busyAll = cpu() - processIdle;
  assert.ok(busy >= busyAll * 0.8 && busy <= busyAll * 1.2 + 5, `this thread ran ${busy} ms of the process's ${busyAll} ms of its own loop`);
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
